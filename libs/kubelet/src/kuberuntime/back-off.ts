import { type Clock, realClock } from '@groundkube/client';

export interface BackOffOptions {
  /** First delay; Kubernetes' crash loop uses 10 s. */
  initialMs?: number;
  /** Delays double up to this; Kubernetes uses 300 s. */
  maxMs?: number;
  clock?: Clock;
}

interface Entry {
  delayMs: number;
  /** When the delay last grew. */
  lastUpdate: number;
}

/**
 * Per-key exponential back-off with Kubernetes' crash-loop semantics (flowcontrol.Backoff): the first
 * restart is immediate (`next` records a 10 s delay), each further restart within the back-off window
 * waits the current delay, which doubles up to the max. An entry untouched for twice the max (10 minutes
 * with defaults, i.e. the container ran fine that long) is forgotten, so the next crash starts over.
 * Keys are opaque; the runtime manager uses `<pod uid>/<container name>`.
 */
export class BackOff {
  readonly initialMs: number;
  readonly maxMs: number;
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry>();

  constructor(options: BackOffOptions = {}) {
    this.initialMs = options.initialMs ?? 10_000;
    this.maxMs = options.maxMs ?? 300_000;
    this.clock = options.clock ?? realClock;
  }

  /** The current delay for `key`, 0 if none. */
  get(key: string): number {
    return this.entries.get(key)?.delayMs ?? 0;
  }

  /**
   * Whether an event at `eventTime` (e.g. the container's finish) is still inside the back-off window, i.e.
   * a restart now must wait. Returns the remaining milliseconds, or 0 when a restart may go ahead.
   */
  remaining(key: string, eventTime: Date): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const now = this.clock.now();
    if (this.expired(entry, now)) return 0;
    const elapsed = now - eventTime.getTime();
    return Math.max(0, entry.delayMs - elapsed);
  }

  /** Records a restart at `eventTime`: starts the delay at the initial value or doubles it. */
  next(key: string, eventTime: Date): void {
    const at = eventTime.getTime();
    const entry = this.entries.get(key);
    if (!entry || this.expired(entry, at)) {
      this.entries.set(key, { delayMs: this.initialMs, lastUpdate: this.clock.now() });
      return;
    }
    entry.delayMs = Math.min(entry.delayMs * 2, this.maxMs);
    entry.lastUpdate = this.clock.now();
  }

  /** When `key`'s delay last grew (e.g. the last failed pull), if it has an entry. */
  lastUpdate(key: string): Date | undefined {
    const entry = this.entries.get(key);
    return entry ? new Date(entry.lastUpdate) : undefined;
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every key that starts with `prefix` (e.g. a deleted pod's uid). */
  resetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** Forgets entries that have expired, to bound memory; call from housekeeping. */
  gc(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (this.expired(entry, now)) this.entries.delete(key);
  }

  private expired(entry: Entry, at: number): boolean {
    return at - entry.lastUpdate > 2 * this.maxMs;
  }
}
