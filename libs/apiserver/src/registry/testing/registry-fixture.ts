// Test helpers: registries over a given storage with a fake clock, and request contexts.
import type { KubeObject, Pod } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';
import { silentLogger } from '@groundkube/logging';
import type { Storage } from '@groundkube/storage';
import { createRegistries, type Registries } from '../registries';
import type { RequestContext } from '../rest';
import { ensureSystemNamespaces } from '../system-namespaces';

export interface RegistryFixture {
  readonly registries: Registries;
  readonly clock: FakeClock;
  readonly storage: Storage;
  ctx(namespace?: string, signal?: AbortSignal): RequestContext;
}

export async function registryFixture(
  storage: Storage,
  bookmarkIntervalMs = 1_000,
): Promise<RegistryFixture> {
  const clock = new FakeClock(Date.parse('2026-03-01T10:00:00Z'));
  const registries = createRegistries({ storage, clock, logger: silentLogger(), bookmarkIntervalMs });
  await ensureSystemNamespaces(registries);
  const background = new AbortController();
  return {
    registries,
    clock,
    storage,
    ctx: (namespace = 'default', signal = background.signal) => ({ namespace, signal }),
  };
}

export function podObject(
  name: string,
  extra: Partial<Pod['spec']> = {},
  labels?: Record<string, string>,
): KubeObject {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: 'main', image: 'nginx' }], ...extra },
  };
  return pod;
}

/** Collects `count` events from a watch (or fewer if it ends). */
export async function take<T>(iterator: AsyncIterator<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

/** The iterator of an async iterable (a watch), for stepping through it event by event. */
export function iterate<T>(iterable: AsyncIterable<T>): AsyncIterator<T> {
  return iterable[Symbol.asyncIterator]();
}
