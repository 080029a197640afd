// The namespace finalizer: empties every namespace that is being deleted, then takes the
// "kubernetes" finalizer off it, which completes its deletion. Kubernetes runs this as the
// namespace controller in kube-controller-manager; here it is a loop beside the registries.
import type { Namespace } from '@groundkube/api';
import type { Registries } from '../../registries';
import type { RequestContext } from '../../rest';
import { KUBERNETES_FINALIZER, namespaceFinalizeStrategy } from './strategy';

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

  /** Deletes what is in `name`; once it is empty, removes the finalizer. True when the namespace is gone. */
  private async finalize(name: string, signal: AbortSignal): Promise<boolean> {
    const ctx: RequestContext = { namespace: name, signal };
    let remaining = 0;
    for (const store of this.registries.stores.namespaced) {
      await store.deleteCollection(ctx, {}, {}, {});
      remaining += (await store.list(ctx, {})).items.length;
    }
    if (remaining > 0) return false;

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
}
