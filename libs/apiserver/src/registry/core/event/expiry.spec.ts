import type { Event, KubeObject } from '@groundkube/api';
import { MemoryStorage } from '@groundkube/storage';
import { registryFixture } from '../../testing/registry-fixture';
import { EventExpiry, lastActivity } from './expiry';

const event = (name: string, lastTimestamp?: string): KubeObject =>
  ({
    metadata: { name },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
    reason: 'Started',
    ...(lastTimestamp ? { lastTimestamp } : {}),
  }) as Event;

describe('EventExpiry', () => {
  it('deletes events idle for longer than the TTL, counting renewals as activity', async () => {
    const f = await registryFixture(new MemoryStorage());
    const events = f.registries.lookup('', 'events')!;
    await events.create(f.ctx(), event('old'), {});
    await events.create(f.ctx(), event('renewed'), {});
    await f.clock.advance(50 * 60_000);
    await events.create(f.ctx(), event('young'), {});
    await events.update(
      f.ctx(),
      'renewed',
      (live) => ({ ...live!, lastTimestamp: '2026-03-01T10:50:00Z' }) as Event,
      {},
    );
    await f.clock.advance(15 * 60_000);

    const expiry = new EventExpiry(f.registries);
    expect(await expiry.sweep(new AbortController().signal)).toBe(1);
    const left = await events.list(f.ctx(), {});
    expect(left.items.map((e) => e.metadata.name)).toEqual(['renewed', 'young']);
  });

  it('reads the newest timestamp as the last activity', () => {
    const e = event('x', '2026-03-01T11:00:00Z') as Event;
    e.metadata.creationTimestamp = '2026-03-01T10:00:00Z';
    expect(lastActivity(e)).toBe(Date.parse('2026-03-01T11:00:00Z'));
  });
});
