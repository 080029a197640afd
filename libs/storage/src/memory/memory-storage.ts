// Storage in memory with etcd's semantics (one global revision, compaction, prefix watches) for unit
// tests of code above storage. Not for production: nothing is persisted.
import type { KubeObject } from '@groundkube/api';
import { continueAfter, pageStart } from '../continue-token';
import { KeyExistsError, KeyNotFoundError, ResourceVersionTooOldError } from '../errors';
import { EventQueue } from '../event-queue';
import { checkPreconditions, decodeObject, encodeObject, sameObject } from '../object-codec';
import type {
  CallOptions,
  DeleteOptions,
  ListOptions,
  ListResult,
  Storage,
  StorageEvent,
  UpdateFunction,
  UpdateOptions,
  WatchOptions,
} from '../storage';

interface Entry {
  readonly value: string;
  readonly createRevision: number;
  readonly modRevision: number;
}

interface Change {
  readonly key: string;
  readonly revision: number;
  readonly type: 'PUT' | 'DELETE';
  readonly value: string;
  readonly created: boolean;
}

interface Listener {
  readonly prefix: string;
  /** Changes at or before this revision are not for this watcher (it started after them). */
  readonly after: number;
  readonly queue: EventQueue<StorageEvent>;
}

export class MemoryStorage implements Storage {
  private readonly entries = new Map<string, Entry>();
  /** Changes after `compactedRevision`, oldest first. */
  private history: Change[] = [];
  private revision = 1;
  private compactedRevision = 0;
  private readonly listeners = new Set<Listener>();
  /** Old states per revision for reads at a past revision. */
  private snapshots: { revision: number; entries: Map<string, Entry> }[] = [];

  /** Drops history up to `revision`: reads and watches at older revisions then fail as too old. */
  compact(revision: number): void {
    this.compactedRevision = Math.max(this.compactedRevision, revision);
    this.history = this.history.filter((c) => c.revision > this.compactedRevision);
    this.snapshots = this.snapshots.filter((s) => s.revision >= this.compactedRevision);
  }

  private commit(key: string, type: 'PUT' | 'DELETE', value: string, created: boolean): number {
    this.snapshots.push({ revision: this.revision, entries: new Map(this.entries) });
    this.revision++;
    const change: Change = { key, revision: this.revision, type, value, created };
    this.history.push(change);
    for (const listener of this.listeners) {
      if (key.startsWith(listener.prefix) && change.revision > listener.after)
        listener.queue.push(toEvent(change));
    }
    return this.revision;
  }

  async create(key: string, object: KubeObject, options?: CallOptions): Promise<KubeObject> {
    options?.signal?.throwIfAborted();
    if (this.entries.has(key)) throw new KeyExistsError(key);
    const value = encodeObject(object);
    const revision = this.commit(key, 'PUT', value, true);
    this.entries.set(key, { value, createRevision: revision, modRevision: revision });
    return decodeObject(value, revision);
  }

  async get(key: string, options?: CallOptions): Promise<KubeObject> {
    options?.signal?.throwIfAborted();
    const entry = this.entries.get(key);
    if (!entry) throw new KeyNotFoundError(key);
    return decodeObject(entry.value, entry.modRevision);
  }

  async guaranteedUpdate(key: string, update: UpdateFunction, options?: UpdateOptions): Promise<KubeObject> {
    for (;;) {
      options?.signal?.throwIfAborted();
      const entry = this.entries.get(key);
      if (!entry) throw new KeyNotFoundError(key);
      const current = decodeObject(entry.value, entry.modRevision);
      checkPreconditions(key, current, options?.preconditions);
      const next = await update(structuredClone(current));
      if (sameObject(current, next)) return current;
      // The update function may have awaited: retry if someone wrote meanwhile, as etcd's txn would.
      if (this.entries.get(key)?.modRevision !== entry.modRevision) continue;
      const value = encodeObject(next);
      const revision = this.commit(key, 'PUT', value, false);
      this.entries.set(key, { value, createRevision: entry.createRevision, modRevision: revision });
      return decodeObject(value, revision);
    }
  }

  async delete(key: string, options?: DeleteOptions): Promise<KubeObject> {
    options?.signal?.throwIfAborted();
    const entry = this.entries.get(key);
    if (!entry) throw new KeyNotFoundError(key);
    const current = decodeObject(entry.value, entry.modRevision);
    checkPreconditions(key, current, options?.preconditions);
    options?.validate?.(current);
    this.entries.delete(key);
    this.commit(key, 'DELETE', entry.value, false);
    return current;
  }

  private entriesAt(revision: number | undefined): Map<string, Entry> {
    if (revision === undefined || revision >= this.revision) return this.entries;
    if (revision < this.compactedRevision)
      throw new ResourceVersionTooOldError(revision, this.compactedRevision);
    // The newest snapshot taken at or before `revision` is the state at `revision`.
    let found: Map<string, Entry> | undefined;
    for (const snapshot of this.snapshots) {
      if (snapshot.revision <= revision) found = snapshot.entries;
    }
    return found ?? new Map();
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    options.signal?.throwIfAborted();
    const { revision, start } = pageStart(prefix, options);
    const readAt = revision ?? this.revision;
    const entries = this.entriesAt(revision);
    const keys = [...entries.keys()].filter((k) => k.startsWith(prefix) && k >= start).sort();
    const limit = options.limit && options.limit > 0 ? options.limit : keys.length;
    const page = keys.slice(0, limit);
    const items = page.map((k) => {
      const e = entries.get(k)!;
      return decodeObject(e.value, e.modRevision);
    });
    const last = page[page.length - 1];
    if (keys.length <= limit || last === undefined) return { items, revision: readAt };
    return {
      items,
      revision: readAt,
      continue: continueAfter(prefix, readAt, last),
      remainingItemCount: keys.length - page.length,
    };
  }

  watch(prefix: string, options: WatchOptions): AsyncIterable<StorageEvent> {
    const queue = new EventQueue<StorageEvent>();
    if (options.signal.aborted) {
      queue.end();
      return queue;
    }
    const from = options.revision && options.revision > 0 ? options.revision : this.revision;
    try {
      if (options.initialEvents) {
        const entries = this.entriesAt(from);
        for (const key of [...entries.keys()].filter((k) => k.startsWith(prefix)).sort()) {
          const e = entries.get(key)!;
          queue.push({
            type: 'ADDED',
            object: decodeObject(e.value, e.modRevision),
            revision: e.modRevision,
          });
        }
      } else if (from < this.compactedRevision) {
        throw new ResourceVersionTooOldError(from, this.compactedRevision);
      }
    } catch (err) {
      queue.fail(err);
      return queue;
    }
    // A start revision beyond the newest waits for it, as etcd does: later changes only.
    for (const change of this.history) {
      if (change.revision > from && change.key.startsWith(prefix)) queue.push(toEvent(change));
    }
    const listener: Listener = { prefix, queue, after: from };
    this.listeners.add(listener);
    options.signal.addEventListener(
      'abort',
      () => {
        this.listeners.delete(listener);
        queue.end();
      },
      { once: true },
    );
    return queue;
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    for (const listener of this.listeners) listener.queue.end();
    this.listeners.clear();
  }
}

function toEvent(change: Change): StorageEvent {
  const type = change.type === 'DELETE' ? 'DELETED' : change.created ? 'ADDED' : 'MODIFIED';
  return { type, object: decodeObject(change.value, change.revision), revision: change.revision };
}
