// Every served resource, built over one Storage: the lookup the HTTP endpoints route through.
import { realClock, type Clock } from '@groundkube/client';
import type { Storage } from '@groundkube/storage';
import type { Logger } from 'pino';
import { CustomResourceDefinitionRegistry } from './apiextensions/custom-resource-definitions';
import { leaseStrategy } from './coordination/lease/strategy';
import { eventStrategy } from './core/event/strategy';
import {
  namespaceFinalizeStrategy,
  namespaceStatusStrategy,
  namespaceStrategy,
} from './core/namespace/strategy';
import { nodeStatusStrategy, nodeStrategy } from './core/node/strategy';
import { BindingStore } from './core/pod/binding';
import { EvictionStore } from './core/pod/eviction';
import { podStatusStrategy, podStrategy } from './core/pod/strategy';
import { ServiceCIDR } from './core/service/cluster-ip';
import { ServiceStore } from './core/service/service-store';
import { serviceStrategy } from './core/service/strategy';
import { NamespaceLifecycle } from './generic/namespace-lifecycle';
import { rfc3339 } from './generic/object-meta';
import { GenericStore } from './generic/store';
import { StatusStore } from './generic/subresource-store';
import type { ResourceRegistry } from './rest';
import type { ResourceStrategy } from './strategy';

export interface RegistriesOptions {
  readonly storage: Storage;
  /** Time for timestamps, grace periods, bookmarks and watch timeouts; the real clock by default. */
  readonly clock?: Clock | undefined;
  /** Already bound to a component by the caller (`registry`); stores add `resource`, loops `task`. */
  readonly logger: Logger;
  /** Interval of BOOKMARK events on watches that allow them (default one minute). */
  readonly bookmarkIntervalMs?: number | undefined;
  /** --service-cluster-ip-range: where service cluster IPs come from (Kubernetes' default 10.0.0.0/24). */
  readonly serviceClusterIPRange?: string | undefined;
}

export const DEFAULT_SERVICE_CLUSTER_IP_RANGE = '10.0.0.0/24';

export interface RegistryEntry {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  /** '' for the main resource. */
  readonly subresource: string;
  readonly registry: ResourceRegistry;
}

export interface Registries {
  /** The registry serving `resource` (and `subresource`, if given) of `group`, or undefined. */
  lookup(group: string, resource: string, subresource?: string): ResourceRegistry | undefined;
  readonly entries: readonly RegistryEntry[];
  /** The main stores, for server-internal callers (system namespaces, the namespace finalizer). */
  readonly stores: {
    readonly namespaces: GenericStore;
    readonly pods: GenericStore;
    readonly events: GenericStore;
    /** Every namespaced main store: what deleting a namespace must empty. */
    readonly namespaced: readonly GenericStore[];
  };
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Calls `listener` with the name of each namespace marked for deletion through these registries,
   * so the namespace finalizer can start at once rather than on its next tick. Returns an unsubscribe.
   */
  onNamespaceDeleting(listener: (name: string) => void): () => void;
}

export function createRegistries(options: RegistriesOptions): Registries {
  const clock = options.clock ?? realClock;
  const { storage, logger } = options;
  const namespaceLifecycle = new NamespaceLifecycle(storage, clock);
  const deletingListeners = new Set<(name: string) => void>();
  const clusterIPRange = new ServiceCIDR(options.serviceClusterIPRange ?? DEFAULT_SERVICE_CLUSTER_IP_RANGE);
  const store = (group: string, resource: string, kind: string, strategy: ResourceStrategy): GenericStore =>
    new GenericStore({
      group,
      version: 'v1',
      resource,
      kind,
      strategy,
      storage,
      clock,
      logger,
      namespaceLifecycle: strategy.namespaced ? namespaceLifecycle : undefined,
      bookmarkIntervalMs: options.bookmarkIntervalMs,
    });

  const namespaces = new GenericStore({
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    strategy: namespaceStrategy,
    storage,
    clock,
    logger,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    // Creates in a namespace being deleted must be refused from now on, not after a cache expires.
    onDeleting: (ns) => {
      const name = ns.metadata.name ?? '';
      namespaceLifecycle.forget(name);
      for (const listener of deletingListeners) listener(name);
    },
  });
  const nodes = store('', 'nodes', 'Node', nodeStrategy);
  const pods = store('', 'pods', 'Pod', podStrategy);
  const events = store('', 'events', 'Event', eventStrategy);
  const services = new ServiceStore({
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    strategy: serviceStrategy,
    storage,
    clock,
    logger,
    namespaceLifecycle,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    clusterIPRange,
  });
  const leases = store('coordination.k8s.io', 'leases', 'Lease', leaseStrategy);

  const entry = (
    registry: ResourceRegistry,
    group: string,
    resource: string,
    subresource = '',
  ): RegistryEntry => ({
    group,
    version: 'v1',
    resource,
    subresource,
    registry,
  });
  const entries: RegistryEntry[] = [
    entry(namespaces, '', 'namespaces'),
    entry(new StatusStore(namespaces, namespaceStatusStrategy), '', 'namespaces', 'status'),
    entry(new StatusStore(namespaces, namespaceFinalizeStrategy, 'finalize'), '', 'namespaces', 'finalize'),
    entry(nodes, '', 'nodes'),
    entry(new StatusStore(nodes, nodeStatusStrategy), '', 'nodes', 'status'),
    entry(pods, '', 'pods'),
    entry(new StatusStore(pods, podStatusStrategy), '', 'pods', 'status'),
    entry(new BindingStore(pods, () => rfc3339(clock.now())), '', 'pods', 'binding'),
    entry(new EvictionStore(pods), '', 'pods', 'eviction'),
    entry(events, '', 'events'),
    entry(services, '', 'services'),
    entry(leases, 'coordination.k8s.io', 'leases'),
    entry(new CustomResourceDefinitionRegistry(storage), 'apiextensions.k8s.io', 'customresourcedefinitions'),
  ];
  const byKey = new Map(entries.map((e) => [`${e.group}/${e.resource}/${e.subresource}`, e.registry]));

  return {
    lookup: (group, resource, subresource = '') => byKey.get(`${group}/${resource}/${subresource}`),
    entries,
    stores: { namespaces, pods, events, namespaced: [pods, events, services, leases] },
    clock,
    logger,
    onNamespaceDeleting(listener) {
      deletingListeners.add(listener);
      return () => deletingListeners.delete(listener);
    },
  };
}
