// The registry: what the HTTP endpoints call to store and read API objects.
export * from './api-errors';
export type * from './rest';
export { createRegistries, DEFAULT_SERVICE_CLUSTER_IP_RANGE } from './registries';
export { ServiceCIDR } from './core/service/cluster-ip';
export type { Registries, RegistriesOptions, RegistryEntry } from './registries';
export { ensureSystemNamespaces, SYSTEM_NAMESPACES } from './system-namespaces';
export { NamespaceFinalizer } from './core/namespace/finalizer';
export type { NamespaceFinalizerOptions, SweepResult } from './core/namespace/finalizer';
export { IMMORTAL_NAMESPACES, NAMESPACE_NAME_LABEL } from './core/namespace/strategy';
export { GenericStore } from './generic/store';
export type { GenericStoreOptions } from './generic/store';
export { StatusStore } from './generic/subresource-store';
export { INITIAL_EVENTS_END_ANNOTATION } from './generic/watch-stream';
export { toApiError, MODIFIED_CONFLICT } from './storage-errors';
export type { ResourceStrategy, StrategyContext } from './strategy';
export type { FieldError, FieldErrorType } from './validation/field-errors';
export { defaultPullPolicy } from './core/pod/defaults';
