export * from './app-process';
export * from './etcd-server';
export * from './kubectl-home';
export * from './poll';
export * from './real-kubectl';
