// Server-side printing: meta.k8s.io/v1 Tables for `kubectl get`.
export { tableForList, tableForObject } from './table';
export type { TableOptions } from './table';
export { createWatchTableEncoder } from './watch-table';
export type { WatchTableEncoder, WatchTableOptions } from './watch-table';
export { parseIncludeObject, partialObjectMetadata } from './include-object';
export type { IncludeObjectPolicy } from './include-object';
export { acceptsTable, parseAccept } from './table-accept';
export type { MediaRange } from './table-accept';
export { printerFor } from './printer-registry';
export type { PrintedResource } from './printer-registry';
export type { ResourcePrinter, PrintContext, TableRowCondition } from './resource-printer';
export { humanDuration, timestampSince } from './human-duration';
export { summarisePod } from './pod-printer';
export { nodeStatus, nodeRoles } from './node-printer';
export * from './errors';
