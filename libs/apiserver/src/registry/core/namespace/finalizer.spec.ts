// The finalizer's loop on the injected clock: a namespace marked for deletion is gone after a tick.
import { MemoryStorage } from '@groundkube/storage';
import { ApiError } from '../../api-errors';
import { podObject, registryFixture } from '../../testing/registry-fixture';
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
