// The finalizer's loop on the injected clock: a namespace marked for deletion is gone after a tick;
// on a real etcd, the conditions that say what keeps a terminating namespace.
import type { Namespace } from '@groundkube/api';
import { silentLogger } from '@groundkube/logging';
import { Etcd3Storage, MemoryStorage } from '@groundkube/storage';
import { startEtcd, type EtcdServer } from '@groundkube/testing';
import { ApiError } from '../../api-errors';
import { podObject, registryFixture, type RegistryFixture } from '../../testing/registry-fixture';
import { NamespaceFinalizer } from './finalizer';

it('empties and removes terminating namespaces on each tick until stopped', async () => {
  const f = await registryFixture(new MemoryStorage());
  const namespaces = f.registries.lookup('', 'namespaces')!;
  await namespaces.create(f.ctx(''), { metadata: { name: 'team' } }, {});
  await f.registries.lookup('', 'pods')!.create(f.ctx('team'), podObject('web'), {});

  const stop = new AbortController();
  const running = new NamespaceFinalizer(f.registries, { intervalMs: 1_000 }).run(stop.signal);
  await f.clock.waitForSleepers(1);
  await namespaces.delete(f.ctx(''), 'team', {}, {});
  await f.clock.advance(1_000);
  await f.clock.waitForSleepers(1);

  const gone = await namespaces.get(f.ctx(''), 'team').catch((e: unknown) => e);
  expect(gone).toBeInstanceOf(ApiError);
  expect((gone as ApiError).code).toBe(404);
  stop.abort();
  await running;
});

it('starts on a namespace at once when it is marked for deletion', async () => {
  const f = await registryFixture(new MemoryStorage());
  const namespaces = f.registries.lookup('', 'namespaces')!;
  await namespaces.create(f.ctx(''), { metadata: { name: 'quick' } }, {});

  const stop = new AbortController();
  const running = new NamespaceFinalizer(f.registries, { intervalMs: 60_000 }).run(stop.signal);
  await f.clock.waitForSleepers(1);
  await namespaces.delete(f.ctx(''), 'quick', {}, {});
  // No time passes: the wake-up alone runs the next sweep, which then sleeps again.
  await f.clock.waitForSleepers(1);
  await new Promise((resolve) => setImmediate(resolve));
  await f.clock.waitForSleepers(1);

  const gone = await namespaces.get(f.ctx(''), 'quick').catch((e: unknown) => e);
  expect((gone as ApiError).code).toBe(404);
  stop.abort();
  await running;
});

it('runs with the event expiry in runRegistryLoops until stopped', async () => {
  const { runRegistryLoops } = await import('../../background-loops');
  const f = await registryFixture(new MemoryStorage());
  const stop = new AbortController();
  const running = runRegistryLoops(f.registries, stop.signal);
  // One sleeping loop each: the finalizer and the event expiry.
  await f.clock.waitForSleepers(2);
  stop.abort();
  await running;
  expect(f.clock.pendingSleeps).toBe(0);
});

describe('deletion conditions on a real etcd', () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 30_000);
  afterAll(async () => {
    await etcd?.stop();
  });

  async function etcdFixture(): Promise<RegistryFixture> {
    const storage = new Etcd3Storage({ endpoints: [etcd.endpoint], logger: silentLogger() });
    await storage.client.delete().prefix('/registry/');
    return registryFixture(storage);
  }

  const conditionsOf = (ns: Namespace) =>
    (ns.status?.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message]);

  it('says which resources and finalizers hold a terminating namespace, then lets it go', async () => {
    const f = await etcdFixture();
    const namespaces = f.registries.lookup('', 'namespaces')!;
    const pods = f.registries.lookup('', 'pods')!;
    await namespaces.create(f.ctx(''), { metadata: { name: 'held' } }, {});
    // Bound to a node no kubelet finishes: deleting it only starts its grace period.
    await pods.create(f.ctx('held'), podObject('bound', { nodeName: 'gone-node' }), {});
    const finalized = podObject('finalized');
    finalized.metadata.finalizers = ['example.com/hold'];
    await pods.create(f.ctx('held'), finalized, {});
    await namespaces.delete(f.ctx(''), 'held', {}, {});

    const finalizer = new NamespaceFinalizer(f.registries);
    expect(await finalizer.sweep(f.ctx('').signal)).toEqual({ removed: [], waiting: ['held'] });
    const held = (await namespaces.get(f.ctx(''), 'held')) as Namespace;
    expect(held.status?.phase).toBe('Terminating');
    expect(conditionsOf(held)).toEqual([
      [
        'NamespaceDeletionDiscoveryFailure',
        'False',
        'ResourcesDiscovered',
        'All resources successfully discovered',
      ],
      [
        'NamespaceDeletionGroupVersionParsingFailure',
        'False',
        'ParsedGroupVersions',
        'All legacy kube types successfully parsed',
      ],
      [
        'NamespaceDeletionContentFailure',
        'False',
        'ContentDeleted',
        'All content successfully deleted, may be waiting on finalization',
      ],
      [
        'NamespaceContentRemaining',
        'True',
        'SomeResourcesRemain',
        'Some resources are remaining: pods. has 2 resource instances',
      ],
      [
        'NamespaceFinalizersRemaining',
        'True',
        'SomeFinalizersRemain',
        'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
      ],
    ]);
    expect(held.status?.conditions?.every((c) => c.lastTransitionTime === '2026-03-01T10:00:00Z')).toBe(true);

    // Nothing changed: no write, the resourceVersion stays.
    await finalizer.sweep(f.ctx('').signal);
    const again = (await namespaces.get(f.ctx(''), 'held')) as Namespace;
    expect(again.metadata.resourceVersion).toBe(held.metadata.resourceVersion);

    // The bound pod's grace period runs out; the finalized one stays: one pod, one finalizer left.
    await f.clock.advance(31_000);
    await pods.delete(f.ctx('held'), 'bound', { gracePeriodSeconds: 0 }, {});
    await finalizer.sweep(f.ctx('').signal);
    const fewer = (await namespaces.get(f.ctx(''), 'held')) as Namespace;
    expect(conditionsOf(fewer)[3]).toEqual([
      'NamespaceContentRemaining',
      'True',
      'SomeResourcesRemain',
      'Some resources are remaining: pods. has 1 resource instances',
    ]);
    const remaining = fewer.status!.conditions!.find((c) => c.type === 'NamespaceContentRemaining')!;
    expect(remaining.lastTransitionTime).toBe('2026-03-01T10:00:00Z'); // same status: no transition

    await pods.update(
      f.ctx('held'),
      'finalized',
      (live) => ({ ...live!, metadata: { ...live!.metadata, finalizers: [] } }),
      {},
    );
    expect(await finalizer.sweep(f.ctx('').signal)).toEqual({ removed: ['held'], waiting: [] });
    const gone = await namespaces.get(f.ctx(''), 'held').catch((e: unknown) => e);
    expect((gone as ApiError).code).toBe(404);
  }, 30_000);
});
