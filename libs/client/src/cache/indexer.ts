// The local copy of a resource's objects, keyed by namespace/name, with optional secondary indexes.

import type { KubeObject } from '@groundkube/api';

import { objectKey } from './object-key';

/** Computes the index values of an object (e.g. its node name). */
export type IndexFunc<T> = (obj: T) => string[];

/**
 * A thread-safe-by-construction (single-threaded) map of objects. The Reflector writes it; everyone else
 * reads it. Objects handed out are the stored ones: treat them as read-only.
 */
export class Indexer<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    for (const [name, fn] of Object.entries(indexers)) {
      this.indexFuncs.set(name, fn);
      this.indexes.set(name, new Map());
    }
  }

  /** Adds or replaces the object under its key. */
  upsert(obj: T): void {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old !== undefined) this.unindex(key, old);
    this.items.set(key, obj);
    this.index(key, obj);
  }

  /** Removes the object with this object's key; returns the stored one, if any. */
  remove(obj: T): T | undefined {
    return this.removeByKey(objectKey(obj));
  }

  removeByKey(key: string): T | undefined {
    const old = this.items.get(key);
    if (old === undefined) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  /** Replaces the whole content (after a list). */
  replace(objects: T[]): void {
    this.items.clear();
    for (const index of this.indexes.values()) index.clear();
    for (const obj of objects) this.upsert(obj);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects whose index `indexName` contains `value`. Unknown index names throw. */
  byIndex(indexName: string, value: string): T[] {
    const index = this.indexes.get(indexName);
    if (index === undefined) throw new RangeError(`no index named ${JSON.stringify(indexName)}`);
    const keys = index.get(value) ?? new Set<string>();
    return [...keys].map((k) => this.items.get(k)).filter((o): o is T => o !== undefined);
  }

  private index(key: string, obj: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indexes.get(name)!;
      for (const value of fn(obj)) {
        let keys = index.get(value);
        if (keys === undefined) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indexes.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
