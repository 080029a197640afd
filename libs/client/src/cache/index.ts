export * from './backoff';
export * from './indexer';
export * from './lister-watcher';
export * from './object-key';
export * from './reflector';
export * from './shared-informer';
