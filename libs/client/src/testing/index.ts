export * from './fake-lister-watcher';
