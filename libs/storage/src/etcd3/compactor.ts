// Periodic compaction of etcd's history, as the Kubernetes API server does it: every interval,
// compact up to the revision seen one interval earlier, so watchers always have at least one
// interval of history to resume from, and etcd's database stops growing with every write.
import type { Logger } from 'pino';
import type { Etcd3Storage } from './etcd3-storage';

/** Kubernetes' --etcd-compaction-interval default. */
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

export interface CompactorOptions {
  readonly storage: Etcd3Storage;
  readonly logger: Logger;
  readonly intervalMs?: number;
  /** Waits `ms`, rejecting when `signal` aborts (an injected clock in tests). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class Etcd3Compactor {
  private readonly intervalMs: number;
  private readonly log: Logger;
  /** The revision read at the previous tick: what the next tick compacts to. */
  private pending: number | undefined;

  constructor(private readonly options: CompactorOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
    this.log = options.logger.child({ task: 'etcd-compactor' });
  }

  /** Ticks until `signal` aborts; a failed tick is logged and the next one tries again. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.options.sleep(this.intervalMs, signal);
      } catch {
        break;
      }
      try {
        await this.tick();
      } catch (err) {
        if (!signal.aborted) this.log.warn({ err }, 'etcd compaction failed');
      }
    }
  }

  /** Compacts to the revision of the previous tick (if any); returns that revision. */
  async tick(): Promise<number | undefined> {
    const target = this.pending;
    this.pending = await this.options.storage.currentRevision();
    if (target === undefined) return undefined;
    try {
      await this.options.storage.client.kv.compact({ revision: target });
      this.log.debug({ revision: target }, 'etcd compacted');
    } catch (err) {
      // Another API server (or an operator) compacted past it already: nothing left to do.
      if (!(err instanceof Error && err.message.includes('compacted'))) throw err;
    }
    return target;
  }
}
