// The registry contract, run on a real etcd and on the in-memory storage: every verb, generateName,
// optimistic concurrency, status subresources, binding, graceful and namespace deletion,
// selectors, paging, and watch (resume, selector transitions, 410, bookmarks, timeout).
import type { KubeObject, Namespace, Pod, Service, Status, WatchEvent } from '@groundkube/api';
import { silentLogger } from '@groundkube/logging';
import { Etcd3Storage, MemoryStorage, type Storage } from '@groundkube/storage';
import { startEtcd, type EtcdServer } from '@groundkube/testing';
import { ApiError } from '../api-errors';
import { NamespaceFinalizer } from '../core/namespace/finalizer';
import { iterate, podObject, registryFixture, take, type RegistryFixture } from '../testing/registry-fixture';

interface Backend {
  storage: Storage;
  compact(revision: number): Promise<void>;
}

let etcd: EtcdServer;
beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => {
  await etcd?.stop();
});

const backends: Record<string, () => Promise<Backend>> = {
  etcd3: async () => {
    const storage = new Etcd3Storage({ endpoints: [etcd.endpoint], logger: silentLogger() });
    // Tests share one etcd: each starts from an empty /registry/ (revisions keep counting up).
    await storage.client.delete().prefix('/registry/');
    return {
      storage,
      compact: async (revision) => void (await storage.client.kv.compact({ revision, physical: true })),
    };
  },
  memory: async () => {
    const storage = new MemoryStorage();
    return { storage, compact: async (revision) => storage.compact(revision) };
  },
};

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const names = (items: KubeObject[]): string[] => items.map((i) => i.metadata.name ?? '');
const summary = (events: WatchEvent<KubeObject | Status>[]): string[] =>
  events.map((e) =>
    `${e.type} ${e.object.metadata && 'name' in e.object.metadata ? (e.object.metadata.name ?? '') : ''}`.trim(),
  );

describe.each(Object.keys(backends))('registry (%s)', (backendName) => {
  let backend: Backend;
  let f: RegistryFixture;
  let watches: AbortController;

  beforeEach(async () => {
    backend = await backends[backendName]!();
    f = await registryFixture(backend.storage);
    watches = new AbortController();
  }, 30_000);
  afterEach(async () => {
    watches.abort();
    await backend.storage.close();
  });

  const pods = () => f.registries.lookup('', 'pods')!;
  const ctx = (ns = 'default') => f.ctx(ns, watches.signal);
  const put = (object: KubeObject) => () => object;

  describe('create and get', () => {
    it('generates a name from generateName', async () => {
      const created = await pods().create(
        ctx(),
        { ...podObject(''), metadata: { generateName: 'web-' } },
        {},
      );
      expect(created.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      const got = await pods().get(ctx(), created.metadata.name!);
      expect(got.metadata.uid).toBe(created.metadata.uid);
    });

    it('rejects a body whose namespace differs from the URL, and invalid pods with every cause', async () => {
      const other = { ...podObject('x'), metadata: { name: 'x', namespace: 'kube-system' } };
      const mismatch = await failure(pods().create(ctx(), other, {}));
      expect([mismatch.code, mismatch.message]).toEqual([
        400,
        'the namespace of the provided object does not match the namespace sent on the request',
      ]);
      const bad: Pod = { metadata: { name: 'Bad' }, spec: { containers: [{ name: 'c' }] } };
      const invalid = await failure(pods().create(ctx(), bad, {}));
      expect(invalid.code).toBe(422);
      expect(invalid.reason).toBe('Invalid');
      expect(invalid.details?.causes?.map((c) => c.field)).toEqual([
        'metadata.name',
        'spec.containers[0].image',
      ]);
      expect(
        invalid.message.startsWith(
          'Pod "Bad" is invalid: [metadata.name: Invalid value: "Bad": a lowercase RFC 1123 subdomain',
        ),
      ).toBe(true);
    });

    it('checks label keys and values', async () => {
      const error = await failure(
        pods().create(ctx(), podObject('web', {}, { 'bad key': 'ok', app: 'no way' }), {}),
      );
      expect(error.code).toBe(422);
      const causes = error.details?.causes ?? [];
      expect(causes.map((c) => c.field)).toEqual(['metadata.labels', 'metadata.labels']);
      expect(causes[0]?.message).toMatch(
        /^Invalid value: "bad key": name part must consist of alphanumeric characters/,
      );
      expect(causes[1]?.message).toMatch(/^Invalid value: "no way": a valid label must be an empty string/);
    });

    it('names the kind with its group in Invalid messages', async () => {
      const leases = f.registries.lookup('coordination.k8s.io', 'leases')!;
      const error = await failure(
        leases.create(
          ctx(),
          { metadata: { name: 'l' }, spec: { leaseDurationSeconds: -1 } } as KubeObject,
          {},
        ),
      );
      expect(error.message).toBe(
        'Lease.coordination.k8s.io "l" is invalid: spec.leaseDurationSeconds: Invalid value: -1: must be greater than 0',
      );
    });

    it('answers 404 with the group-qualified resource for leases', async () => {
      const error = await failure(
        f.registries.lookup('coordination.k8s.io', 'leases')!.get(ctx('kube-node-lease'), 'n1'),
      );
      expect([error.code, error.reason, error.message]).toEqual([
        404,
        'NotFound',
        'leases.coordination.k8s.io "n1" not found',
      ]);
    });

    it('refuses to create in a terminating namespace (403)', async () => {
      const namespaces = f.registries.lookup('', 'namespaces')!;
      await namespaces.create(ctx(''), { metadata: { name: 'doomed' } }, {});
      // A create first, so the namespace is known Active; the delete must still take effect at once.
      await pods().create(ctx('doomed'), podObject('early'), {});
      await namespaces.delete(ctx(''), 'doomed', {}, {});
      const error = await failure(pods().create(ctx('doomed'), podObject('late'), {}));
      expect([error.code, error.message]).toEqual([
        403,
        'pods "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      ]);
    });
  });

  describe('update', () => {
    it('applies a change, keeps status, and bumps generation on a spec change', async () => {
      const created = (await pods().create(ctx(), podObject('web'), {})) as Pod;
      const next = structuredClone(created);
      next.metadata.labels = { app: 'web' };
      next.spec!.containers[0]!.image = 'nginx:1.27';
      next.status = { phase: 'Running' };
      const { object, created: wasCreated } = await pods().update(ctx(), 'web', put(next), {});
      const pod = object as Pod;
      expect(wasCreated).toBe(false);
      expect(pod.metadata.labels).toEqual({ app: 'web' });
      expect(pod.metadata.generation).toBe(2);
      expect(pod.status?.phase).toBe('Pending');
      expect(Number(pod.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    });

    it('answers 409 Conflict to a stale resourceVersion and accepts an unconditional update', async () => {
      const created = await pods().create(ctx(), podObject('web'), {});
      await pods().update(
        ctx(),
        'web',
        (live) => ({ ...live!, metadata: { ...live!.metadata, labels: { v: '1' } } }),
        {},
      );
      const stale = { ...created, metadata: { ...created.metadata, labels: { v: '2' } } };
      const error = await failure(pods().update(ctx(), 'web', put(stale), {}));
      expect([error.code, error.reason, error.message]).toEqual([
        409,
        'Conflict',
        'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
      ]);
      const unconditional = structuredClone(stale);
      delete unconditional.metadata.resourceVersion;
      const { object } = await pods().update(ctx(), 'web', put(unconditional), {});
      expect(object.metadata.labels).toEqual({ v: '2' });
    });

    it('writes nothing for an update that changes nothing, even with keys reordered', async () => {
      const created = (await pods().create(ctx(), podObject('web'), {})) as Pod;
      const reordered = {
        status: created.status,
        spec: created.spec,
        metadata: { ...created.metadata },
        kind: 'Pod',
      } as Pod;
      delete reordered.metadata.resourceVersion;
      const { object } = await pods().update(ctx(), 'web', put(reordered), {});
      expect(object.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    });

    it('retries racing updaters on the newest object, so none is lost', async () => {
      await pods().create(ctx(), podObject('web'), {});
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      await Promise.all(
        keys.map((k) =>
          pods().update(
            ctx(),
            'web',
            (live) => ({
              ...live!,
              metadata: { ...live!.metadata, labels: { ...live!.metadata.labels, [k]: k } },
            }),
            {},
          ),
        ),
      );
      const pod = await pods().get(ctx(), 'web');
      expect(Object.keys(pod.metadata.labels ?? {}).sort()).toEqual(keys);
    });

    it('forbids changing the pod spec beyond images (422)', async () => {
      const created = (await pods().create(ctx(), podObject('web'), {})) as Pod;
      const moved = structuredClone(created);
      moved.spec!.restartPolicy = 'Never';
      const error = await failure(pods().update(ctx(), 'web', put(moved), {}));
      expect(error.code).toBe(422);
      expect(error.message).toContain(
        'Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than',
      );
    });

    it('creates on update only where the kind allows it', async () => {
      const missing = await failure(pods().update(ctx(), 'ghost', put(podObject('ghost')), {}));
      expect([missing.code, missing.message]).toEqual([404, 'pods "ghost" not found']);
      const leases = f.registries.lookup('coordination.k8s.io', 'leases')!;
      const lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'node-1' },
        spec: { holderIdentity: 'node-1' },
      };
      const result = await leases.update(ctx('kube-node-lease'), 'node-1', put(lease), {});
      expect(result.created).toBe(true);
      expect(result.object.apiVersion).toBe('coordination.k8s.io/v1');
    });

    it('writes status only through the status subresource', async () => {
      await pods().create(ctx(), podObject('web'), {});
      const status = f.registries.lookup('', 'pods', 'status')!;
      const { object } = await status.update(
        ctx(),
        'web',
        (live) =>
          ({
            ...live!,
            metadata: { ...live!.metadata, labels: { ignored: 'yes' } },
            status: { phase: 'Running', podIP: '10.1.0.5' },
          }) as Pod,
        {},
      );
      const pod = object as Pod;
      expect(pod.status).toEqual({ phase: 'Running', podIP: '10.1.0.5' });
      expect(pod.metadata.labels).toBeUndefined();
      const badIP = await failure(
        status.update(ctx(), 'web', (live) => ({ ...live!, status: { podIP: '10.1.0.300' } }) as Pod, {}),
      );
      expect(badIP.message).toBe(
        'Pod "web" is invalid: status.podIP: Invalid value: "10.1.0.300": must be a valid IP address',
      );
      const methodError = await failure(status.create(ctx(), podObject('x'), {}));
      expect(methodError.code).toBe(405);
    });
  });

  describe('services', () => {
    const service = (name: string, clusterIP?: string): KubeObject =>
      ({
        metadata: { name },
        spec: { ports: [{ port: 80 }], ...(clusterIP ? { clusterIP } : {}) },
      }) as KubeObject;

    it('allocates distinct cluster IPs from the range and refuses a taken one', async () => {
      const services = f.registries.lookup('', 'services')!;
      const a = (await services.create(ctx(), service('a'), {})) as Service;
      const b = (await services.create(ctx(), service('b'), {})) as Service;
      expect(a.spec?.clusterIP).toMatch(/^10\.0\.0\.\d+$/);
      expect(a.spec?.clusterIPs).toEqual([a.spec?.clusterIP]);
      expect(b.spec?.clusterIP).not.toBe(a.spec?.clusterIP);
      expect(a.spec?.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
      expect(a.spec?.type).toBe('ClusterIP');
      expect(a.spec?.sessionAffinity).toBe('None');
      expect(a.spec?.externalTrafficPolicy).toBeUndefined();
      const taken = await failure(services.create(ctx(), service('c', a.spec!.clusterIP), {}));
      expect(taken.code).toBe(422);
      expect(taken.message).toContain('provided IP is already allocated');
      const outside = await failure(services.create(ctx(), service('d', '192.168.0.1'), {}));
      expect(outside.message).toContain('is not in the valid range. The range of valid IPs is 10.0.0.0/24');
    });

    it('allocates node ports for NodePort services and refuses a taken one', async () => {
      const services = f.registries.lookup('', 'services')!;
      const nodePort = (name: string, port?: number): KubeObject =>
        ({
          metadata: { name },
          spec: { type: 'NodePort', ports: [{ port: 80, ...(port ? { nodePort: port } : {}) }] },
        }) as KubeObject;
      const a = (await services.create(ctx(), nodePort('a'), {})) as Service;
      const allocated = a.spec?.ports?.[0]?.nodePort ?? 0;
      expect(allocated).toBeGreaterThanOrEqual(30000);
      expect(allocated).toBeLessThanOrEqual(32767);
      expect(a.spec?.externalTrafficPolicy).toBe('Cluster');
      const taken = await failure(services.create(ctx(), nodePort('b', allocated), {}));
      expect(taken.message).toBe(
        `Service "b" is invalid: spec.ports[0].nodePort: Invalid value: ${allocated}: provided port is already allocated`,
      );
    });

    const webNodePort = (name: string, nodePorts: number[]): KubeObject =>
      ({
        metadata: { name },
        spec: {
          type: 'NodePort',
          selector: { app: 'web' },
          ports: nodePorts.map((nodePort, i) => ({ name: `p${i}`, port: 80 + i, nodePort })),
        },
      }) as KubeObject;
    const withType =
      (type: string, edit: (spec: Record<string, unknown>) => void = () => undefined) =>
      (live: KubeObject | undefined): KubeObject => {
        const next = structuredClone(live!) as Service;
        next.spec!.type = type as NonNullable<Service['spec']>['type'];
        edit(next.spec as Record<string, unknown>);
        return next;
      };

    it('drops and frees the node ports and the traffic policy when the type becomes ClusterIP', async () => {
      const services = f.registries.lookup('', 'services')!;
      await services.create(ctx(), webNodePort('webnp', [30080, 31168]), {});
      const { object } = await services.update(ctx(), 'webnp', withType('ClusterIP'), {});
      const spec = (object as Service).spec!;
      expect(spec.type).toBe('ClusterIP');
      expect(spec.ports?.map((p) => p.nodePort)).toEqual([undefined, undefined]);
      expect(spec.externalTrafficPolicy).toBeUndefined();
      expect(((await services.get(ctx(), 'webnp')) as Service).spec?.ports?.[0]).toEqual({
        name: 'p0',
        port: 80,
        protocol: 'TCP',
        targetPort: 80,
      });
      const reused = (await services.create(ctx(), webNodePort('again', [30080]), {})) as Service;
      expect(reused.spec?.ports?.[0]?.nodePort).toBe(30080);
    });

    it('refuses a node port on a ClusterIP service, on create and on an update that asks for one', async () => {
      const services = f.registries.lookup('', 'services')!;
      const clusterIPWithNodePort = {
        metadata: { name: 'cip' },
        spec: { type: 'ClusterIP', ports: [{ port: 80, nodePort: 30500 }] },
      } as KubeObject;
      const created = await failure(services.create(ctx(), clusterIPWithNodePort, {}));
      expect({ code: created.code, message: created.message }).toEqual({
        code: 422,
        message:
          'Service "cip" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'',
      });
      // Switching type while also asking for a new node port keeps the port, so validation refuses it.
      await services.create(ctx(), webNodePort('np', [30081]), {});
      const switched = await failure(
        services.update(
          ctx(),
          'np',
          withType('ClusterIP', (spec) => {
            (spec['ports'] as { nodePort: number }[])[0]!.nodePort = 30082;
          }),
          {},
        ),
      );
      expect(switched.message).toBe(
        'Service "np" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'',
      );
      const policy = await failure(
        services.create(
          ctx(),
          {
            metadata: { name: 'etp' },
            spec: { ports: [{ port: 80 }], externalTrafficPolicy: 'Local' },
          } as KubeObject,
          {},
        ),
      );
      expect(policy.message).toBe(
        'Service "etp" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      );
    });

    it('allocates node ports on an update that makes a ClusterIP service a NodePort one', async () => {
      const services = f.registries.lookup('', 'services')!;
      await services.create(ctx(), webNodePort('taken', [30090]), {});
      await services.create(ctx(), service('plain'), {});
      const { object } = await services.update(ctx(), 'plain', withType('NodePort'), {});
      const spec = (object as Service).spec!;
      const nodePort = spec.ports?.[0]?.nodePort ?? 0;
      expect(nodePort).toBeGreaterThanOrEqual(30000);
      expect(nodePort).not.toBe(30090);
      expect(spec.externalTrafficPolicy).toBe('Cluster');
      // A replace that leaves the node port out keeps the allocated one.
      const replaced = await services.update(
        ctx(),
        'plain',
        withType('NodePort', (s) => {
          s['ports'] = [{ port: 80 }];
        }),
        {},
      );
      expect((replaced.object as Service).spec?.ports?.[0]?.nodePort).toBe(nodePort);
      const clash = await failure(
        services.update(
          ctx(),
          'plain',
          withType('NodePort', (s) => {
            s['ports'] = [{ port: 80, nodePort: 30090 }];
          }),
          {},
        ),
      );
      expect(clash.message).toBe(
        'Service "plain" is invalid: spec.ports[0].nodePort: Invalid value: 30090: provided port is already allocated',
      );
    });
  });

  describe('binding', () => {
    it('binds a pod once, then answers 409', async () => {
      await pods().create(ctx(), podObject('web'), {});
      const binding = f.registries.lookup('', 'pods', 'binding')!;
      const target = {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'web' },
        target: { kind: 'Node', name: 'node-1' },
      };
      await binding.create(ctx(), target as KubeObject, {});
      const pod = (await pods().get(ctx(), 'web')) as Pod;
      expect(pod.spec?.nodeName).toBe('node-1');
      expect(pod.status?.conditions?.map((c) => [c.type, c.status])).toEqual([['PodScheduled', 'True']]);
      const again = await failure(binding.create(ctx(), target as KubeObject, {}));
      expect([again.code, again.message]).toEqual([
        409,
        'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"',
      ]);
    });
  });

  describe('delete', () => {
    it('removes an unbound pod at once and answers 404 afterwards', async () => {
      await pods().create(ctx(), podObject('web'), {});
      const result = await pods().delete(ctx(), 'web', {}, {});
      expect(result.deleted).toBe(true);
      expect(result.object.metadata.name).toBe('web');
      expect((await failure(pods().get(ctx(), 'web'))).code).toBe(404);
      expect((await failure(pods().delete(ctx(), 'web', {}, {}))).message).toBe('pods "web" not found');
    });

    it('marks a bound pod with its grace, shortens it on request, and removes it with grace 0', async () => {
      await pods().create(ctx(), podObject('web', { nodeName: 'node-1' }), {});
      const first = await pods().delete(ctx(), 'web', {}, {});
      expect(first.deleted).toBe(false);
      expect(first.object.metadata.deletionTimestamp).toBe('2026-03-01T10:00:30Z');
      expect(first.object.metadata.deletionGracePeriodSeconds).toBe(30);

      const shorter = await pods().delete(ctx(), 'web', { gracePeriodSeconds: 5 }, {});
      expect([shorter.deleted, shorter.object.metadata.deletionTimestamp]).toEqual([
        false,
        '2026-03-01T10:00:05Z',
      ]);
      const longer = await pods().delete(ctx(), 'web', { gracePeriodSeconds: 60 }, {});
      expect(longer.object.metadata.deletionGracePeriodSeconds).toBe(5);

      const now = await pods().delete(ctx(), 'web', { gracePeriodSeconds: 0 }, {});
      expect(now.deleted).toBe(true);
      expect((await failure(pods().get(ctx(), 'web'))).code).toBe(404);
    });

    it('bumps the generation when it marks an object for deletion', async () => {
      await pods().create(ctx(), podObject('web', { nodeName: 'node-1' }), {});
      const marked = await pods().delete(ctx(), 'web', {}, {});
      expect(marked.object.metadata.generation).toBe(2);
    });

    it('completes a namespace deletion through namespaces/finalize', async () => {
      const namespaces = f.registries.lookup('', 'namespaces')!;
      await namespaces.create(ctx(''), { metadata: { name: 'stuck' } }, {});
      await namespaces.delete(ctx(''), 'stuck', {}, {});
      const finalize = f.registries.lookup('', 'namespaces', 'finalize')!;
      const result = await finalize.update(
        ctx(''),
        'stuck',
        (live) => ({ ...live!, spec: { finalizers: [] } }) as Namespace,
        {},
      );
      expect((result.object as Namespace).spec?.finalizers).toEqual([]);
      expect((await failure(namespaces.get(ctx(''), 'stuck'))).code).toBe(404);
    });

    it('keeps an object with finalizers until the last one is removed, and refuses new ones meanwhile', async () => {
      const withFinalizer = podObject('held');
      withFinalizer.metadata.finalizers = ['example.com/hold'];
      await pods().create(ctx(), withFinalizer, {});
      const marked = await pods().delete(ctx(), 'held', {}, {});
      expect([marked.deleted, marked.object.metadata.deletionGracePeriodSeconds]).toEqual([false, 0]);

      const setFinalizers = (finalizers: string[]) =>
        pods().update(
          ctx(),
          'held',
          (live) => ({ ...live!, metadata: { ...live!.metadata, finalizers } }),
          {},
        );
      const refused = await failure(setFinalizers(['example.com/hold', 'example.com/more']));
      expect(refused.message).toBe(
        'Pod "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted',
      );
      await setFinalizers([]);
      expect((await failure(pods().get(ctx(), 'held'))).code).toBe(404);
    });

    it('checks uid and resourceVersion preconditions (409)', async () => {
      const created = await pods().create(ctx(), podObject('web'), {});
      const uid = await failure(pods().delete(ctx(), 'web', { preconditions: { uid: 'other' } }, {}));
      expect([uid.code, uid.message]).toEqual([
        409,
        `Operation cannot be fulfilled on pods "web": Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid}`,
      ]);
      const rv = await failure(pods().delete(ctx(), 'web', { preconditions: { resourceVersion: '1' } }, {}));
      expect(rv.code).toBe(409);
      const ok = await pods().delete(ctx(), 'web', { preconditions: { uid: created.metadata.uid! } }, {});
      expect(ok.deleted).toBe(true);
    });

    it('deletes a collection by label selector', async () => {
      await pods().create(ctx(), podObject('a', {}, { app: 'x' }), {});
      await pods().create(ctx(), podObject('b', {}, { app: 'y' }), {});
      await pods().create(ctx(), podObject('c', {}, { app: 'x' }), {});
      const deleted = await pods().deleteCollection(ctx(), {}, { labelSelector: 'app=x' }, {});
      expect(names(deleted.items)).toEqual(['a', 'c']);
      expect(names((await pods().list(ctx(), {})).items)).toEqual(['b']);
    });

    it('refuses to delete the system namespaces (403)', async () => {
      const error = await failure(f.registries.lookup('', 'namespaces')!.delete(ctx(''), 'default', {}, {}));
      expect([error.code, error.reason, error.message]).toEqual([
        403,
        'Forbidden',
        'namespaces "default" is forbidden: this namespace may not be deleted',
      ]);
    });

    it('deletes a namespace with what is in it, waiting for bound pods', async () => {
      const namespaces = f.registries.lookup('', 'namespaces')!;
      await namespaces.create(ctx(''), { metadata: { name: 'team' } }, {});
      await pods().create(ctx('team'), podObject('loose'), {});
      await pods().create(ctx('team'), podObject('bound', { nodeName: 'node-1' }), {});
      const marked = await namespaces.delete(ctx(''), 'team', {}, {});
      expect(marked.deleted).toBe(false);
      expect((marked.object as Namespace).status?.phase).toBe('Terminating');

      const finalizer = new NamespaceFinalizer(f.registries);
      expect(await finalizer.sweep(watches.signal)).toEqual({ removed: [], waiting: ['team'] });
      const left = await pods().list(ctx('team'), {});
      expect(names(left.items)).toEqual(['bound']);
      expect(left.items[0]!.metadata.deletionTimestamp).toBeDefined();

      // The kubelet finishes the pod with grace 0; then the namespace can go.
      await pods().delete(ctx('team'), 'bound', { gracePeriodSeconds: 0 }, {});
      expect(await finalizer.sweep(watches.signal)).toEqual({ removed: ['team'], waiting: [] });
      expect((await failure(namespaces.get(ctx(''), 'team'))).code).toBe(404);
    });
  });

  describe('list', () => {
    it('filters by label and field selectors, including != and events by involvedObject', async () => {
      await pods().create(ctx(), podObject('a', { nodeName: 'n1' }, { app: 'web' }), {});
      await pods().create(ctx(), podObject('b', { nodeName: 'n2' }, { app: 'web' }), {});
      await pods().create(ctx(), podObject('c', {}, { app: 'db' }), {});
      expect(names((await pods().list(ctx(), { labelSelector: 'app=web' })).items)).toEqual(['a', 'b']);
      expect(names((await pods().list(ctx(''), { fieldSelector: 'spec.nodeName=n1' })).items)).toEqual(['a']);
      expect(
        names((await pods().list(ctx(), { fieldSelector: 'spec.nodeName!=n1,status.phase!=Failed' })).items),
      ).toEqual(['b', 'c']);
      expect(names((await pods().list(ctx(), { fieldSelector: 'metadata.name=c' })).items)).toEqual(['c']);

      const events = f.registries.lookup('', 'events')!;
      await events.create(
        ctx(),
        {
          metadata: { name: 'e1' },
          involvedObject: { kind: 'Pod', name: 'a', namespace: 'default' },
        } as KubeObject,
        {},
      );
      await events.create(
        ctx(),
        { metadata: { name: 'e2' }, involvedObject: { kind: 'Node', name: 'n1' } } as KubeObject,
        {},
      );
      const forNode = await events.list(ctx(''), {
        fieldSelector: 'involvedObject.kind=Node,involvedObject.namespace=',
      });
      expect(names(forNode.items)).toEqual(['e2']);
    });

    it('answers 400 to an unsupported field label', async () => {
      const error = await failure(pods().list(ctx(), { fieldSelector: 'spec.foo=x' }));
      expect([error.code, error.message]).toEqual([400, 'field label not supported: spec.foo']);
    });

    it('pages with limit and continue at one revision, also through a selector', async () => {
      for (const n of ['a', 'b', 'c', 'd', 'e']) {
        await pods().create(
          ctx(),
          podObject(n, {}, { keep: ['a', 'c', 'e'].includes(n) ? 'yes' : 'no' }),
          {},
        );
      }
      const first = await pods().list(ctx(), { limit: 2 });
      expect(names(first.items)).toEqual(['a', 'b']);
      expect(first.metadata.remainingItemCount).toBe(3);
      await pods().create(ctx(), podObject('bb'), {});
      const second = await pods().list(ctx(), { limit: 2, continue: first.metadata.continue });
      expect(names(second.items)).toEqual(['c', 'd']);
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);

      const page1 = await pods().list(ctx(), { limit: 1, labelSelector: 'keep=yes' });
      const page2 = await pods().list(ctx(), {
        limit: 1,
        labelSelector: 'keep=yes',
        continue: page1.metadata.continue,
      });
      const page3 = await pods().list(ctx(), {
        limit: 1,
        labelSelector: 'keep=yes',
        continue: page2.metadata.continue,
      });
      expect([...names(page1.items), ...names(page2.items), ...names(page3.items)]).toEqual(['a', 'c', 'e']);
      expect(page3.metadata.continue).toBeUndefined();
    });

    it('reads at an exact older resourceVersion, and answers 504 to one not reached yet', async () => {
      const a = await pods().create(ctx(), podObject('a'), {});
      await pods().create(ctx(), podObject('b'), {});
      const old = await pods().list(ctx(), {
        resourceVersion: a.metadata.resourceVersion,
        resourceVersionMatch: 'Exact',
      });
      expect(names(old.items)).toEqual(['a']);
      expect(old.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
      const newest = await pods().list(ctx(), { resourceVersion: a.metadata.resourceVersion });
      expect(names(newest.items)).toEqual(['a', 'b']);
      const future = await failure(pods().list(ctx(), { resourceVersion: '999999' }));
      expect([future.code, future.reason]).toEqual([504, 'Timeout']);
      expect(future.message).toMatch(/^Timeout: Too large resource version: 999999, current: \d+$/);
    });

    it('answers 410 Expired to a continue token whose revision was compacted', async () => {
      for (const n of ['a', 'b', 'c']) await pods().create(ctx(), podObject(n), {});
      const first = await pods().list(ctx(), { limit: 1 });
      const later = await pods().create(ctx(), podObject('d'), {});
      await backend.compact(Number(later.metadata.resourceVersion));
      const error = await failure(pods().list(ctx(), { limit: 1, continue: first.metadata.continue }));
      expect([error.code, error.reason]).toEqual([410, 'Expired']);
      expect(error.message).toContain('The provided continue parameter is too old');
    });
  });

  describe('watch', () => {
    it('sends the current state, then changes; resumes after a resourceVersion', async () => {
      await pods().create(ctx(), podObject('a'), {});
      const stream = iterate(pods().watch(ctx(), {}));
      expect(summary(await take(stream, 1))).toEqual(['ADDED a']);
      const b = await pods().create(ctx(), podObject('b'), {});
      await pods().delete(ctx(), 'a', {}, {});
      expect(summary(await take(stream, 2))).toEqual(['ADDED b', 'DELETED a']);

      await pods().update(
        ctx(),
        'b',
        (live) => ({ ...live!, metadata: { ...live!.metadata, labels: { v: '2' } } }),
        {},
      );
      const resumed = iterate(pods().watch(ctx(), { resourceVersion: b.metadata.resourceVersion }));
      const after = await take(resumed, 2);
      expect(summary(after)).toEqual(['DELETED a', 'MODIFIED b']);
      expect(after[1]!.object.kind).toBe('Pod');
    });

    it('turns selector transitions into ADDED and DELETED', async () => {
      const a = await pods().create(ctx(), podObject('a', {}, { app: 'web' }), {});
      const stream = iterate(
        pods().watch(ctx(), { labelSelector: 'app=web', resourceVersion: a.metadata.resourceVersion }),
      );
      const relabel = (name: string, app: string) =>
        pods().update(
          ctx(),
          name,
          (live) => ({ ...live!, metadata: { ...live!.metadata, labels: { app } } }),
          {},
        );
      await relabel('a', 'db');
      await pods().create(ctx(), podObject('b', {}, { app: 'db' }), {});
      await relabel('b', 'web');
      await relabel('b', 'web2');
      expect(summary(await take(stream, 3))).toEqual(['DELETED a', 'ADDED b', 'DELETED b']);
    });

    it('waits for a resourceVersion the storage has not reached, also with a selector', async () => {
      const a = await pods().create(ctx(), podObject('a', {}, { app: 'web' }), {});
      const ahead = String(Number(a.metadata.resourceVersion) + 1);
      const stream = iterate(pods().watch(ctx(), { resourceVersion: ahead, labelSelector: 'app=web' }));
      // Start the watch before the storage reaches `ahead` (on memory storage it gets there first).
      const first = stream.next();
      await new Promise((resolve) => setImmediate(resolve));
      await pods().create(ctx(), podObject('skipped', {}, { app: 'web' }), {});
      await pods().create(ctx(), podObject('b', {}, { app: 'web' }), {});
      const event = await first;
      expect(summary(event.done ? [] : [event.value])).toEqual(['ADDED b']);
    });

    it('ends with an ERROR 410 Expired for a compacted resourceVersion', async () => {
      const a = await pods().create(ctx(), podObject('a'), {});
      await pods().update(
        ctx(),
        'a',
        (live) => ({ ...live!, metadata: { ...live!.metadata, labels: { v: '1' } } }),
        {},
      );
      const last = await pods().update(
        ctx(),
        'a',
        (live) => ({ ...live!, metadata: { ...live!.metadata, labels: { v: '2' } } }),
        {},
      );
      await backend.compact(Number(last.object.metadata.resourceVersion));
      const events = await take(
        iterate(pods().watch(ctx(), { resourceVersion: a.metadata.resourceVersion })),
        5,
      );
      expect(events).toHaveLength(1);
      const status = events[0]!.object as Status;
      expect(events[0]!.type).toBe('ERROR');
      expect([status.code, status.reason]).toEqual([410, 'Expired']);
      expect(status.message).toMatch(
        new RegExp(`^too old resource version: ${a.metadata.resourceVersion} \\(\\d+\\)$`),
      );
    });

    it('sends bookmarks on the injected clock and ends at timeoutSeconds', async () => {
      const a = await pods().create(ctx(), podObject('a'), {});
      const request = {
        resourceVersion: a.metadata.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: 5,
      };
      const stream = iterate(pods().watch(ctx(), request));
      const firstEvent = stream.next();
      await f.clock.waitForSleepers(2);
      await f.clock.advance(1_000);
      const bookmark = (await firstEvent).value as WatchEvent<KubeObject>;
      expect(bookmark.type).toBe('BOOKMARK');
      expect(bookmark.object.kind).toBe('Pod');
      expect(bookmark.object.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
      const end = stream.next();
      await f.clock.waitForSleepers(2);
      await f.clock.advance(4_000);
      // The timeout fires together with a bookmark tick; the stream may deliver that one bookmark first.
      let next = await end;
      if (!next.done && next.value.type === 'BOOKMARK') next = await stream.next();
      expect(next.done).toBe(true);
    });

    it('ends requested initial events with an annotated bookmark', async () => {
      await pods().create(ctx(), podObject('a'), {});
      const request = {
        sendInitialEvents: true,
        allowWatchBookmarks: true,
        resourceVersionMatch: 'NotOlderThan' as const,
      };
      const events = await take(iterate(pods().watch(ctx(), request)), 2);
      expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
      expect(events[1]!.object.metadata).toMatchObject({
        annotations: { 'k8s.io/initial-events-end': 'true' },
      });
    });

    it('rejects bad selectors before streaming (400)', () => {
      expect(() => pods().watch(ctx(), { fieldSelector: 'spec.foo=x' })).toThrow(
        'field label not supported: spec.foo',
      );
    });
  });
});
