// Unknown fields end to end, on a real etcd: every write path reports them as fieldValidation asks
// (Warn, the default, sends warnings; Strict refuses; Ignore is silent) and none of them stores them,
// as Kubernetes' typed decoding drops them. Known fields, map keys and opaque parts all survive.
import { Etcd3 } from 'etcd3';
import type { EtcdServer } from '@groundkube/testing';
import { startEtcdBackedServer, type EtcdBackedServer } from './testing/etcd-backed-server';
import { call, podManifest } from './testing/http-helpers';

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

/** The tester's pod: unknown fields at the top, in metadata and in spec. */
function podWithUnknownFields(name: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, bogusMeta: 1 },
    bogusTop: 2,
    spec: { foo: 1, containers: [{ name: 'a', image: 'busybox', bar: 3 }] },
  };
}

function warningsOf(headers: Headers): string[] {
  const header = headers.get('warning');
  return header === null ? [] : header.split(', ');
}

async function stored(name: string): Promise<Obj> {
  const reply = await call(base, `${PODS}/${name}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

function expectNoUnknownFields(pod: Obj): void {
  expect(pod).not.toHaveProperty('bogusTop');
  expect(pod['metadata']).not.toHaveProperty('bogusMeta');
  expect(pod['spec']).not.toHaveProperty('foo');
  expect(pod['spec'].containers[0]).not.toHaveProperty('bar');
}

describe('create', () => {
  it.each([
    ['no fieldValidation', '', true],
    ['Warn', '?fieldValidation=Warn', true],
    ['Ignore', '?fieldValidation=Ignore', false],
  ])('with %s: 201, unknown fields not stored', async (_name, query, warns) => {
    const name = `create-${query === '' ? 'default' : query.split('=')[1]!.toLowerCase()}`;
    const reply = await call(base, `${PODS}${query}`, { method: 'POST', body: podWithUnknownFields(name) });

    expect(reply.status).toBe(201);
    expect(warningsOf(reply.headers)).toEqual(
      warns
        ? [
            '299 - "unknown field \\"metadata.bogusMeta\\""',
            '299 - "unknown field \\"bogusTop\\""',
            '299 - "unknown field \\"spec.foo\\""',
            '299 - "unknown field \\"spec.containers[0].bar\\""',
          ]
        : [],
    );
    expectNoUnknownFields(reply.body);
    expectNoUnknownFields(await stored(name));
  });

  it('keeps them out of etcd itself', async () => {
    await call(base, PODS, { method: 'POST', body: podWithUnknownFields('in-etcd') });
    const client = new Etcd3({ hosts: etcd.endpoint.replace('http://', '') });
    try {
      const raw = await client.get('/registry/pods/default/in-etcd').string();
      expect(raw).not.toBeNull();
      expect(raw).not.toMatch(/bogusTop|bogusMeta|"foo"|"bar"/);
      expect(JSON.parse(raw!)).toMatchObject({ metadata: { name: 'in-etcd' } });
    } finally {
      client.close();
    }
  });

  it('with Strict: 400, nothing created', async () => {
    const reply = await call(base, `${PODS}?fieldValidation=Strict`, {
      method: 'POST',
      body: podWithUnknownFields('create-strict'),
    });
    expect(reply.status).toBe(400);
    expect(reply.body['message']).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.bogusMeta", ' +
        'unknown field "bogusTop", unknown field "spec.foo", unknown field "spec.containers[0].bar"',
    );
    expect((await call(base, `${PODS}/create-strict`)).status).toBe(404);
  });
});

describe('update and patches', () => {
  it('PUT: warns and drops', async () => {
    const created: Obj = (await call(base, PODS, { method: 'POST', body: podManifest('put') })).body;
    const replacement: Obj = {
      ...podWithUnknownFields('put'),
      metadata: { ...created['metadata'], bogusMeta: 1 },
      spec: { ...created['spec'], foo: 1 },
    };
    replacement['spec'].containers = [{ ...replacement['spec'].containers[0], bar: 3 }];

    const reply = await call(base, `${PODS}/put`, { method: 'PUT', body: replacement });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('warning')).toContain('unknown field \\"spec.foo\\"');
    expectNoUnknownFields(await stored('put'));
  });

  it('merge patch: the tester’s {"metadata":{"zzz":1},"top":5} warns and is not stored', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('merge') });
    const reply = await call(base, `${PODS}/merge`, {
      method: 'PATCH',
      body: { metadata: { zzz: 1, labels: { kept: 'yes' } }, top: 5 },
      contentType: 'application/merge-patch+json',
    });
    expect(reply.status).toBe(200);
    expect(warningsOf(reply.headers)).toEqual([
      '299 - "unknown field \\"metadata.zzz\\""',
      '299 - "unknown field \\"top\\""',
    ]);
    const pod = await stored('merge');
    expect(pod).not.toHaveProperty('top');
    expect(pod['metadata']).not.toHaveProperty('zzz');
    expect(pod['metadata'].labels).toEqual({ app: 'merge', kept: 'yes' });
  });

  it('JSON patch and strategic merge patch: dropped', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('patches') });
    const json = await call(base, `${PODS}/patches`, {
      method: 'PATCH',
      body: [{ op: 'add', path: '/spec/foo', value: 1 }],
      contentType: 'application/json-patch+json',
    });
    expect(json.status).toBe(200);
    expect(json.headers.get('warning')).toBe('299 - "unknown field \\"spec.foo\\""');
    const strategic = await call(base, `${PODS}/patches?fieldValidation=Ignore`, {
      method: 'PATCH',
      body: { spec: { containers: [{ name: 'main', bar: 3 }] }, bogusTop: 2 },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(strategic.status).toBe(200);
    expect(strategic.headers.get('warning')).toBeNull();

    const pod = await stored('patches');
    expect(pod).not.toHaveProperty('bogusTop');
    expect(pod['spec']).not.toHaveProperty('foo');
    expect(pod['spec'].containers[0]).not.toHaveProperty('bar');
    expect(pod['spec'].containers[0]).toMatchObject({ name: 'main', image: 'busybox' });
  });

  it('Strict patches are refused', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('strict-patch') });
    const reply = await call(base, `${PODS}/strict-patch?fieldValidation=Strict`, {
      method: 'PATCH',
      body: [{ op: 'add', path: '/metadata/zzz', value: 1 }],
      contentType: 'application/json-patch+json',
    });
    expect(reply.status).toBe(400);
    expect(reply.body['message']).toContain('strict decoding error: unknown field "metadata.zzz"');
  });

  it('server-side apply: creates and updates without them, and managedFields does not list them', async () => {
    const apply = (body: Obj, query = '') =>
      call(base, `${PODS}/applied?fieldManager=tester${query}`, {
        method: 'PATCH',
        body,
        contentType: 'application/apply-patch+yaml',
      });
    const created = await apply(podWithUnknownFields('applied'));
    expect(created.status).toBe(201);
    expect(created.headers.get('warning')).toContain('unknown field \\"spec.foo\\"');
    expectNoUnknownFields(await stored('applied'));

    const strict = await apply(
      { ...podWithUnknownFields('applied'), spec: { foo: 2 } },
      '&fieldValidation=Strict',
    );
    expect(strict.status).toBe(400);

    const updated = await apply({
      ...podWithUnknownFields('applied'),
      metadata: { name: 'applied', labels: { a: 'b' }, zzz: 1 },
    });
    expect(updated.status).toBe(200);
    const pod = await stored('applied');
    expectNoUnknownFields(pod);
    expect(pod['metadata'].labels).toEqual({ a: 'b' });
    expect(pod['metadata']).not.toHaveProperty('zzz');
    const managed = JSON.stringify(pod['metadata'].managedFields);
    expect(managed).not.toMatch(/bogus|f:foo|f:bar|f:zzz/);
    expect(managed).toContain('f:image');
  });
});

describe('subresources', () => {
  it('pods/status (PUT and merge patch) drops unknown status fields', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('status') });
    const live = await stored('status');
    const put = await call(base, `${PODS}/status/status`, {
      method: 'PUT',
      body: { ...live, status: { ...live['status'], phase: 'Running', bogusStatus: 1 } },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('warning')).toBe('299 - "unknown field \\"status.bogusStatus\\""');
    const patched = await call(base, `${PODS}/status/status`, {
      method: 'PATCH',
      body: { status: { conditions: [{ type: 'Ready', status: 'True', zzz: 1 }] } },
      contentType: 'application/merge-patch+json',
    });
    expect(patched.status).toBe(200);

    const pod = await stored('status');
    expect(pod['status'].phase).toBe('Running');
    expect(pod['status']).not.toHaveProperty('bogusStatus');
    expect(pod['status'].conditions).toEqual([{ type: 'Ready', status: 'True' }]);
  });

  it('pods/binding warns about unknown fields and stores none of them on the pod', async () => {
    await call(base, PODS, { method: 'POST', body: podManifest('bound') });
    const reply = await call(base, `${PODS}/bound/binding`, {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'bound', annotations: { note: 'kept' }, bogusMeta: 1 },
        target: { kind: 'Node', name: 'node-1', bogusTarget: 2 },
      },
    });
    expect(reply.status).toBe(201);
    expect(warningsOf(reply.headers)).toEqual([
      '299 - "unknown field \\"metadata.bogusMeta\\""',
      '299 - "unknown field \\"target.bogusTarget\\""',
    ]);
    const pod = await stored('bound');
    expect(pod['spec'].nodeName).toBe('node-1');
    expect(pod['metadata'].annotations).toEqual({ note: 'kept' });
    expect(JSON.stringify(pod)).not.toMatch(/bogus/);
  });
});

describe('known fields', () => {
  it('a pod with every part filled in round-trips unchanged', async () => {
    const probe = {
      httpGet: {
        path: '/healthz',
        port: 8080,
        host: 'localhost',
        scheme: 'HTTP',
        httpHeaders: [{ name: 'X', value: 'y' }],
      },
      initialDelaySeconds: 1,
      timeoutSeconds: 2,
      periodSeconds: 3,
      successThreshold: 1,
      failureThreshold: 4,
    };
    const container = {
      name: 'web',
      image: 'nginx:1.27',
      command: ['nginx'],
      args: ['-g', 'daemon off;'],
      workingDir: '/srv',
      ports: [{ name: 'http', containerPort: 80, hostPort: 8080, protocol: 'TCP', hostIP: '0.0.0.0' }],
      envFrom: [{ prefix: 'P_', configMapRef: { name: 'cm', optional: true }, secretRef: { name: 's' } }],
      env: [
        { name: 'PLAIN', value: 'v' },
        { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
        {
          name: 'MEM',
          valueFrom: {
            resourceFieldRef: { containerName: 'web', resource: 'limits.memory', divisor: '1Mi' },
          },
        },
        { name: 'CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: false } } },
        { name: 'SEC', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
      resources: {
        limits: { cpu: '500m', memory: '128Mi', 'example.com/gpu': '1' },
        requests: { cpu: '250m', memory: '64Mi' },
      },
      volumeMounts: [
        { name: 'data', mountPath: '/data', readOnly: true, subPath: 'sub', mountPropagation: 'None' },
        { name: 'host', mountPath: '/host' },
      ],
      livenessProbe: probe,
      readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5 },
      startupProbe: { tcpSocket: { port: 80 }, failureThreshold: 30 },
      lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'FallbackToLogsOnError',
      imagePullPolicy: 'IfNotPresent',
      securityContext: { runAsUser: 1000, capabilities: { add: ['NET_ADMIN'] }, privileged: false },
      stdin: true,
      stdinOnce: false,
      tty: true,
    };
    const spec = {
      volumes: [
        { name: 'data', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
        { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
        { name: 'cfg', configMap: { name: 'cm', items: [{ key: 'a', path: 'a' }], defaultMode: 420 } },
      ],
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
      containers: [container],
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 10,
      activeDeadlineSeconds: 600,
      dnsPolicy: 'ClusterFirst',
      nodeSelector: { 'kubernetes.io/os': 'linux', 'example.com/any-key': 'x' },
      serviceAccountName: 'default',
      automountServiceAccountToken: false,
      hostNetwork: false,
      shareProcessNamespace: true,
      securityContext: {
        runAsNonRoot: true,
        fsGroup: 2000,
        sysctls: [{ name: 'net.core.somaxconn', value: '1024' }],
      },
      imagePullSecrets: [{ name: 'regcred' }],
      hostname: 'web-0',
      subdomain: 'web',
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
      },
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 30 }],
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['a.example', 'b.example'] }],
      priority: 0,
      dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
      readinessGates: [{ conditionType: 'example.com/ready' }],
      enableServiceLinks: false,
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
    };
    const metadata = {
      name: 'full',
      labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
      annotations: { 'example.com/note': 'free text: {"not":"parsed"}', empty: '' },
      finalizers: ['example.com/keep'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u-1', controller: false }],
    };

    const created = await call(base, PODS, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Pod', metadata, spec },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('warning')).toBeNull();
    const pod = await stored('full');
    expect(pod['metadata']).toMatchObject(metadata);
    expect(pod['spec']).toMatchObject(spec);
    // Defaults may add fields (requests from limits, …); nothing that was sent is lost or changed.
    expect(pod['spec'].containers[0]).toMatchObject(container);

    // Nobody serves the finalizer: take it off so the pod can go.
    await call(base, `${PODS}/full`, {
      method: 'PATCH',
      body: { metadata: { finalizers: null } },
      contentType: 'application/merge-patch+json',
    });
  });
});
