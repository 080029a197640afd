// A scripted ListerWatcher for unit tests of reflectors and informers (and of code built on them).

import type { KubeList, KubeObject } from '@groundkube/api';

import type { ListCall, ListerWatcher, WatchCall } from '../cache/lister-watcher';
import type { WatchStreamEvent } from '../watch';

/** An async iterable the test feeds by hand. */
export class EventChannel<T> implements AsyncIterable<T> {
  private queue: T[] = [];
  private ended = false;
  private failure: unknown;
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.queue.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(err: unknown): void {
    this.failure = err;
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ended) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

type ListAnswer<T extends KubeObject> = KubeList<T> | Error;
type WatchAnswer = Error | undefined;

/**
 * Answers lists from a queue (the last answer repeats) and opens a fresh EventChannel for each watch unless
 * a queued error is due. `calls` records what was asked, e.g. "list", "watch rv=7".
 */
export class FakeListerWatcher<T extends KubeObject> implements ListerWatcher<T> {
  readonly calls: string[] = [];
  readonly watches: EventChannel<WatchStreamEvent<T>>[] = [];
  private readonly listAnswers: ListAnswer<T>[] = [];
  private readonly watchAnswers: WatchAnswer[] = [];
  private waiters: { predicate: () => boolean; resolve: () => void }[] = [];

  answerList(answer: ListAnswer<T>): this {
    this.listAnswers.push(answer);
    return this;
  }

  /** The next watch call fails with `err` instead of opening. */
  failNextWatch(err: Error): this {
    this.watchAnswers.push(err);
    return this;
  }

  async list(call: ListCall): Promise<KubeList<T>> {
    this.record(`list${call.continue ? ` continue=${call.continue}` : ''}`);
    const answer = this.listAnswers.length > 1 ? this.listAnswers.shift()! : this.listAnswers[0];
    if (answer === undefined) throw new Error('FakeListerWatcher: no list answer scripted');
    if (answer instanceof Error) throw answer;
    return structuredClone(answer);
  }

  async watch(call: WatchCall): Promise<AsyncIterable<WatchStreamEvent<T>>> {
    this.record(`watch rv=${call.resourceVersion}`);
    const answer = this.watchAnswers.shift();
    if (answer instanceof Error) throw answer;
    const channel = new EventChannel<WatchStreamEvent<T>>();
    if (call.signal.aborted) channel.end();
    else call.signal.addEventListener('abort', () => channel.end(), { once: true });
    this.watches.push(channel);
    this.notify();
    return channel;
  }

  /** Resolves when `calls` has at least n entries. */
  waitForCalls(n: number): Promise<void> {
    return this.waitUntil(() => this.calls.length >= n);
  }

  /** The n-th (0-based) watch channel, once it was opened. */
  async watchNumber(n: number): Promise<EventChannel<WatchStreamEvent<T>>> {
    await this.waitUntil(() => this.watches.length > n);
    return this.watches[n]!;
  }

  private record(call: string): void {
    this.calls.push(call);
    this.notify();
  }

  private waitUntil(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => w.predicate());
    this.waiters = this.waiters.filter((w) => !w.predicate());
    for (const w of ready) w.resolve();
  }
}
