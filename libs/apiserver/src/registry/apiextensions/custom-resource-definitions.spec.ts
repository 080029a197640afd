// The read-only, always-empty customresourcedefinitions registry.
import { MemoryStorage, UnavailableError } from '@groundkube/storage';
import { ApiError } from '../api-errors';
import { registryFixture, type RegistryFixture } from '../testing/registry-fixture';

let f: RegistryFixture;
beforeEach(async () => {
  f = await registryFixture(new MemoryStorage());
});

const crds = () => f.registries.lookup('apiextensions.k8s.io', 'customresourcedefinitions')!;

describe('customresourcedefinitions', () => {
  it('finds no CRD by name: 404 NotFound with the qualified resource', async () => {
    const error = await crds()
      .get(f.ctx(''), 'foos.example.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).toStatus()).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'customresourcedefinitions.apiextensions.k8s.io "foos.example.com" not found',
      details: { name: 'foos.example.com', group: 'apiextensions.k8s.io', kind: 'customresourcedefinitions' },
    });
  });

  it('lists none, at the store revision a watch can start from', async () => {
    const list = await crds().list(f.ctx(''), {});
    expect(list).toMatchObject({ kind: 'CustomResourceDefinitionList', items: [] });
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0);
  });

  it('answers 503 when the store cannot tell its revision', async () => {
    class UnreachableStorage extends MemoryStorage {
      override currentRevision(): Promise<number> {
        return Promise.reject(new UnavailableError('etcd unreachable'));
      }
    }
    const unreachable = await registryFixture(new UnreachableStorage());
    const error = await unreachable.registries
      .lookup('apiextensions.k8s.io', 'customresourcedefinitions')!
      .list(unreachable.ctx(''), {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(503);
  });

  it('watches without events until the watcher leaves', async () => {
    const controller = new AbortController();
    const events: unknown[] = [];
    const done = (async () => {
      for await (const event of crds().watch({ namespace: '', signal: controller.signal }, {}))
        events.push(event);
    })();
    controller.abort();
    await done;
    expect(events).toEqual([]);
  });

  it('refuses writes with 405', async () => {
    const error = await crds()
      .delete(f.ctx(''), 'foos.example.com', {}, {})
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe(405);
  });
});
