// The compactor on a real etcd: history older than one interval goes, newer history stays.
import { silentLogger } from '@groundkube/logging';
import { startEtcd, type EtcdServer } from '@groundkube/testing';
import { ResourceVersionTooOldError } from '../errors';
import { Etcd3Compactor } from './compactor';
import { Etcd3Storage } from './etcd3-storage';

let etcd: EtcdServer;
beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => {
  await etcd?.stop();
});

const pod = (name: string, v: string) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name, labels: { v } },
});

it('compacts to the revision seen one tick earlier', async () => {
  const storage = new Etcd3Storage({ endpoints: [etcd.endpoint], logger: silentLogger() });
  const compactor = new Etcd3Compactor({ storage, logger: silentLogger(), sleep: () => Promise.resolve() });
  try {
    const first = await storage.create('/registry/pods/default/a', pod('a', '1'));
    expect(await compactor.tick()).toBeUndefined();
    const second = await storage.guaranteedUpdate('/registry/pods/default/a', (o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { v: '2' } },
    }));

    const compactedTo = await compactor.tick();
    expect(compactedTo).toBe(Number(first.metadata.resourceVersion));
    // The tick's own revision is still readable; anything before it is gone.
    const kept = await storage.list('/registry/pods/', { revision: compactedTo });
    expect(kept.items.map((i) => i.metadata.labels)).toEqual([{ v: '1' }]);
    await expect(storage.list('/registry/pods/', { revision: compactedTo! - 1 })).rejects.toBeInstanceOf(
      ResourceVersionTooOldError,
    );
    const newest = await storage.list('/registry/pods/', {
      revision: Number(second.metadata.resourceVersion),
    });
    expect(newest.items).toHaveLength(1);
  } finally {
    await storage.close();
  }
});

it('stops when its signal aborts', async () => {
  const storage = new Etcd3Storage({ endpoints: [etcd.endpoint], logger: silentLogger() });
  const controller = new AbortController();
  let sleeps = 0;
  const compactor = new Etcd3Compactor({
    storage,
    logger: silentLogger(),
    sleep: (_ms, signal) => {
      sleeps++;
      if (sleeps === 3) controller.abort();
      return signal.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
    },
  });
  await compactor.run(controller.signal);
  expect(sleeps).toBe(3);
  await storage.close();
});
