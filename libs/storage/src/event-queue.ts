// An unbounded async queue that turns pushed watch events into an async iterator.
// Unbounded on purpose: a watch consumer is an HTTP response whose backpressure the endpoint handles;
// dropping events here would silently break watch semantics.

export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiter: (() => void) | undefined;
  private done = false;
  private failure: unknown;

  push(item: T): void {
    if (this.done) return;
    this.items.push(item);
    this.wake();
  }

  /** Ends the iteration after the queued items. */
  end(): void {
    this.done = true;
    this.wake();
  }

  /** Ends the iteration with an error after the queued items. */
  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.done = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.done) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}
