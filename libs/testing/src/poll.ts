// Waiting in tests for something outside the test process (a server answering, a pod running): a probe is
// called again and again until it has an answer or the time is up.

/** Thrown by a probe to end `until` at once with this error (e.g. the process it waits for has exited). */
export class StopPolling extends Error {}

export interface PollOptions {
  /** How long to keep trying before failing. */
  readonly timeoutMs: number;
  /** The pause between two probes. */
  readonly intervalMs?: number;
  /** Whether a probe that throws is tried again (the default) or ends the wait with its error. */
  readonly retryErrors?: boolean;
  /** Injected for unit tests; defaults to Date.now. */
  readonly now?: () => number;
  /** Injected for unit tests; defaults to a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until it returns a value other than undefined, and returns that value. A probe that throws
 * is tried again (its last error goes into the timeout message), unless it throws a StopPolling or
 * `retryErrors` is false.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const { timeoutMs, intervalMs = 250, retryErrors = true, now = Date.now, sleep = realSleep } = options;
  const deadline = now() + timeoutMs;
  let last = '';
  while (now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (err instanceof StopPolling || !retryErrors) throw err;
      last = `: ${String(err)}`;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last}`);
}
