// The loops that keep stored objects in shape between requests: namespace finalization and event
// expiry. Kubernetes runs them in kube-controller-manager and as etcd lease TTLs.
import { EventExpiry, type EventExpiryOptions } from './core/event/expiry';
import { NamespaceFinalizer, type NamespaceFinalizerOptions } from './core/namespace/finalizer';
import type { Registries } from './registries';

export interface RegistryLoopsOptions {
  readonly namespaceFinalizer?: NamespaceFinalizerOptions;
  readonly eventExpiry?: EventExpiryOptions;
}

/** Runs every loop until `signal` aborts; resolves once all have stopped. Failures are logged, not thrown. */
export async function runRegistryLoops(
  registries: Registries,
  signal: AbortSignal,
  options: RegistryLoopsOptions = {},
): Promise<void> {
  await Promise.all([
    new NamespaceFinalizer(registries, options.namespaceFinalizer).run(signal),
    new EventExpiry(registries, options.eventExpiry).run(signal),
  ]);
}
