// Event expiry: Kubernetes keeps events for --event-ttl (one hour) through etcd lease TTLs; here a
// sweep deletes events whose last activity is older than the TTL.
import type { Event } from '@groundkube/api';
import { isApiError } from '../../api-errors';
import type { Registries } from '../../registries';

export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;

export interface EventExpiryOptions {
  readonly ttlMs?: number;
  /** Pause between sweeps. */
  readonly intervalMs?: number;
}

/** The event's last activity: the newest of its timestamps, in ms since the epoch. */
export function lastActivity(event: Event): number {
  const times = [event.lastTimestamp, event.eventTime, event.firstTimestamp, event.metadata.creationTimestamp]
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return times.length > 0 ? Math.max(...times) : 0;
}

export class EventExpiry {
  private readonly ttlMs: number;
  private readonly intervalMs: number;

  constructor(
    private readonly registries: Registries,
    options: EventExpiryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_EVENT_TTL_MS;
    this.intervalMs = options.intervalMs ?? 60_000;
  }

  /** Sweeps until `signal` aborts; a failed sweep is logged and retried on the next. */
  async run(signal: AbortSignal): Promise<void> {
    const log = this.registries.logger.child({ task: 'event-expiry' });
    while (!signal.aborted) {
      try {
        const expired = await this.sweep(signal);
        if (expired > 0) log.debug({ expired }, 'Expired events deleted');
      } catch (err) {
        if (signal.aborted) break;
        log.warn({ err }, 'Event expiry sweep failed');
      }
      try {
        await this.registries.clock.sleep(this.intervalMs, signal);
      } catch {
        break;
      }
    }
  }

  /** Deletes every event idle for longer than the TTL; returns how many. */
  async sweep(signal: AbortSignal): Promise<number> {
    const events = this.registries.stores.events;
    const cutoff = this.registries.clock.now() - this.ttlMs;
    const all = await events.list({ namespace: '', signal }, {});
    let expired = 0;
    for (const event of all.items as Event[]) {
      if (lastActivity(event) >= cutoff) continue;
      const ctx = { namespace: event.metadata.namespace ?? '', signal };
      try {
        // The resourceVersion precondition spares an event that was renewed after we listed it.
        await events.delete(
          ctx,
          event.metadata.name ?? '',
          { preconditions: { resourceVersion: event.metadata.resourceVersion ?? '' } },
          {},
        );
        expired++;
      } catch (err) {
        if (isApiError(err) && (err.code === 404 || err.code === 409)) continue;
        throw err;
      }
    }
    return expired;
  }
}
