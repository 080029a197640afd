// pods/eviction over HTTP on a real etcd: a policy/v1 Eviction posted to a pod deletes it with the
// Eviction's deleteOptions (no PodDisruptionBudgets are served, so every eviction is allowed) and
// answers 201 with a Success Status, as kube-apiserver does; JSON and protobuf bodies, as kubectl
// drain sends them.
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { startEtcdBackedServer, type EtcdBackedServer } from './testing/etcd-backed-server';
import { call, podManifest } from './testing/http-helpers';

const PODS = '/api/v1/namespaces/default/pods';

let cluster: EtcdBackedServer;
let base: string;

beforeAll(async () => {
  cluster = await startEtcdBackedServer();
  base = cluster.url;
}, 30_000);

afterAll(async () => {
  await cluster?.close();
});

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SUCCESS = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

function eviction(name: string, deleteOptions?: Obj): Obj {
  return {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace: 'default' },
    ...(deleteOptions === undefined ? {} : { deleteOptions }),
  };
}

async function createPod(name: string, nodeName?: string): Promise<Obj> {
  const created = await call(base, PODS, {
    method: 'POST',
    body: podManifest(name, nodeName === undefined ? {} : { nodeName }),
  });
  expect(created.status).toBe(201);
  return created.body;
}

const evict = (name: string, body: unknown, query = '') =>
  call(base, `${PODS}/${name}/eviction${query}`, { method: 'POST', body });

/** The pod as stored, or undefined once it is gone. */
async function podNamed(name: string): Promise<Obj | undefined> {
  const reply = await call(base, `${PODS}/${name}`);
  if (reply.status === 404) return undefined;
  expect(reply.status).toBe(200);
  return reply.body;
}

/** "k8s\0" + runtime.Unknown { policy/v1 Eviction { metadata { name, namespace }, deleteOptions } }. */
function protobufEviction(name: string, gracePeriodSeconds: number): Buffer {
  const options = new BinaryWriter().tag(1, 0).int64(gracePeriodSeconds).finish();
  const object = new BinaryWriter();
  object.tag(1, 2).fork().tag(1, 2).string(name).tag(3, 2).string('default').join();
  object.tag(2, 2).bytes(options);
  const unknown = new BinaryWriter();
  unknown.tag(1, 2).fork().tag(1, 2).string('policy/v1').tag(2, 2).string('Eviction').join();
  unknown.tag(2, 2).bytes(object.finish());
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown.finish()]);
}

describe('pods/eviction', () => {
  it('marks a pod bound to a node for deletion with the grace period asked, answering 201 Success', async () => {
    const pod = await createPod('ev-bound', 'n1');
    const reply = await evict('ev-bound', eviction('ev-bound', { gracePeriodSeconds: 7 }));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual(SUCCESS);

    const marked = await podNamed('ev-bound');
    expect(marked?.['metadata']).toMatchObject({
      uid: pod['metadata']['uid'],
      deletionGracePeriodSeconds: 7,
      deletionTimestamp: expect.any(String),
    });
    await call(base, `${PODS}/ev-bound`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  });

  it("without deleteOptions uses the pod's own grace period", async () => {
    await createPod('ev-default', 'n1');
    expect((await evict('ev-default', eviction('ev-default'))).status).toBe(201);
    expect((await podNamed('ev-default'))?.['metadata']['deletionGracePeriodSeconds']).toBe(30);
    await call(base, `${PODS}/ev-default`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  });

  it('removes a pod no node runs (unbound, or finished) at once', async () => {
    await createPod('ev-unbound');
    const unbound = await evict('ev-unbound', eviction('ev-unbound', { gracePeriodSeconds: 30 }));
    expect([unbound.status, unbound.body]).toEqual([201, SUCCESS]);
    expect(await podNamed('ev-unbound')).toBeUndefined();

    await createPod('ev-done', 'n1');
    const finished = await call(base, `${PODS}/ev-done/status`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { status: { phase: 'Succeeded' } },
    });
    expect(finished.status).toBe(200);
    expect((await evict('ev-done', eviction('ev-done'))).status).toBe(201);
    expect(await podNamed('ev-done')).toBeUndefined();
  });

  it('refuses an Eviction naming another pod with 400, and answers 404 for a missing pod', async () => {
    await createPod('ev-named', 'n1');
    const mismatch = await evict('ev-named', eviction('someone-else'));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      message: 'name in URL does not match name in Eviction object',
    });
    expect((await podNamed('ev-named'))?.['metadata']).not.toHaveProperty('deletionTimestamp');

    const missing = await evict('ev-ghost', eviction('ev-ghost'));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      message: 'pods "ev-ghost" not found',
      details: { name: 'ev-ghost', kind: 'pods' },
    });
    await call(base, `${PODS}/ev-named`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  });

  it('leaves the pod alone on a dry run, asked on the URL or in deleteOptions', async () => {
    await createPod('ev-dry', 'n1');
    const onUrl = await evict('ev-dry', eviction('ev-dry', { gracePeriodSeconds: 0 }), '?dryRun=All');
    expect([onUrl.status, onUrl.body]).toEqual([201, SUCCESS]);
    const inBody = await evict('ev-dry', eviction('ev-dry', { dryRun: ['All'] }));
    expect([inBody.status, inBody.body]).toEqual([201, SUCCESS]);
    expect((await podNamed('ev-dry'))?.['metadata']).not.toHaveProperty('deletionTimestamp');
    await call(base, `${PODS}/ev-dry`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  });

  it('checks the preconditions and the values of the deleteOptions', async () => {
    await createPod('ev-pre', 'n1');
    const stale = await evict('ev-pre', eviction('ev-pre', { preconditions: { uid: 'not-this-one' } }));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'Conflict' });
    const badDryRun = await evict('ev-pre', eviction('ev-pre', { dryRun: ['Some'] }));
    expect(badDryRun.status).toBe(422);
    expect(badDryRun.body).toMatchObject({
      reason: 'Invalid',
      details: { kind: 'DeleteOptions', group: 'meta.k8s.io', causes: [{ field: 'dryRun' }] },
    });
    const wrongType = await evict('ev-pre', eviction('ev-pre', { gracePeriodSeconds: 'soon' }));
    expect(wrongType.status).toBe(400);
    expect((await podNamed('ev-pre'))?.['metadata']).not.toHaveProperty('deletionTimestamp');
    await call(base, `${PODS}/ev-pre`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  });

  it('takes a protobuf Eviction, as kubectl drain sends it, and answers JSON', async () => {
    await createPod('ev-proto', 'n1');
    const reply = await fetch(`${base}${PODS}/ev-proto/eviction`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/vnd.kubernetes.protobuf',
        Accept: 'application/vnd.kubernetes.protobuf, */*',
      },
      body: protobufEviction('ev-proto', 1),
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await reply.json()).toEqual(SUCCESS);
    expect((await podNamed('ev-proto'))?.['metadata']).toMatchObject({ deletionGracePeriodSeconds: 1 });
    await call(base, `${PODS}/ev-proto`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  });

  it('serves only create: a GET answers 405', async () => {
    await createPod('ev-get', 'n1');
    expect((await call(base, `${PODS}/ev-get/eviction`)).status).toBe(405);
    await call(base, `${PODS}/ev-get`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  });
});
