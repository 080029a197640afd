export * from './etcd-server';
