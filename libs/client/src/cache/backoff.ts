// Exponential backoff between retries of a failing call (lists, watches, status writes).

export interface BackoffOptions {
  /** First delay. Default 500 ms. */
  initialMs?: number;
  /** Ceiling. Default 30 s. */
  maxMs?: number;
  /** Growth per failure. Default 2. */
  factor?: number;
  /** Adds up to `jitter × delay` at random; default 0 so delays are predictable in tests. */
  jitter?: number;
  random?: () => number;
}

/** Delays that grow with each consecutive failure and start over after `reset()` (a success). */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.failures);
    this.failures++;
    return Math.round(base + base * this.jitter * this.random());
  }

  reset(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
