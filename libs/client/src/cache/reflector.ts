// The Reflector keeps a store in step with the API server: list once, then watch from the list's
// resourceVersion; on a broken watch resume from the last resourceVersion seen, and relist only when the
// server says that version is gone (410 Expired).

import type { KubeObject } from '@groundkube/api';
import { silentLogger, type Logger } from '@groundkube/logging';

import { realClock, type Clock } from '../clock';
import { StatusError, isAbortError, isResourceExpired } from '../errors';
import { Backoff, type BackoffOptions } from './backoff';
import type { ListerWatcher } from './lister-watcher';

/** What the Reflector writes into: an Indexer-backed informer, or anything that wants the deltas. */
export interface ReflectorStore<T extends KubeObject> {
  /** The full set after a (re)list. Objects absent from `items` are gone. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions<T extends KubeObject> {
  /** Names the reflector in logs, e.g. "pods spec.nodeName=n1". */
  name: string;
  listerWatcher: ListerWatcher<T>;
  store: ReflectorStore<T>;
  clock?: Clock | undefined;
  backoff?: BackoffOptions | undefined;
  logger?: Logger | undefined;
  /** Page size of lists; 0 = unpaged. Default 500. */
  pageSize?: number | undefined;
  /** timeoutSeconds sent on each watch so they rotate; default a random 300–600 s, as client-go does. */
  watchTimeoutSeconds?: () => number;
}

/**
 * One list-and-watch loop. Call `run(signal)` once; it returns when the signal aborts. Errors never escape:
 * they are logged and retried with exponential backoff (waits go through the injected clock).
 */
export class Reflector<T extends KubeObject> {
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly pageSize: number;
  private readonly watchTimeoutSeconds: () => number;
  private lastRV = '';
  private synced = false;
  private syncWaiters: (() => void)[] = [];

  constructor(private readonly options: ReflectorOptions<T>) {
    this.log = (options.logger ?? silentLogger()).child({ component: 'reflector', reflector: options.name });
    this.clock = options.clock ?? realClock;
    this.backoff = new Backoff(options.backoff);
    this.pageSize = options.pageSize ?? 500;
    this.watchTimeoutSeconds = options.watchTimeoutSeconds ?? (() => 300 + Math.floor(Math.random() * 300));
  }

  /** The resourceVersion of the last list or event applied to the store. */
  get lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  /** True once the first list has been written to the store. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves after the first successful list (or at once if it already happened). */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  async run(signal: AbortSignal): Promise<void> {
    this.log.debug('Reflector started');
    let needList = true;
    let expiredInARow = 0;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.listAll(signal);
          needList = false;
        }
        const outcome = await this.watchOnce(signal);
        if (outcome === 'expired') {
          needList = true;
          // One relist after an expiry is normal; repeated expiries mean something is wrong: slow down.
          if (++expiredInARow > 1) await this.wait(signal);
          continue;
        }
        expiredInARow = 0;
        if (outcome === 'empty') await this.wait(signal);
        else this.backoff.reset();
      } catch (err) {
        if (signal.aborted || isAbortError(err)) break;
        if (isResourceExpired(err)) {
          this.log.debug({ rv: this.lastRV }, 'Resource version expired, relisting');
          needList = true;
          if (++expiredInARow > 1) await this.wait(signal);
          continue;
        }
        this.log.warn({ err, rv: this.lastRV, relist: needList }, 'List or watch failed, retrying');
        await this.wait(signal);
      }
    }
    this.log.debug('Reflector stopped');
  }

  private async listAll(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.options.listerWatcher.list({
        limit: this.pageSize > 0 ? this.pageSize : undefined,
        continue: continueToken,
        signal,
      });
      items.push(...page.items);
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion ?? '';
    } while (continueToken !== undefined);

    this.options.store.replace(items, resourceVersion);
    this.lastRV = resourceVersion;
    this.backoff.reset();
    this.log.debug({ rv: resourceVersion, count: items.length }, 'Listed');
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  /** Watches from lastRV until the stream ends. 'empty' = ended at once without events (don't spin on it). */
  private async watchOnce(signal: AbortSignal): Promise<'ended' | 'empty' | 'expired'> {
    const events = await this.options.listerWatcher.watch({
      resourceVersion: this.lastRV,
      allowWatchBookmarks: true,
      timeoutSeconds: this.watchTimeoutSeconds(),
      signal,
    });
    this.log.trace({ rv: this.lastRV }, 'Watch opened');
    const openedAt = this.clock.now();
    let seen = 0;
    for await (const event of events) {
      seen++;
      if (event.type === 'ERROR') {
        if (isResourceExpired(new StatusError(event.object))) {
          this.log.debug({ rv: this.lastRV, message: event.object.message }, 'Watch expired, relisting');
          return 'expired';
        }
        throw new StatusError(event.object);
      }
      const { store } = this.options;
      if (event.type === 'ADDED') store.add(event.object);
      else if (event.type === 'MODIFIED') store.update(event.object);
      else if (event.type === 'DELETED') store.delete(event.object);
      const rv = event.object.metadata.resourceVersion;
      if (rv !== undefined && rv !== '') this.lastRV = rv;
    }
    this.log.trace({ rv: this.lastRV, events: seen }, 'Watch ended');
    // An idle watch that the server rotated after its timeout is normal; one that ends at once is not.
    return seen === 0 && this.clock.now() - openedAt < 1000 ? 'empty' : 'ended';
  }

  private async wait(signal: AbortSignal): Promise<void> {
    const delay = this.backoff.next();
    this.log.trace({ delayMs: delay }, 'Backing off');
    await this.clock.sleep(delay, signal).catch(() => undefined);
  }
}
