// The HTTP API server: startApiServer wires etcd storage, the registries and the express app.
export { startApiServer } from './server/api-server';
export type { ApiServer, ApiServerOptions } from './server/api-server';
export { StorageUnreachableError } from './server/storage-wait';
export { createApiApp } from './server/api-app';
export type { ApiAppDeps } from './server/api-app';
export type { BuildInfo } from './server/discovery-routes';
export type { RegistryLookup } from './endpoints/resource-endpoint';
export { createRequestMetrics } from './metrics/request-metrics';
export type { RequestMetrics, RequestSample } from './metrics/request-metrics';
// The registry: ResourceRegistry implementations over Storage, createRegistries, ensureSystemNamespaces.
export * from './registry';
