// A SharedInformer: one Reflector feeding one Indexer, and any number of handlers told about each change.

import type { KubeObject } from '@groundkube/api';
import { silentLogger, type Logger } from '@groundkube/logging';

import type { Clock } from '../clock';
import type { BackoffOptions } from './backoff';
import { Indexer, type IndexFunc } from './indexer';
import type { ListerWatcher } from './lister-watcher';
import { objectKey } from './object-key';
import { Reflector, type ReflectorStore } from './reflector';

/**
 * Callbacks run synchronously, in event order, after the Indexer was updated. Keep them short (enqueue work,
 * don't do it). A throwing handler is logged and does not stop the others.
 */
export interface EventHandler<T extends KubeObject> {
  onAdd?(obj: T): void;
  /** `oldObj` is the previous cached version. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** `obj` is the last known state (from the DELETED event, or the cache when a relist found it gone). */
  onDelete?(obj: T): void;
}

export interface SharedInformerOptions<T extends KubeObject> {
  name: string;
  listerWatcher: ListerWatcher<T>;
  indexers?: Record<string, IndexFunc<T>> | undefined;
  clock?: Clock | undefined;
  backoff?: BackoffOptions | undefined;
  logger?: Logger | undefined;
  pageSize?: number | undefined;
}

export class SharedInformer<T extends KubeObject> implements ReflectorStore<T> {
  readonly indexer: Indexer<T>;
  private readonly reflector: Reflector<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly log: Logger;

  constructor(options: SharedInformerOptions<T>) {
    this.log = (options.logger ?? silentLogger()).child({ component: 'informer', informer: options.name });
    this.indexer = new Indexer<T>(options.indexers);
    this.reflector = new Reflector<T>({
      name: options.name,
      listerWatcher: options.listerWatcher,
      store: this,
      clock: options.clock,
      backoff: options.backoff,
      logger: options.logger,
      pageSize: options.pageSize,
    });
  }

  /**
   * Registers a handler and returns a function that unregisters it. A handler added after the first sync
   * gets an onAdd for every cached object first, so it sees the same world as earlier handlers.
   */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.reflector.hasSynced()) {
      for (const obj of this.indexer.list()) this.call(handler, 'onAdd', () => handler.onAdd?.(obj));
    }
    return () => this.handlers.delete(handler);
  }

  /** Runs the list-and-watch loop until the signal aborts. */
  run(signal: AbortSignal): Promise<void> {
    return this.reflector.run(signal);
  }

  hasSynced(): boolean {
    return this.reflector.hasSynced();
  }

  waitForSync(): Promise<void> {
    return this.reflector.waitForSync();
  }

  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  // ReflectorStore: called by the Reflector only.

  replace(items: T[], _resourceVersion: string): void {
    const previous = new Map(this.indexer.listKeys().map((k) => [k, this.indexer.get(k)!]));
    this.indexer.replace(items);
    for (const obj of items) {
      const key = objectKey(obj);
      const old = previous.get(key);
      previous.delete(key);
      if (old === undefined) this.emit('onAdd', (h) => h.onAdd?.(obj));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        this.emit('onUpdate', (h) => h.onUpdate?.(old, obj));
      }
    }
    for (const gone of previous.values()) this.emit('onDelete', (h) => h.onDelete?.(gone));
  }

  add(obj: T): void {
    const old = this.indexer.get(objectKey(obj));
    this.indexer.upsert(obj);
    // An ADDED for an object already cached (a watch replaying after resume) is an update.
    if (old === undefined) this.emit('onAdd', (h) => h.onAdd?.(obj));
    else this.emit('onUpdate', (h) => h.onUpdate?.(old, obj));
  }

  update(obj: T): void {
    const old = this.indexer.get(objectKey(obj));
    this.indexer.upsert(obj);
    if (old === undefined) this.emit('onAdd', (h) => h.onAdd?.(obj));
    else this.emit('onUpdate', (h) => h.onUpdate?.(old, obj));
  }

  delete(obj: T): void {
    this.indexer.remove(obj);
    this.emit('onDelete', (h) => h.onDelete?.(obj));
  }

  private emit(what: keyof EventHandler<T>, fn: (h: EventHandler<T>) => void): void {
    for (const handler of this.handlers) this.call(handler, what, () => fn(handler));
  }

  private call(_handler: EventHandler<T>, what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, handler: what }, 'Event handler failed');
    }
  }
}
