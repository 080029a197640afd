// The verbs pods/status, pods/binding and pods/eviction do not serve answer 405 with Kubernetes' message.
import { MemoryStorage } from '@groundkube/storage';
import { ApiError } from '../api-errors';
import type { ResourceRegistry } from '../rest';
import { registryFixture, type RegistryFixture } from '../testing/registry-fixture';

let f: RegistryFixture;
beforeEach(async () => {
  f = await registryFixture(new MemoryStorage());
});

const write = { dryRun: false };
const calls: Record<string, (r: ResourceRegistry) => Promise<unknown>> = {
  create: (r) => r.create(f.ctx(), { metadata: { name: 'web' } }, write),
  get: (r) => r.get(f.ctx(), 'web'),
  list: (r) => r.list(f.ctx(), {}),
  update: (r) => r.update(f.ctx(), 'web', (live) => live!, write),
  delete: (r) => r.delete(f.ctx(), 'web', {}, write),
  deletecollection: (r) => r.deleteCollection(f.ctx(), {}, {}, write),
};

async function refusal(call: () => Promise<unknown>): Promise<ApiError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe.each([
  { resource: 'pods/status', subresource: 'status', served: ['get', 'update'] },
  { resource: 'pods/binding', subresource: 'binding', served: ['create'] },
  { resource: 'pods/eviction', subresource: 'eviction', served: ['create'] },
])('$resource', ({ resource, subresource, served }) => {
  const registry = (): ResourceRegistry => f.registries.lookup('', 'pods', subresource)!;
  const refused = Object.keys(calls).filter((verb) => !served.includes(verb));

  it.each(refused)('refuses %s with 405 MethodNotAllowed', async (verb) => {
    const error = await refusal(() => calls[verb]!(registry()));
    expect([error.code, error.reason, error.message]).toEqual([
      405,
      'MethodNotAllowed',
      `${verb} is not supported on resources of kind "${resource}"`,
    ]);
  });

  it('refuses watch at once, before any event', () => {
    expect(() => registry().watch(f.ctx(), {})).toThrow(
      expect.objectContaining({
        code: 405,
        message: `watch is not supported on resources of kind "${resource}"`,
      }),
    );
  });
});
