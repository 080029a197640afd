// One contract, run against the etcd3 implementation on a real etcd and against the in-memory one.
import type { KubeObject } from '@groundkube/api';
import { silentLogger } from '@groundkube/logging';
import { startEtcd, type EtcdServer } from '@groundkube/testing';
import { Etcd3Storage } from './etcd3/etcd3-storage';
import {
  ConflictError,
  InvalidError,
  KeyExistsError,
  KeyNotFoundError,
  ResourceVersionTooOldError,
} from './errors';
import { MemoryStorage } from './memory/memory-storage';
import type { Storage, StorageEvent } from './storage';

interface Backend {
  storage: Storage;
  compact(revision: number): Promise<void>;
}

let etcd: EtcdServer;
const backends: Record<string, () => Promise<Backend>> = {
  etcd3: async () => {
    const storage = new Etcd3Storage({ endpoints: [etcd.endpoint], logger: silentLogger() });
    return {
      storage,
      compact: async (revision) => {
        await storage.client.kv.compact({ revision, physical: true });
      },
    };
  },
  memory: async () => {
    const storage = new MemoryStorage();
    return { storage, compact: async (revision) => storage.compact(revision) };
  },
};

beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => {
  await etcd?.stop();
});

let suite = 0;
const pod = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  ...extra,
});

function iterate<T>(iterable: AsyncIterable<T>): AsyncIterator<T> {
  return iterable[Symbol.asyncIterator]();
}

async function nextEvents(iterator: AsyncIterator<StorageEvent>, count: number): Promise<StorageEvent[]> {
  const events: StorageEvent[] = [];
  while (events.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}

describe.each(Object.keys(backends))('Storage contract (%s)', (name) => {
  let backend: Backend;
  let storage: Storage;
  let prefix: string;

  beforeEach(async () => {
    backend = await backends[name]!();
    storage = backend.storage;
    prefix = `/registry/pods${++suite}/`;
  });
  afterEach(async () => {
    await storage.close();
  });

  it('creates once, then reports the key exists', async () => {
    const created = await storage.create(`${prefix}default/a`, pod('a'));
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    await expect(storage.create(`${prefix}default/a`, pod('a'))).rejects.toBeInstanceOf(KeyExistsError);
    const got = await storage.get(`${prefix}default/a`);
    expect(got).toEqual(created);
  });

  it('reports a missing key', async () => {
    const error = await storage.get(`${prefix}default/none`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyNotFoundError);
    expect((error as KeyNotFoundError).code).toBe('STORAGE_KEY_NOT_FOUND');
    await expect(storage.delete(`${prefix}default/none`)).rejects.toBeInstanceOf(KeyNotFoundError);
    await expect(storage.guaranteedUpdate(`${prefix}default/none`, (o) => o)).rejects.toBeInstanceOf(
      KeyNotFoundError,
    );
  });

  it('updates with a new resourceVersion and checks preconditions', async () => {
    const created = await storage.create(`${prefix}default/a`, pod('a'));
    const updated = await storage.guaranteedUpdate(`${prefix}default/a`, (o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { x: 'y' } },
    }));
    expect(updated.metadata.labels).toEqual({ x: 'y' });
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    await expect(
      storage.guaranteedUpdate(`${prefix}default/a`, (o) => o, {
        preconditions: { resourceVersion: created.metadata.resourceVersion },
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      storage.delete(`${prefix}default/a`, { preconditions: { uid: 'other' } }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('writes nothing when the update changes nothing', async () => {
    const created = await storage.create(`${prefix}default/a`, pod('a'));
    const same = await storage.guaranteedUpdate(`${prefix}default/a`, (o) => o);
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('retries an update that raced with another write', async () => {
    await storage.create(`${prefix}default/a`, pod('a'));
    let calls = 0;
    const result = await storage.guaranteedUpdate(`${prefix}default/a`, async (o) => {
      calls++;
      if (calls === 1) {
        await storage.guaranteedUpdate(`${prefix}default/a`, (c) => ({
          ...c,
          metadata: { ...c.metadata, annotations: { racer: '1' } },
        }));
      }
      return { ...o, metadata: { ...o.metadata, labels: { mine: '1' } } };
    });
    expect(calls).toBe(2);
    expect(result.metadata.annotations).toEqual({ racer: '1' });
    expect(result.metadata.labels).toEqual({ mine: '1' });
  });

  it('deletes and returns the last state', async () => {
    await storage.create(`${prefix}default/a`, pod('a'));
    const deleted = await storage.delete(`${prefix}default/a`, { preconditions: { uid: 'uid-a' } });
    expect(deleted.metadata.name).toBe('a');
    await expect(storage.get(`${prefix}default/a`)).rejects.toBeInstanceOf(KeyNotFoundError);
  });

  it('lists by prefix in pages at one revision', async () => {
    for (const n of ['a', 'b', 'c', 'd', 'e']) await storage.create(`${prefix}default/${n}`, pod(n));
    await storage.create(`${prefix}other/z`, pod('z'));
    const first = await storage.list(`${prefix}default/`, { limit: 2 });
    expect(first.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(first.remainingItemCount).toBe(3);
    await storage.create(`${prefix}default/bb`, pod('bb'));
    const second = await storage.list(`${prefix}default/`, { limit: 2, continue: first.continue });
    expect(second.items.map((i) => i.metadata.name)).toEqual(['c', 'd']);
    expect(second.revision).toBe(first.revision);
    const third = await storage.list(`${prefix}default/`, { limit: 2, continue: second.continue });
    expect(third.items.map((i) => i.metadata.name)).toEqual(['e']);
    expect(third.continue).toBeUndefined();
    const all = await storage.list(prefix);
    expect(all.items).toHaveLength(7);
  });

  it('lists at an older revision', async () => {
    const a = await storage.create(`${prefix}default/a`, pod('a'));
    await storage.create(`${prefix}default/b`, pod('b'));
    const old = await storage.list(`${prefix}default/`, { revision: Number(a.metadata.resourceVersion) });
    expect(old.items.map((i) => i.metadata.name)).toEqual(['a']);
  });

  it('rejects a malformed continue token', async () => {
    await expect(storage.list(prefix, { continue: 'not-a-token' })).rejects.toBeInstanceOf(InvalidError);
  });

  it('watches changes after a revision, with DELETED carrying the last state', async () => {
    const a = await storage.create(`${prefix}default/a`, pod('a'));
    const controller = new AbortController();
    const stream = storage.watch(prefix, {
      revision: Number(a.metadata.resourceVersion),
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await storage.guaranteedUpdate(`${prefix}default/a`, (o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { v: '2' } },
    }));
    await storage.create(`${prefix}default/b`, pod('b'));
    const deleted = await storage.delete(`${prefix}default/a`);
    const events = await nextEvents(iterator, 3);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['MODIFIED', 'a'],
      ['ADDED', 'b'],
      ['DELETED', 'a'],
    ]);
    expect(events[2]!.object.metadata.labels).toEqual(deleted.metadata.labels);
    expect(Number(events[2]!.object.metadata.resourceVersion)).toBe(events[2]!.revision);
    controller.abort();
    expect((await iterator.next()).done).toBe(true);
  });

  it('watches from a revision not reached yet: only the changes after it', async () => {
    const a = await storage.create(`${prefix}default/a`, pod('a'));
    const controller = new AbortController();
    const ahead = Number(a.metadata.resourceVersion) + 1;
    const iterator = iterate(storage.watch(prefix, { revision: ahead, signal: controller.signal }));
    await storage.create(`${prefix}default/skipped`, pod('skipped'));
    await storage.create(`${prefix}default/b`, pod('b'));
    const events = await nextEvents(iterator, 1);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'b']]);
    controller.abort();
  });

  it('sends initial ADDED events then changes', async () => {
    await storage.create(`${prefix}default/a`, pod('a'));
    const controller = new AbortController();
    const iterator = iterate(storage.watch(prefix, { initialEvents: true, signal: controller.signal }));
    const initial = await nextEvents(iterator, 1);
    expect(initial.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'a']]);
    await storage.create(`${prefix}default/b`, pod('b'));
    const later = await nextEvents(iterator, 1);
    expect(later.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'b']]);
    controller.abort();
  });

  it('fails a watch and a list at a compacted revision', async () => {
    const a = await storage.create(`${prefix}default/a`, pod('a'));
    await storage.guaranteedUpdate(`${prefix}default/a`, (o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { v: '2' } },
    }));
    const b = await storage.guaranteedUpdate(`${prefix}default/a`, (o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { v: '3' } },
    }));
    await backend.compact(Number(b.metadata.resourceVersion));
    const controller = new AbortController();
    const stream = storage.watch(prefix, {
      revision: Number(a.metadata.resourceVersion),
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toBeInstanceOf(ResourceVersionTooOldError);
    await expect(
      storage.list(prefix, { revision: Number(a.metadata.resourceVersion) }),
    ).rejects.toBeInstanceOf(ResourceVersionTooOldError);
    controller.abort();
  });
});
