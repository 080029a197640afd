// Storage: the seam between the API server's registry and etcd.
export * from './errors';
export type * from './storage';
export { Etcd3Storage, parseRevision } from './etcd3/etcd3-storage';
export type { Etcd3StorageOptions } from './etcd3/etcd3-storage';
export { MemoryStorage } from './memory/memory-storage';
export { encodeContinue, decodeContinue } from './continue-token';
export type { ContinuePosition } from './continue-token';
export { Etcd3Compactor, DEFAULT_COMPACTION_INTERVAL_MS } from './etcd3/compactor';
export type { CompactorOptions } from './etcd3/compactor';
