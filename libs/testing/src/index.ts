export * from './etcd-server';
export * from './real-kubectl';
