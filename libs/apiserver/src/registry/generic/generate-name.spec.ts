// generateName: a taken name is retried with a new suffix, a few times, then AlreadyExists.
import { FakeClock } from '@groundkube/client';
import { silentLogger } from '@groundkube/logging';
import { MemoryStorage } from '@groundkube/storage';
import { ApiError } from '../api-errors';
import { eventStrategy } from '../core/event/strategy';
import { GenericStore } from './store';

function storeWithSuffixes(suffixes: string[]): GenericStore {
  let i = 0;
  return new GenericStore({
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    strategy: eventStrategy,
    storage: new MemoryStorage(),
    clock: new FakeClock(),
    logger: silentLogger(),
    nameSuffix: () => suffixes[Math.min(i++, suffixes.length - 1)]!,
  });
}

const ctx = { namespace: 'default', signal: new AbortController().signal };
const event = { metadata: { generateName: 'web-' }, involvedObject: { kind: 'Pod', name: 'web' } };

it('retries a generated name that is taken', async () => {
  const store = storeWithSuffixes(['aaaaa', 'aaaaa', 'bbbbb']);
  expect((await store.create(ctx, event, {})).metadata.name).toBe('web-aaaaa');
  expect((await store.create(ctx, event, {})).metadata.name).toBe('web-bbbbb');
});

it('gives up with AlreadyExists when every attempt collides', async () => {
  const store = storeWithSuffixes(['aaaaa']);
  await store.create(ctx, event, {});
  const error = await store.create(ctx, event, {}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).message).toBe('events "web-aaaaa" already exists');
});
