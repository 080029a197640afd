// The namespace finalizer: empties every namespace that is being deleted, records on its status
// what is still in it (./deletion-conditions), then takes the "kubernetes" finalizer off it, which
// completes its deletion. Kubernetes runs this as the
// namespace controller in kube-controller-manager; here it is a loop beside the registries.
import type { Namespace } from '@groundkube/api';
import type { Registries } from '../../registries';
import type { RequestContext } from '../../rest';
import { rfc3339 } from '../../generic/object-meta';
import { deletionFailures, updateDeletionConditions, type ContentEstimate } from './deletion-conditions';
import { KUBERNETES_FINALIZER, namespaceFinalizeStrategy, namespaceStatusStrategy } from './strategy';

export interface NamespaceFinalizerOptions {
  /** Pause between sweeps; pods in graceful deletion keep a namespace waiting that long. */
  readonly intervalMs?: number;
}

export interface SweepResult {
  /** Namespaces whose deletion completed in this sweep. */
  readonly removed: string[];
  /** Namespaces still waiting for objects to go (pods in their grace period). */
  readonly waiting: string[];
}

export class NamespaceFinalizer {
  private readonly intervalMs: number;

  constructor(
    private readonly registries: Registries,
    options: NamespaceFinalizerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 2_000;
  }

  /** Sweeps until `signal` aborts; failures of one sweep are logged and retried on the next. */
  async run(signal: AbortSignal): Promise<void> {
    const log = this.registries.logger.child({ task: 'namespace-finalizer' });
    log.info('Namespace finalizer started');
    // A namespace marked for deletion cuts the pause short, so deleting one takes no extra tick.
    let wake: (() => void) | undefined;
    const unsubscribe = this.registries.onNamespaceDeleting(() => wake?.());
    try {
      while (!signal.aborted) {
        try {
          await this.sweep(signal);
        } catch (err) {
          if (signal.aborted) break;
          log.warn({ err }, 'Namespace sweep failed');
        }
        const pause = new AbortController();
        wake = () => pause.abort();
        try {
          await this.registries.clock.sleep(this.intervalMs, AbortSignal.any([signal, pause.signal]));
        } catch {
          if (signal.aborted) break;
        } finally {
          wake = undefined;
        }
      }
    } finally {
      unsubscribe();
    }
    log.info('Namespace finalizer stopped');
  }

  /** One pass over every terminating namespace. */
  async sweep(signal: AbortSignal): Promise<SweepResult> {
    const { namespaces } = this.registries.stores;
    const all = await namespaces.list({ namespace: '', signal }, {});
    const removed: string[] = [];
    const waiting: string[] = [];
    for (const item of all.items as Namespace[]) {
      if (!item.metadata.deletionTimestamp) continue;
      const name = item.metadata.name ?? '';
      if (await this.finalize(name, signal)) removed.push(name);
      else waiting.push(name);
    }
    return { removed, waiting };
  }

  /**
   * Deletes what is in `name` and records on its status what is left (the deletion conditions);
   * once it is empty, removes the finalizer. True when the namespace is gone.
   */
  private async finalize(name: string, signal: AbortSignal): Promise<boolean> {
    const estimate = await this.deleteContent(name, signal);
    await this.recordConditions(name, estimate, signal);
    if (estimate.deleteErrors.length > 0 || estimate.remainingByResource.size > 0) return false;

    const result = await this.registries.stores.namespaces.updateWith(
      namespaceFinalizeStrategy,
      { namespace: '', signal },
      name,
      (live) => {
        const ns = structuredClone(live) as Namespace;
        const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER);
        ns.spec = { ...(ns.spec ?? {}), finalizers };
        return ns;
      },
      {},
    );
    const ns = result.object as Namespace;
    this.registries.logger.info({ namespace: name }, 'Namespace emptied and finalized');
    return (ns.spec?.finalizers?.length ?? 0) === 0;
  }

  /** Deletes every namespaced resource in `name` and counts what remains, by resource and by finalizer. */
  private async deleteContent(name: string, signal: AbortSignal): Promise<ContentEstimate> {
    const ctx: RequestContext = { namespace: name, signal };
    const remainingByResource = new Map<string, number>();
    const remainingByFinalizer = new Map<string, number>();
    const deleteErrors: string[] = [];
    for (const store of this.registries.stores.namespaced) {
      try {
        await store.deleteCollection(ctx, {}, {}, {});
      } catch (err) {
        if (signal.aborted) throw err;
        // As the controller does: note the failure, go on with the other resources, retry next sweep.
        deleteErrors.push(err instanceof Error ? err.message : String(err));
        continue;
      }
      const left = (await store.list(ctx, {})).items;
      if (left.length === 0) continue;
      remainingByResource.set(`${store.resource}.${store.group}`, left.length);
      for (const item of left)
        for (const finalizer of item.metadata.finalizers ?? [])
          remainingByFinalizer.set(finalizer, (remainingByFinalizer.get(finalizer) ?? 0) + 1);
    }
    return { remainingByResource, remainingByFinalizer, deleteErrors };
  }

  /** Writes the deletion conditions through the status strategy, when they changed. */
  private async recordConditions(
    name: string,
    estimate: ContentEstimate,
    signal: AbortSignal,
  ): Promise<void> {
    const failures = deletionFailures(estimate);
    const now = rfc3339(this.registries.clock.now());
    await this.registries.stores.namespaces.updateWith(
      namespaceStatusStrategy,
      { namespace: '', signal },
      name,
      (live) => {
        // Absent only if the namespace went meanwhile; the store then answers NotFound.
        const ns = structuredClone(live ?? { metadata: { name } }) as Namespace;
        const { conditions, changed } = updateDeletionConditions(ns.status?.conditions ?? [], failures, now);
        // Unchanged, the object equals the stored one and storage skips the write.
        if (changed) ns.status = { ...(ns.status ?? {}), conditions };
        return ns;
      },
      {},
    );
  }
}
