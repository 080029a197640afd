// The API server end to end over HTTP, on a real etcd: every verb, patch type, watch, tables,
// discovery, errors and the operational endpoints.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Etcd3 } from 'etcd3';
import { silentLogger } from '@groundkube/logging';
import { freePort, startEtcd, type EtcdServer } from '@groundkube/testing';
import { startApiServer } from './api-server';
import { startEtcdBackedServer, type EtcdBackedServer } from './testing/etcd-backed-server';
import { call, openStream, podManifest } from './testing/http-helpers';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const PODS = '/api/v1/namespaces/default/pods';

let cluster: EtcdBackedServer;
let etcd: EtcdServer;
let base: string;

beforeAll(async () => {
  cluster = await startEtcdBackedServer();
  etcd = cluster.etcd;
  base = cluster.url;
}, 30_000);

afterAll(async () => {
  await cluster?.close();
});

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('documents', () => {
  it('/version names Kubernetes 1.32 like kube-apiserver', async () => {
    const { status, body } = await call(base, '/version');
    expect(status).toBe(200);
    expect(body).toMatchObject({ major: '1', minor: '32', gitTreeState: 'clean', compiler: 'tsc' });
    expect(body['gitVersion']).toMatch(/^v1\.32\.\d+$/);
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['gitCommit', 'buildDate', 'goVersion', 'platform']),
    );
  });

  it('serves aggregated discovery only to clients that ask for it, legacy otherwise', async () => {
    const aggregated = await call(base, '/api', {
      accept:
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
    });
    expect(aggregated.headers.get('content-type')).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const resources = (aggregated.body as Obj)['items'][0].versions[0].resources.map((r: Obj) => r.resource);
    expect(resources).toEqual(expect.arrayContaining(['pods', 'nodes', 'namespaces', 'events', 'services']));

    const legacy = await call(base, '/api');
    expect(legacy.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect((await call(base, '/apis')).body).toMatchObject({ kind: 'APIGroupList' });
    const v1 = await call(base, '/api/v1');
    expect(v1.body['kind']).toBe('APIResourceList');
    expect((v1.body as Obj)['resources'].map((r: Obj) => r.name)).toEqual(
      expect.arrayContaining(['pods', 'pods/log', 'pods/status', 'nodes', 'services']),
    );
    expect((await call(base, '/apis/coordination.k8s.io/v1')).body['groupVersion']).toBe(
      'coordination.k8s.io/v1',
    );
    expect((await call(base, '/apis/coordination.k8s.io')).body['kind']).toBe('APIGroup');
    expect((await call(base, '/apis/nope.example.com/v1')).status).toBe(404);
  });

  it('serves OpenAPI v3 with ETags, and v2 as protobuf or JSON', async () => {
    const root = await call(base, '/openapi/v3');
    expect(root.status).toBe(200);
    const relative = (root.body as Obj)['paths']['api/v1'].serverRelativeURL as string;
    const doc = await call(base, relative);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('cache-control')).toBe('public, immutable');
    const etag = doc.headers.get('etag')!;
    const again = await fetch(`${base}${relative}`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const v2 = await fetch(`${base}/openapi/v2`, {
      headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
    });
    expect(v2.status).toBe(200);
    expect(v2.headers.get('content-type')).toBe('application/octet-stream');
    expect((await call(base, '/openapi/v2')).body['swagger']).toBe('2.0');
  });
});

describe('resources', () => {
  it('starts with the system namespaces', async () => {
    const { body } = await call(base, '/api/v1/namespaces');
    const names = (body as Obj)['items'].map((n: Obj) => n.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']),
    );
  });

  it('creates from JSON and YAML, defaulting the namespace from the URL', async () => {
    const created = await call(base, PODS, { method: 'POST', body: podManifest('create-json') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'create-json', namespace: 'default' },
      spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
      status: { phase: 'Pending' },
    });
    const yaml =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: create-yaml\nspec:\n  containers:\n  - name: a\n    image: busybox\n';
    const fromYaml = await call(base, PODS, { method: 'POST', body: yaml, contentType: 'application/yaml' });
    expect(fromYaml.status).toBe(201);
    expect(fromYaml.body['metadata']).toMatchObject({ name: 'create-yaml', namespace: 'default' });

    const again = await call(base, PODS, { method: 'POST', body: podManifest('create-json') });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      kind: 'Status',
      reason: 'AlreadyExists',
      message: 'pods "create-json" already exists',
    });
  });

  it('indents replies for curl (as in the walkthrough) and ?pretty=true, kind first', async () => {
    const asCurl = await fetch(`${base}/api/v1/nodes`, { headers: { 'User-Agent': 'curl/7.88.1' } });
    expect(await asCurl.text()).toMatch(/^\{\n {2}"kind": "NodeList",\n {2}"apiVersion": "v1",\n/);
    const asProgram = await fetch(`${base}/api/v1/nodes`);
    expect(await asProgram.text()).toMatch(/^\{"kind":"NodeList","apiVersion":"v1",/);
    const asked = await fetch(`${base}/api/v1/namespaces/default?pretty=true`);
    expect(await asked.text()).toMatch(/^\{\n {2}"kind": "Namespace",\n {2}"apiVersion": "v1",\n/);
  });

  it('gets, lists (also cluster-wide) and pages', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('read-a') });
    await call(base, PODS, { method: 'POST', body: podManifest('read-b') });
    const one = await call(base, `${PODS}/read-a`);
    expect(one.status).toBe(200);
    expect(one.body['kind']).toBe('Pod');

    const list = await call(base, `${PODS}?labelSelector=app%3Dread-a`);
    expect(list.body).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect((list.body as Obj)['items'].map((p: Obj) => p.metadata.name)).toEqual(['read-a']);
    expect((list.body as Obj)['metadata'].resourceVersion).toMatch(/^\d+$/);

    const all = await call(base, '/api/v1/pods?fieldSelector=metadata.name%3Dread-b');
    expect((all.body as Obj)['items'].map((p: Obj) => p.metadata.name)).toEqual(['read-b']);

    const page = await call(base, `${PODS}?limit=1`);
    expect((page.body as Obj)['items']).toHaveLength(1);
    const token = (page.body as Obj)['metadata'].continue as string;
    expect(token).toBeTruthy();
    const next = await call(base, `${PODS}?limit=1&continue=${encodeURIComponent(token)}`);
    expect((next.body as Obj)['items'][0].metadata.name).not.toBe(
      (page.body as Obj)['items'][0].metadata.name,
    );

    const missing = await call(base, `${PODS}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "nope" not found',
      code: 404,
    });
    expect((await call(base, `${PODS}?labelSelector=%3D%3D%3D`)).status).toBe(400);
    expect((await call(base, `${PODS}?fieldSelector=spec.foo%3Dx`)).status).toBe(400);
  });

  it("lists more than gRPC's default 4 MiB message in one reply", async () => {
    const note = 'x'.repeat(200_000);
    for (let i = 0; i < 25; i++) {
      const manifest = podManifest(`big-${i}`, { namespace: 'kube-public' });
      const reply = await call(base, '/api/v1/namespaces/kube-public/pods', {
        method: 'POST',
        body: { ...manifest, metadata: { ...manifest.metadata, annotations: { note } } },
      });
      expect(reply.status).toBe(201);
    }
    const list = await call(base, '/api/v1/namespaces/kube-public/pods');
    expect(list.status).toBe(200);
    expect(list.text.length).toBeGreaterThan(5_000_000);
    expect((list.body as Obj)['items']).toHaveLength(25);
    await call(base, '/api/v1/namespaces/kube-public/pods', { method: 'DELETE' });
  }, 30_000);

  it('answers Tables for lists and single gets, and metadata-only lists', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('tabled', { containers: ['a', 'b'] }) });
    const list = await call(base, PODS, { accept: TABLE_ACCEPT });
    expect(list.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    const columns = (list.body as Obj)['columnDefinitions'].map((c: Obj) => c.name);
    expect(columns.slice(0, 5)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    const row = (list.body as Obj)['rows'].find((r: Obj) => r.cells[0] === 'tabled');
    expect(row.cells.slice(1, 4)).toEqual(['0/2', 'Pending', '0']);
    expect(row.object.kind).toBe('PartialObjectMetadata');
    expect((list.body as Obj)['metadata'].resourceVersion).toMatch(/^\d+$/);

    const single = await call(base, `${PODS}/tabled?includeObject=Object`, { accept: TABLE_ACCEPT });
    expect((single.body as Obj)['rows']).toHaveLength(1);
    expect((single.body as Obj)['rows'][0].object.kind).toBe('Pod');
    expect((await call(base, `${PODS}?includeObject=Some`, { accept: TABLE_ACCEPT })).status).toBe(400);

    const nodes = await call(base, '/api/v1/nodes', { accept: TABLE_ACCEPT });
    expect((nodes.body as Obj)['columnDefinitions'].map((c: Obj) => c.name).slice(0, 5)).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
    ]);

    const partial = await call(base, PODS, {
      accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    });
    expect(partial.body['kind']).toBe('PartialObjectMetadataList');
  });

  it('validates but does not store with dryRun=All', async () => {
    const dry = await call(base, `${PODS}?dryRun=All`, { method: 'POST', body: podManifest('dry') });
    expect(dry.status).toBe(201);
    expect(dry.body['metadata']).toMatchObject({ name: 'dry', namespace: 'default' });
    expect((await call(base, `${PODS}/dry`)).status).toBe(404);
    const bad = await call(base, `${PODS}?dryRun=All`, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dry' } },
    });
    expect(bad.status).toBe(422);
  });

  it('updates with PUT, refusing a stale resourceVersion with 409', async () => {
    const created = (await call(base, PODS, { method: 'POST', body: podManifest('put-me') })).body as Obj;
    const changed = {
      ...created,
      metadata: { ...created['metadata'], labels: { app: 'put-me', tier: 'x' } },
    };
    const updated = await call(base, `${PODS}/put-me`, { method: 'PUT', body: changed });
    expect(updated.status).toBe(200);
    expect(updated.body['metadata']).toMatchObject({ labels: { tier: 'x' } });

    const stale = await call(base, `${PODS}/put-me`, { method: 'PUT', body: changed });
    expect(stale.status).toBe(409);
    expect(stale.body['reason']).toBe('Conflict');

    const renamed = { ...changed, metadata: { ...changed['metadata'], name: 'other' } };
    expect((await call(base, `${PODS}/put-me`, { method: 'PUT', body: renamed })).status).toBe(400);
  });

  it('patches with each patch type, and 415 for others', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('patch-me', { containers: ['a', 'b'] }) });
    const url = `${PODS}/patch-me`;

    const merge = await call(base, url, {
      method: 'PATCH',
      body: { metadata: { labels: { merged: 'yes' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(merge.status).toBe(200);
    expect(merge.body['metadata']).toMatchObject({ labels: { app: 'patch-me', merged: 'yes' } });

    const json = await call(base, url, {
      method: 'PATCH',
      body: [{ op: 'add', path: '/metadata/annotations', value: { note: 'json' } }],
      contentType: 'application/json-patch+json',
    });
    expect(json.status).toBe(200);
    expect(json.body['metadata']).toMatchObject({ annotations: { note: 'json' } });

    const strategic = await call(base, url, {
      method: 'PATCH',
      body: { spec: { containers: [{ name: 'b', image: 'busybox:1.36' }] } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(strategic.status).toBe(200);
    const containers = (strategic.body as Obj)['spec'].containers.map((c: Obj) => `${c.name}=${c.image}`);
    expect(containers).toEqual(['a=busybox', 'b=busybox:1.36']);

    const applied = await call(base, `${PODS}/applied?fieldManager=test`, {
      method: 'PATCH',
      body: podManifest('applied'),
      contentType: 'application/apply-patch+yaml',
    });
    expect(applied.status).toBe(201);
    const reapplied = await call(base, `${PODS}/applied?fieldManager=test`, {
      method: 'PATCH',
      body: { ...podManifest('applied'), metadata: { name: 'applied', labels: { app: 'applied', v: '2' } } },
      contentType: 'application/apply-patch+yaml',
    });
    expect(reapplied.status).toBe(200);
    expect(reapplied.body['metadata']).toMatchObject({ labels: { v: '2' } });

    const unsupported = await call(base, url, { method: 'PATCH', body: {}, contentType: 'text/plain' });
    expect(unsupported.status).toBe(415);
    expect(unsupported.body['reason']).toBe('UnsupportedMediaType');
    const malformed = await call(base, url, {
      method: 'PATCH',
      body: '{nope',
      contentType: 'application/merge-patch+json',
    });
    expect(malformed.status).toBe(400);
    const missing = await call(base, `${PODS}/nope`, {
      method: 'PATCH',
      body: {},
      contentType: 'application/merge-patch+json',
    });
    expect(missing.status).toBe(404);
  });

  it('deletes: a pod answers with the pod, a node with a Success Status; collections too', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('delete-me') });
    const deleted = await call(base, `${PODS}/delete-me`, {
      method: 'DELETE',
      body: { propagationPolicy: 'Background' },
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ kind: 'Pod', metadata: { name: 'delete-me' } });
    expect((await call(base, `${PODS}/delete-me`)).status).toBe(404);

    await call(base, '/api/v1/nodes', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n-del' } },
    });
    const node = await call(base, '/api/v1/nodes/n-del', { method: 'DELETE' });
    expect(node.body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'n-del', kind: 'nodes' },
    });

    await call(base, PODS, {
      method: 'POST',
      body: { ...podManifest('sweep-1'), metadata: { name: 'sweep-1', labels: { sweep: 'y' } } },
    });
    await call(base, PODS, {
      method: 'POST',
      body: { ...podManifest('sweep-2'), metadata: { name: 'sweep-2', labels: { sweep: 'y' } } },
    });
    const swept = await call(base, `${PODS}?labelSelector=sweep%3Dy`, { method: 'DELETE' });
    expect(swept.status).toBe(200);
    expect((await call(base, `${PODS}?labelSelector=sweep%3Dy`)).body['items']).toEqual([]);

    expect((await call(base, `${PODS}/nope`, { method: 'DELETE' })).status).toBe(404);
    expect(
      (await call(base, `${PODS}/x`, { method: 'DELETE', body: { propagationPolicy: 'Sideways' } })).status,
    ).toBe(400);
  });

  it('deletes with protobuf DeleteOptions as kubectl drain sends them: grace period, dryRun', async () => {
    // kubectl 1.32's drain bodies as recorded (--grace-period=1, with the 1 changed to 30; --dry-run=server).
    const graceThirty = '6b3873000a130a027631120d44656c6574654f7074696f6e731202081e1a002200';
    const dryRun = '6b3873000a130a027631120d44656c6574654f7074696f6e7312052a03416c6c1a002200';
    const protobufDelete = (name: string, hex: string) =>
      fetch(`${base}${PODS}/${name}`, {
        method: 'DELETE',
        headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' },
        body: Buffer.from(hex, 'hex'),
      });
    await call(base, PODS, {
      method: 'POST',
      body: podManifest('pb-del', { nodeName: 'n1' }),
    });

    const dry = await protobufDelete('pb-del', dryRun);
    expect(dry.status).toBe(200);
    expect((await call(base, `${PODS}/pb-del`)).body['metadata']).not.toHaveProperty('deletionTimestamp');

    const marked = await protobufDelete('pb-del', graceThirty);
    expect(marked.status).toBe(200);
    expect(((await marked.json()) as Obj)['metadata']).toMatchObject({ deletionGracePeriodSeconds: 30 });
    await call(base, `${PODS}/pb-del`, { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
    expect((await call(base, `${PODS}/pb-del`)).status).toBe(404);
  });

  it('rejects malformed and mismatched bodies with 400, never 500', async () => {
    const cases: { body: string; contentType: string }[] = [
      { body: '{"kind":', contentType: 'application/json' },
      { body: '[]', contentType: 'application/json' },
      { body: 'a: [b', contentType: 'application/yaml' },
      { body: '', contentType: 'application/json' },
      { body: '{"kind":"Node","apiVersion":"v1","metadata":{"name":"x"}}', contentType: 'application/json' },
      { body: '{"kind":"Pod","apiVersion":"v2","metadata":{"name":"x"}}', contentType: 'application/json' },
      { body: '{"kind":"Pod","apiVersion":"v1","metadata":"x"}', contentType: 'application/json' },
      {
        body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x","namespace":"kube-system"},"spec":{"containers":[{"name":"a","image":"b"}]}}',
        contentType: 'application/json',
      },
      // Wrong shapes, which Go's typed decoder refuses before anything else runs.
      {
        body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"},"spec":"x"}',
        contentType: 'application/json',
      },
      {
        body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"},"spec":{"containers":"x"}}',
        contentType: 'application/json',
      },
      {
        body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"},"spec":{"containers":[5]}}',
        contentType: 'application/json',
      },
      {
        body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x"},"spec":{"containers":[{"name":"a","image":"b","ports":"x"}]}}',
        contentType: 'application/json',
      },
      {
        body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":5},"spec":{"containers":[]}}',
        contentType: 'application/json',
      },
      {
        body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x","labels":{"a":1}}}',
        contentType: 'application/json',
      },
    ];
    for (const c of cases) {
      const reply = await call(base, PODS, { method: 'POST', body: c.body, contentType: c.contentType });
      expect({ body: c.body, status: reply.status, kind: reply.body['kind'] }).toEqual({
        body: c.body,
        status: 400,
        kind: 'Status',
      });
    }
    const shape = await call(base, PODS, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: 'x' } },
    });
    expect(shape.body['message']).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into field spec.containers of type array',
    );
    await call(base, PODS, { method: 'POST', body: podManifest('shaped') });
    const patchedShape = await call(base, `${PODS}/shaped`, {
      method: 'PATCH',
      body: { spec: { containers: 'x' } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(patchedShape.status).toBe(400);

    const invalid = await call(base, PODS, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' } },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body['reason']).toBe('Invalid');
  });

  it('answers a wrongly typed field with 400 BadRequest, the decoder’s error, on POST and PATCH', async () => {
    const message =
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ' +
      'PodSpec.spec.terminationGracePeriodSeconds of type int64';
    const manifest = podManifest('typed-grace');
    const created = await call(base, PODS, {
      method: 'POST',
      body: { ...manifest, spec: { ...manifest.spec, terminationGracePeriodSeconds: 'abc' } },
    });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message,
    });

    await call(base, PODS, { method: 'POST', body: manifest });
    const patched = await call(base, `${PODS}/typed-grace`, {
      method: 'PATCH',
      body: { spec: { terminationGracePeriodSeconds: 'abc' } },
      contentType: 'application/merge-patch+json',
    });
    expect(patched.status).toBe(400);
    expect(patched.body['message']).toBe(message);
  });

  it('answers a padded image with 422 Invalid naming the field', async () => {
    const manifest = podManifest('padded');
    manifest.spec.containers[0]!.image = ' busybox';
    const reply = await call(base, PODS, { method: 'POST', body: manifest });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({
      reason: 'Invalid',
      message:
        'Pod "padded" is invalid: spec.containers[0].image: Invalid value: " busybox": must not have leading or trailing whitespace',
      details: {
        name: 'padded',
        kind: 'Pod',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: " busybox": must not have leading or trailing whitespace',
            field: 'spec.containers[0].image',
          },
        ],
      },
    });
  });

  it('refuses POST and PUT bodies in media types it does not decode with 415; none at all means JSON', async () => {
    const message =
      'the body of the request was in an unknown format - accepted media types include: ' +
      'application/json, application/yaml, application/vnd.kubernetes.protobuf';
    await call(base, PODS, { method: 'POST', body: podManifest('typed') });
    const live = (await call(base, `${PODS}/typed`)).body;
    for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const created = await call(base, PODS, {
        method: 'POST',
        body: podManifest('untyped'),
        contentType,
      });
      expect({ contentType, status: created.status, body: created.body }).toEqual({
        contentType,
        status: 415,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message,
          reason: 'UnsupportedMediaType',
          code: 415,
        },
      });
      const replaced = await call(base, `${PODS}/typed`, { method: 'PUT', body: live, contentType });
      expect({ contentType, status: replaced.status }).toEqual({ contentType, status: 415 });
    }
    expect((await call(base, `${PODS}/untyped`)).status).toBe(404);

    // Kubernetes reads a body without a Content-Type as its first media type, JSON.
    const bare = await fetch(`${base}${PODS}`, {
      method: 'POST',
      body: new TextEncoder().encode(JSON.stringify(podManifest('bare'))),
    });
    expect(bare.status).toBe(201);
  });

  it('validates fields: Strict refuses unknown ones, Warn (the default) sends Warning headers', async () => {
    const manifest = podManifest('strict');
    const withUnknown = { ...manifest, spec: { ...manifest.spec, foo: 1 } };
    const strict = await call(base, `${PODS}?fieldValidation=Strict`, { method: 'POST', body: withUnknown });
    expect(strict.status).toBe(400);
    expect(strict.body['message']).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"',
    );
    const warned = await call(base, PODS, { method: 'POST', body: withUnknown });
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""');

    const patched = await call(base, `${PODS}/strict?fieldValidation=Strict`, {
      method: 'PATCH',
      body: { spec: { bar: 2 } },
      contentType: 'application/merge-patch+json',
    });
    expect(patched.status).toBe(400);
    expect(patched.body['message']).toContain('unknown field "spec.bar"');
    const fine = await call(base, `${PODS}/strict?fieldValidation=Strict`, {
      method: 'PATCH',
      body: { metadata: { labels: { ok: 'yes' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(fine.status).toBe(200);
  });

  it('answers unknown paths with 404 and unsupported methods with 405, as Statuses', async () => {
    for (const path of [
      '/nope',
      '/api/v1/widgets',
      '/api/v1/namespaces/default/pods/a/b/c',
      '/apis/x/v1/things',
      // A name far past any limit still gets a Status (the request line is within the 1 MiB allowed).
      `${PODS}/${'a'.repeat(100_000)}`,
    ]) {
      const reply = await call(base, path);
      expect({ path, status: reply.status, reason: reply.body['reason'] }).toEqual({
        path,
        status: 404,
        reason: 'NotFound',
      });
    }
    const cases: [string, string][] = [
      ['POST', '/api/v1/pods'],
      ['PUT', PODS],
      ['POST', `${PODS}/named`],
      ['OPTIONS', PODS],
      ['POST', '/version'],
      ['DELETE', '/api'],
    ];
    for (const [method, path] of cases) {
      const reply = await call(base, path, { method, ...(method === 'OPTIONS' ? {} : { body: {} }) });
      expect({ method, path, status: reply.status }).toEqual({ method, path, status: 405 });
    }
  });
});

describe('watch', () => {
  it('starts with ADDED for current objects, streams changes, resumes from a resourceVersion', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('watched') });
    const stream = await openStream(`${base}${PODS}?watch=true&fieldSelector=metadata.name%3Dwatched`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('application/json');
    expect(stream.headers.get('transfer-encoding')).toBe('chunked');
    const first = JSON.parse((await stream.next())!) as Obj;
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'watched' } } });

    await call(base, `${PODS}/watched`, {
      method: 'PATCH',
      body: { metadata: { labels: { step: '2' } } },
      contentType: 'application/merge-patch+json',
    });
    const modified = JSON.parse((await stream.next())!) as Obj;
    expect(modified).toMatchObject({ type: 'MODIFIED', object: { metadata: { labels: { step: '2' } } } });
    stream.close();

    const resumed = await openStream(
      `${base}/api/v1/watch/namespaces/default/pods/watched?resourceVersion=${first['object'].metadata.resourceVersion}`,
    );
    const replayed = JSON.parse((await resumed.next())!) as Obj;
    expect(replayed).toMatchObject({ type: 'MODIFIED', object: { metadata: { labels: { step: '2' } } } });
    resumed.close();
  });

  it('encodes events as one-row Tables when asked, and ends at timeoutSeconds', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('table-watched') });
    const stream = await openStream(
      `${base}${PODS}?watch=1&fieldSelector=metadata.name%3Dtable-watched&timeoutSeconds=1`,
      TABLE_ACCEPT,
    );
    const event = JSON.parse((await stream.next())!) as Obj;
    expect(event['type']).toBe('ADDED');
    expect(event['object']).toMatchObject({
      kind: 'Table',
      rows: [{ cells: expect.arrayContaining(['table-watched']) }],
    });
    expect(event['object'].columnDefinitions.length).toBeGreaterThan(0);
    // The server ends the stream by itself once the timeout passes.
    expect(await stream.next()).toBeUndefined();
  });

  it('answers a compacted resourceVersion with an ERROR event carrying 410 Expired', async () => {
    const first = await call(base, PODS, { method: 'POST', body: podManifest('compacted-1') });
    const oldVersion = (first.body as Obj)['metadata'].resourceVersion as string;
    await call(base, PODS, { method: 'POST', body: podManifest('compacted-2') });
    const client = new Etcd3({ hosts: etcd.endpoint.replace('http://', '') });
    try {
      const latest = (await client.get('nothing').exec()).header.revision;
      await client.kv.compact({ revision: latest, physical: true });
    } finally {
      client.close();
    }
    const stream = await openStream(`${base}${PODS}?watch=true&resourceVersion=${oldVersion}`);
    try {
      const event = JSON.parse((await stream.next())!) as Obj;
      expect(event).toMatchObject({
        type: 'ERROR',
        object: { kind: 'Status', code: 410, reason: 'Expired' },
      });
    } finally {
      stream.close();
    }
  });

  it('refuses a bad selector with 400 before streaming', async () => {
    const reply = await call(base, `${PODS}?watch=true&fieldSelector=spec.foo%3Dx`);
    expect(reply.status).toBe(400);
  });
});

describe('pods/log', () => {
  let kubelet: Server;
  let kubeletPort: number;
  const seen: string[] = [];

  beforeAll(async () => {
    kubelet = createServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url?.includes('/missing')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('container not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('line 1\nline 2\n');
    });
    await new Promise<void>((resolve) => kubelet.listen(0, '127.0.0.1', resolve));
    kubeletPort = (kubelet.address() as AddressInfo).port;
    await call(base, '/api/v1/nodes', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'log-node' } },
    });
    await call(base, '/api/v1/nodes/log-node/status', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
          daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
        },
      },
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => kubelet.close(() => resolve()));
  });

  it("proxies to the kubelet of the pod's node, choosing the only container", async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('logged', { nodeName: 'log-node' }) });
    const response = await fetch(`${base}${PODS}/logged/log?tailLines=5&follow=true`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('line 1\nline 2\n');
    expect(seen.at(-1)).toBe('/containerLogs/default/logged/main?tailLines=5&follow=true');
  });

  it('asks for a container when the pod has several, and passes kubelet failures on', async () => {
    await call(base, PODS, {
      method: 'POST',
      body: podManifest('logged-2', { nodeName: 'log-node', containers: ['nginx', 'missing'] }),
    });
    const ambiguous = await call(base, `${PODS}/logged-2/log`);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body['message']).toBe(
      'a container name must be specified for pod logged-2, choose one of: [nginx missing]',
    );
    const failed = await call(base, `${PODS}/logged-2/log?container=missing`);
    expect(failed.status).toBe(404);
    expect(failed.body['message']).toBe('container not found');
  });
});

describe('operations', () => {
  it('counts requests in /metrics under Kubernetes names', async () => {
    await call(base, '/api/v1/namespaces/kube-system/services');
    const metrics = await call(base, '/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toMatch(
      /apiserver_request_total\{verb="LIST",dry_run="",group="",version="v1",resource="services",subresource="",scope="namespace",component="apiserver",code="200"\} [1-9]/,
    );
    expect(metrics.text).toContain('apiserver_request_duration_seconds_bucket{le="0.005",verb="LIST"');
    // The /metrics request itself is in flight while it renders.
    expect(metrics.text).toContain('apiserver_current_inflight_requests{request_kind="readOnly"} 1');
  });

  it('counts open watches as long-running requests', async () => {
    const stream = await openStream(`${base}/api/v1/nodes?watch=true&fieldSelector=metadata.name%3Dnobody`);
    try {
      const metrics = await call(base, '/metrics');
      expect(metrics.text).toMatch(
        /apiserver_longrunning_requests\{verb="WATCH",group="",version="v1",resource="nodes",subresource="",scope="cluster",component="apiserver"\} 1/,
      );
    } finally {
      stream.close();
    }
  });

  it('is healthy and ready while etcd answers', async () => {
    expect((await call(base, '/healthz')).text).toBe('ok');
    expect((await call(base, '/livez')).text).toBe('ok');
    const ready = await call(base, '/readyz?verbose');
    expect(ready.status).toBe(200);
    expect(ready.text).toContain('[+]etcd ok');
    expect((await call(base, '/readyz/etcd')).status).toBe(200);
    expect((await call(base, '/readyz/nope')).status).toBe(404);
  });
});

describe('shutdown', () => {
  it('ends open watches cleanly and stops serving', async () => {
    const own = await startApiServer({
      etcdEndpoints: [etcd.endpoint],
      host: '127.0.0.1',
      port: await freePort(),
      logger: silentLogger(),
    });
    const stream = await openStream(`${own.url}${PODS}?watch=true&fieldSelector=metadata.name%3Dnobody`);
    expect(stream.status).toBe(200);
    await own.close();
    // The stream ends as a finished chunked response, not a cut connection (which would reject).
    await expect(stream.next()).resolves.toBeUndefined();
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });
});

describe('readiness without etcd', () => {
  it('turns /readyz to 503 when etcd stops', async () => {
    const ownEtcd = await startEtcd();
    const own = await startApiServer({
      etcdEndpoints: [ownEtcd.endpoint],
      host: '127.0.0.1',
      port: await freePort(),
      logger: silentLogger(),
    });
    try {
      expect((await call(own.url, '/readyz')).status).toBe(200);
      await ownEtcd.stop();
      const down = await call(own.url, '/readyz');
      expect(down.status).toBe(503);
      expect(down.text).toContain('[-]etcd failed: reason withheld');
      expect(down.text).toContain('readyz check failed');
      expect((await call(own.url, '/livez')).status).toBe(200);
      const list = await call(own.url, '/api/v1/nodes');
      expect(list.body['kind']).toBe('Status');
      expect(list.status).toBeGreaterThanOrEqual(500);
    } finally {
      await own.close();
      await ownEtcd.stop();
    }
  }, 60_000);

  it('gives up starting when etcd never answers', async () => {
    await expect(
      startApiServer({
        etcdEndpoints: [`http://127.0.0.1:${await freePort()}`],
        host: '127.0.0.1',
        port: await freePort(),
        logger: silentLogger(),
        storageWaitMs: 0,
      }),
    ).rejects.toThrow(/did not answer within/);
  }, 30_000);
});
