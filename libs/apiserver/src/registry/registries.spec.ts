// The registries over the in-memory storage: wiring, metadata, defaults and the error translations.
import type { Namespace, Pod } from '@groundkube/api';
import { MemoryStorage } from '@groundkube/storage';
import { ApiError } from './api-errors';
import { podObject, registryFixture, type RegistryFixture } from './testing/registry-fixture';

let f: RegistryFixture;
beforeEach(async () => {
  f = await registryFixture(new MemoryStorage());
});

const pods = () => f.registries.lookup('', 'pods')!;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('createRegistries', () => {
  it('serves every resource of the slice, with subresources', () => {
    const served = f.registries.entries.map(
      (e) => `${e.group}/${e.resource}${e.subresource ? `/${e.subresource}` : ''}`,
    );
    expect(served.sort()).toEqual(
      [
        '/events',
        '/namespaces',
        '/namespaces/finalize',
        '/namespaces/status',
        '/nodes',
        '/nodes/status',
        '/pods',
        '/pods/binding',
        '/pods/eviction',
        '/pods/status',
        '/services',
        'apiextensions.k8s.io/customresourcedefinitions',
        'coordination.k8s.io/leases',
      ].sort(),
    );
    expect(f.registries.lookup('', 'pods', 'status')?.resource).toBe('pods/status');
    expect(f.registries.lookup('apps', 'deployments')).toBeUndefined();
  });

  it('creates the system namespaces once, Active with their name label and finalizer', async () => {
    const list = await f.registries.lookup('', 'namespaces')!.list(f.ctx(''), {});
    expect(list.items.map((n) => n.metadata.name).sort()).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    const ns = list.items[0] as Namespace;
    expect(ns.status?.phase).toBe('Active');
    expect(ns.spec?.finalizers).toEqual(['kubernetes']);
    expect(ns.metadata.labels?.['kubernetes.io/metadata.name']).toBe(ns.metadata.name);
    const { ensureSystemNamespaces } = await import('./system-namespaces');
    expect(await ensureSystemNamespaces(f.registries)).toEqual([]);
  });
});

describe('pod create', () => {
  it('fills metadata and defaults as Kubernetes does', async () => {
    const pod = (await pods().create(f.ctx(), podObject('web'), {})) as Pod;
    expect(pod.kind).toBe('Pod');
    expect(pod.apiVersion).toBe('v1');
    expect(pod.metadata.namespace).toBe('default');
    expect(pod.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(pod.metadata.creationTimestamp).toBe('2026-03-01T10:00:00Z');
    expect(pod.metadata.generation).toBe(1);
    expect(pod.metadata.selfLink).toBeUndefined();
    expect(Number(pod.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      securityContext: {},
      priority: 0,
    });
    expect(pod.spec?.containers[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('answers 409 AlreadyExists and 404 for a missing namespace', async () => {
    await pods().create(f.ctx(), podObject('web'), {});
    const exists = await failure(pods().create(f.ctx(), podObject('web'), {}));
    expect([exists.code, exists.reason, exists.message]).toEqual([
      409,
      'AlreadyExists',
      'pods "web" already exists',
    ]);
    const missing = await failure(pods().create(f.ctx('nowhere'), podObject('web'), {}));
    expect([missing.code, missing.message]).toEqual([404, 'namespaces "nowhere" not found']);
  });
});
