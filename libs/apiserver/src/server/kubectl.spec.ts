// The real kubectl against the API server on a real etcd: the seed walkthrough's commands, with a
// fresh HOME (no kubeconfig, no discovery cache) and --server pointing at a free port.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiServer } from './api-server';
import { startEtcdBackedServer, type EtcdBackedServer } from './testing/etcd-backed-server';
import { call } from './testing/http-helpers';

/** The seed's pod: nginx and a busybox log truncator sharing an emptyDir, bound to a node by name. */
const SEED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  nodeName: awesome-node
  containers:
  - name: nginx
    image: nginx
    ports:
    - containerPort: 80
    volumeMounts:
    - mountPath: /var/log/nginx
      name: nginx-logs
  - name: log-truncator
    image: busybox
    command:
    - "/bin/sh"
    args: [-c, 'while true; do cat /dev/null > /logdir/access.log; sleep 10; done']
    volumeMounts:
    - mountPath: /logdir
      name: nginx-logs
  volumes:
  - name: nginx-logs
    emptyDir: {}
`;

// Absolute paths: under npm/npx, node_modules/.bin comes first on PATH and its `kubectl` is ours.
/** The dispatcher; it runs its built-in 1.32 for a server reporting minor "32". */
const REAL_KUBECTL = '/usr/bin/kubectl';
const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let cluster: EtcdBackedServer;
let server: ApiServer;
let home: string;

function kubectl(args: string[], binary = REAL_KUBECTL): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      binary,
      ['--server', server.url, ...args],
      { env: { ...process.env, HOME: home, KUBECONFIG: '' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'groundkube-kubectl-'));
  cluster = await startEtcdBackedServer();
  server = cluster.server;
}, 30_000);

afterAll(async () => {
  await cluster?.close();
  await rm(home, { recursive: true, force: true });
});

describe('the real kubectl (1.32 through the dispatcher)', () => {
  it('reports the server version', async () => {
    const result = await kubectl(['version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Server Version: v1\.32\.\d+/);
    expect(result.stderr).not.toContain('WARNING');
  }, 60_000);

  it('gets no nodes and no pods on an empty cluster', async () => {
    const nodes = await kubectl(['get', 'nodes']);
    expect(nodes).toMatchObject({ code: 0, stdout: '' });
    expect(nodes.stderr).toBe('No resources found\n');
    const pods = await kubectl(['get', 'pods']);
    expect(pods).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  }, 60_000);

  it('lists a Ready node in the server-side table', async () => {
    await call(server.url, '/api/v1/nodes', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'awesome-node', labels: { 'kubernetes.io/hostname': 'awesome-node' } },
      },
    });
    await call(server.url, '/api/v1/nodes/awesome-node/status', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
            },
          ],
          addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
          nodeInfo: { kubeletVersion: 'v1.32.4' },
        },
      },
    });
    const result = await kubectl(['get', 'nodes']);
    expect(result.code).toBe(0);
    const [header, row, ...rest] = result.stdout.trimEnd().split('\n');
    expect(header!.split(/\s+/)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(row!.split(/\s+/)).toEqual([
      'awesome-node',
      'Ready',
      '<none>',
      expect.stringMatching(/^\d+s$/),
      'v1.32.4',
    ]);
    expect(rest).toEqual([]);
  }, 60_000);

  it('creates the seed pod from YAML, lists and describes it', async () => {
    const file = path.join(home, 'nginx.yaml');
    await writeFile(file, SEED_POD);
    const created = await kubectl(['create', '-f', file]);
    expect(created).toMatchObject({ code: 0, stdout: 'pod/nginx created\n' });

    const pods = await kubectl(['get', 'pods']);
    expect(pods.code).toBe(0);
    const [header, row] = pods.stdout.trimEnd().split('\n');
    expect(header!.split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(row!.split(/\s+/).slice(0, 4)).toEqual(['nginx', '0/2', 'Pending', '0']);

    const wide = await kubectl(['get', 'pods', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]!.split(/\s+/)).toEqual(
      expect.arrayContaining(['IP', 'NODE', 'NOMINATED', 'GATES']),
    );
    expect(wide.stdout).toContain('awesome-node');

    const described = await kubectl(['describe', 'pods/nginx']);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/^Name:\s+nginx$/m);
    expect(described.stdout).toMatch(/^Namespace:\s+default$/m);
    expect(described.stdout).toMatch(/^Node:\s+awesome-node\/$/m);
    expect(described.stdout).toMatch(/^Status:\s+Pending$/m);
    expect(described.stdout).toMatch(/^\s+Image:\s+nginx$/m);
    expect(described.stdout).toMatch(/^\s+Image:\s+busybox$/m);
    expect(described.stdout).toMatch(/^Events:\s+<none>$/m);

    const again = await kubectl(['create', '-f', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (AlreadyExists): error when creating');
    expect(again.stderr).toContain('pods "nginx" already exists');
  }, 60_000);

  it('deletes the pod gracefully: kubectl waits until the node finishes the delete', async () => {
    const child = spawn(REAL_KUBECTL, ['--server', server.url, 'delete', 'pods/nginx'], {
      env: { ...process.env, HOME: home, KUBECONFIG: '' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));

    // The pod is bound to a node, so the DELETE only marks it; play the kubelet and finish it.
    await waitFor('the deletion mark', async () => {
      const pod = await call(server.url, '/api/v1/namespaces/default/pods/nginx');
      return (pod.body['metadata'] as { deletionTimestamp?: string } | undefined)?.deletionTimestamp;
    });
    const terminating = await kubectl(['get', 'pods']);
    expect(terminating.stdout).toMatch(/nginx\s+0\/2\s+Terminating/);
    await call(server.url, '/api/v1/namespaces/default/pods/nginx', {
      method: 'DELETE',
      body: { gracePeriodSeconds: 0 },
    });

    expect(await exited).toBe(0);
    expect(stdout).toBe('pod "nginx" deleted\n');
    const after = await kubectl(['get', 'pods']);
    expect(after.stderr).toBe('No resources found in default namespace.\n');

    const missing = await kubectl(['delete', 'pods/nginx']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error from server (NotFound): pods "nginx" not found\n');
  }, 60_000);
});

describe('the real kubectl beyond the walkthrough', () => {
  const pod = (name: string, labels = `app: ${name}`): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    ${labels}\nspec:\n  containers:\n  - name: main\n    image: busybox\n`;

  it('applies twice (created, then configured), labels, and reads back in every output format', async () => {
    const file = path.join(home, 'applied.yaml');
    await writeFile(file, pod('applied'));
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('pod/applied created\n');
    await writeFile(file, pod('applied', 'app: applied\n    tier: web'));
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('pod/applied configured\n');
    expect((await kubectl(['label', 'pod', 'applied', 'extra=yes'])).stdout).toBe('pod/applied labeled\n');

    const yaml = await kubectl(['get', 'pod', 'applied', '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    expect(yaml.stdout).toContain('tier: web');
    expect(yaml.stdout).toContain('extra: "yes"');
    const json = JSON.parse((await kubectl(['get', 'pods', '-o', 'json'])).stdout) as {
      kind: string;
      items: unknown[];
    };
    expect(json.kind).toBe('List');
    expect((await kubectl(['get', 'pods', '-o', 'name', '-l', 'tier=web'])).stdout).toBe('pod/applied\n');
    const all = await kubectl(['get', 'pods', '-A']);
    expect(all.stdout.split('\n')[0]!.split(/\s+/).slice(0, 2)).toEqual(['NAMESPACE', 'NAME']);
    expect(all.stdout).toMatch(/^default\s+applied\s+0\/1\s+Pending/m);
  }, 90_000);

  it('waits for a condition written through pods/status, and watches an add and a delete', async () => {
    const watcher = spawn(REAL_KUBECTL, ['--server', server.url, 'get', 'pods', '-w', '-l', 'app=watched'], {
      env: { ...process.env, HOME: home, KUBECONFIG: '' },
    });
    let watched = '';
    watcher.stdout.on('data', (chunk: Buffer) => (watched += chunk.toString()));
    try {
      const file = path.join(home, 'watched.yaml');
      await writeFile(file, pod('watched'));
      // The watch starts after its list; a create before that would show as a listed row instead.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await kubectl(['create', '-f', file])).code).toBe(0);

      const waiting = kubectl(['wait', '--for=condition=Ready', 'pod/watched', '--timeout=30s']);
      await call(server.url, '/api/v1/namespaces/default/pods/watched/status', {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      });
      expect(await waiting).toMatchObject({ code: 0, stdout: 'pod/watched condition met\n' });

      expect((await kubectl(['delete', 'pod', 'watched'])).stdout).toBe('pod "watched" deleted\n');
      await waitFor('the watch to show three rows', async () =>
        watched.trimEnd().split('\n').length >= 4 ? true : undefined,
      );
      const rows = watched.trimEnd().split('\n');
      expect(rows[0]!.split(/\s+/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      expect(rows[1]).toMatch(/^watched\s+0\/1\s+Pending/);
      expect(rows.at(-1)).toMatch(/^watched\s+/);
    } finally {
      watcher.kill('SIGTERM');
    }
  }, 90_000);

  it('deletes two pods at once', async () => {
    for (const name of ['twin-a', 'twin-b']) {
      const file = path.join(home, `${name}.yaml`);
      await writeFile(file, pod(name));
      await kubectl(['create', '-f', file]);
    }
    const deleted = await kubectl(['delete', 'pods/twin-a', 'pods/twin-b']);
    expect(deleted).toMatchObject({ code: 0, stdout: 'pod "twin-a" deleted\npod "twin-b" deleted\n' });
  }, 60_000);

  it('answers exec, which it does not serve, with a plain error', async () => {
    const file = path.join(home, 'exec-pod.yaml');
    await writeFile(file, pod('exec-target'));
    await kubectl(['create', '-f', file]);
    const exec = await kubectl(['exec', 'exec-target', '--', 'echo', 'hi']);
    expect(exec).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (MethodNotAllowed): exec into pods is not served by this API server yet (pods "exec-target")\n',
    });
  }, 60_000);

  it('describes a node, lists events and resources, and reports cluster info', async () => {
    const node = await kubectl(['describe', 'node', 'awesome-node']);
    expect(node.code).toBe(0);
    expect(node.stdout).toMatch(/^Name:\s+awesome-node$/m);
    expect(node.stdout).toMatch(/^\s+Ready\s+True/m);

    await call(server.url, '/api/v1/namespaces/default/events', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'applied.1' },
        involvedObject: { kind: 'Pod', name: 'applied', namespace: 'default' },
        reason: 'Testing',
        message: 'an event for get events',
        type: 'Normal',
        source: { component: 'test' },
        firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        count: 1,
      },
    });
    const events = await kubectl(['get', 'events']);
    expect(events.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'MESSAGE',
    ]);
    expect(events.stdout).toMatch(/Normal\s+Testing\s+pod\/applied\s+an event for get events/);

    const resources = await kubectl(['api-resources']);
    expect(resources.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(resources.stdout).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
    const info = await kubectl(['cluster-info']);
    expect(info.stdout).toContain(`Kubernetes control plane is running at ${server.url}`);
  }, 60_000);

  it('creates a namespace and a service (protobuf bodies), and deletes the namespace with its pods', async () => {
    const namespace = await kubectl(['create', 'namespace', 'scratch']);
    expect(namespace).toMatchObject({ stderr: '', stdout: 'namespace/scratch created\n' });
    const service = await kubectl(['create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
    expect(service.stdout).toBe('service/web created\n');
    const services = await kubectl(['get', 'services']);
    expect(services.stdout).toMatch(/^web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP/m);

    const file = path.join(home, 'scratch-pod.yaml');
    await writeFile(file, pod('inside'));
    expect((await kubectl(['-n', 'scratch', 'create', '-f', file])).code).toBe(0);
    const deleted = await kubectl(['delete', 'namespace', 'scratch']);
    expect(deleted).toMatchObject({ code: 0, stdout: 'namespace "scratch" deleted\n' });
    const gone = await kubectl(['get', 'namespace', 'scratch']);
    expect(gone.stderr).toBe('Error from server (NotFound): namespaces "scratch" not found\n');
  }, 60_000);
});

describe('a namespace that cannot finish terminating', () => {
  it('describes why: the deletion conditions name the pod left and its finalizer', async () => {
    expect((await kubectl(['create', 'namespace', 'held'])).code).toBe(0);
    const file = path.join(home, 'held-pod.yaml');
    await writeFile(
      file,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kept\n  finalizers: [example.com/hold]\n' +
        'spec:\n  containers:\n  - name: main\n    image: busybox\n',
    );
    expect((await kubectl(['-n', 'held', 'create', '-f', file])).code).toBe(0);
    expect((await kubectl(['delete', 'namespace', 'held', '--wait=false'])).code).toBe(0);

    const described = await waitFor('the deletion conditions', async () => {
      const result = await kubectl(['describe', 'namespace', 'held']);
      return result.stdout.includes('NamespaceFinalizersRemaining') ? result.stdout : undefined;
    });
    expect(described).toMatch(/^Status:\s+Terminating$/m);
    expect(described).toMatch(
      /^\s+NamespaceContentRemaining\s+True\s+\w{3}, .+ \+0000\s+SomeResourcesRemain\s+Some resources are remaining: pods\. has 1 resource instances$/m,
    );
    expect(described).toMatch(
      /^\s+NamespaceFinalizersRemaining\s+True\s+\w{3}, .+ \+0000\s+SomeFinalizersRemain\s+Some content in the namespace has finalizers remaining: example\.com\/hold in 1 resource instances$/m,
    );
    expect(described).toMatch(
      /^\s+NamespaceDeletionDiscoveryFailure\s+False\s+\w{3}, .+ \+0000\s+ResourcesDiscovered\s+/m,
    );

    // Once the finalizer is gone the namespace goes too.
    const patch = await kubectl([
      '-n',
      'held',
      'patch',
      'pod',
      'kept',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    expect(patch.code).toBe(0);
    await waitFor('the namespace to go', async () => {
      const result = await kubectl(['get', 'namespace', 'held']);
      return result.code === 1 ? result : undefined;
    });
  }, 60_000);
});

describe('kubectl explain (OpenAPI v3 component schemas)', () => {
  /** The sections every explain of a kind or field prints, in order. */
  function expectSections(stdout: string, kind: string): void {
    expect(stdout).toMatch(new RegExp(`^KIND:\\s+${kind}\\nVERSION:\\s+v1\\n\\n`));
    const description = stdout.indexOf('DESCRIPTION:\n');
    const fields = stdout.indexOf('FIELDS:\n');
    expect(description).toBeGreaterThan(0);
    expect(fields).toBeGreaterThan(description);
    expect(stdout).not.toContain('<no description>\n    <no description>');
  }

  it('explains a pod: its description and top-level fields with types', async () => {
    const result = await kubectl(['explain', 'pod']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expectSections(result.stdout, 'Pod');
    expect(result.stdout).toMatch(/^\s+A Pod is a group of containers/m);
    expect(result.stdout).toMatch(/^ {2}apiVersion\t<string>\n/m);
    expect(result.stdout).toMatch(/^ {2}metadata\t<ObjectMeta>\n/m);
    expect(result.stdout).toMatch(/^ {2}spec\t<PodSpec>\n\s+The desired behaviour of the pod/m);
    expect(result.stdout).toMatch(/^ {2}status\t<PodStatus>\n/m);
  }, 60_000);

  it('explains pod.spec and pod.spec.containers through their $refs', async () => {
    const spec = await kubectl(['explain', 'pod.spec']);
    expect(spec).toMatchObject({ code: 0, stderr: '' });
    expect(spec.stdout).toContain('FIELD: spec <PodSpec>\n');
    expect(spec.stdout).toMatch(/^ {2}containers\t<\[\]Container> -required-\n\s+The containers of the pod/m);
    expect(spec.stdout).toMatch(/^ {2}nodeName\t<string>\n/m);

    const containers = await kubectl(['explain', 'pod.spec.containers']);
    expect(containers).toMatchObject({ code: 0, stderr: '' });
    expectSections(containers.stdout, 'Pod');
    expect(containers.stdout).toContain('FIELD: containers <[]Container>\n');
    expect(containers.stdout).toMatch(/^ {2}image\t<string>\n\s+The container image to run/m);
    expect(containers.stdout).toMatch(/^ {2}name\t<string> -required-\n/m);
    expect(containers.stdout).toMatch(/^ {2}ports\t<\[\]ContainerPort>\n/m);
    expect(containers.stdout).toMatch(/^ {2}resources\t<ResourceRequirements>\n/m);

    const limits = await kubectl(['explain', 'pod.spec.containers.resources.limits']);
    expect(limits).toMatchObject({ code: 0, stderr: '' });
    expect(limits.stdout).toContain('FIELD: limits <map[string]Quantity>\n');
    const port = await kubectl(['explain', 'pod.spec.containers.livenessProbe.httpGet.port']);
    expect(port.stdout).toContain('FIELD: port <IntOrString>\n');

    const missing = await kubectl(['explain', 'pod.spec.nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('field "nope" does not exist');
  }, 60_000);

  it('explains a pod recursively, a node and a namespace', async () => {
    const recursive = await kubectl(['explain', 'pod', '--recursive']);
    expect(recursive).toMatchObject({ code: 0, stderr: '' });
    expectSections(recursive.stdout, 'Pod');
    const head = recursive.stdout.split('\n').slice(0, 12).join('\n');
    expect(head).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nDESCRIPTION:\n/);
    expect(recursive.stdout).toMatch(/^ {2}spec\t<PodSpec>\n {4}activeDeadlineSeconds\t<integer>\n/m);
    expect(recursive.stdout).toMatch(/^ {8}containerPort\t<integer> -required-$/m);

    for (const [what, kind, field] of [
      ['nodes', 'Node', /^ {2}spec\t<NodeSpec>\n/m],
      ['node.status', 'Node', /^ {2}conditions\t<\[\]Object>\n/m],
      ['namespace', 'Namespace', /^ {2}status\t<NamespaceStatus>\n/m],
      ['service', 'Service', /^ {2}spec\t<ServiceSpec>\n/m],
      ['events', 'Event', /^ {2}involvedObject\t<ObjectReference|Object> -required-\n/m],
    ] as const) {
      const result = await kubectl(['explain', what]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expectSections(result.stdout, kind);
      expect(result.stdout).toMatch(field);
    }
    const lease = await kubectl(['explain', 'leases']);
    expect(lease).toMatchObject({ code: 0, stderr: '' });
    expect(lease.stdout).toMatch(/^GROUP:\s+coordination\.k8s\.io\nKIND:\s+Lease\nVERSION:\s+v1\n/);
  }, 60_000);

  it('keeps client-side apply working with the schemas: the patch is built from them, no fallback', async () => {
    const file = path.join(home, 'merged.yaml');
    const manifest = (tag: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: merged\n  labels:\n    tag: "${tag}"\nspec:\n` +
      `  containers:\n  - name: main\n    image: busybox:${tag}\n    env:\n    - name: A\n      value: "1"\n` +
      `    ports:\n    - containerPort: 80\n    resources:\n      limits:\n        memory: 64Mi\n` +
      `  - name: side\n    image: nginx:${tag}\n  tolerations:\n  - key: k\n    operator: Exists\n`;
    await writeFile(file, manifest('1.35'));
    expect((await kubectl(['apply', '-f', file])).stdout).toBe('pod/merged created\n');
    await writeFile(file, manifest('1.36'));
    const configured = await kubectl(['apply', '-f', file, '-v=6']);
    expect(configured.code).toBe(0);
    expect(configured.stdout).toBe('pod/merged configured\n');
    expect(configured.stderr).not.toContain('error calculating patch from openapi');
    // With no usable v3 schema kubectl would have asked for /openapi/v2 to build the patch.
    expect(configured.stderr).not.toContain('/openapi/v2');
    const pod = JSON.parse((await kubectl(['get', 'pod', 'merged', '-o', 'json'])).stdout) as {
      metadata: { labels: Record<string, string> };
      spec: { containers: { name: string; image: string; env?: unknown[] }[] };
    };
    expect(pod.metadata.labels).toEqual({ tag: '1.36' });
    expect(pod.spec.containers.map((c) => [c.name, c.image])).toEqual([
      ['main', 'busybox:1.36'],
      ['side', 'nginx:1.36'],
    ]);
    expect(pod.spec.containers[0]!.env).toEqual([{ name: 'A', value: '1' }]);
  }, 60_000);

  it('applies a namespace and a service twice from the v3 schemas as well', async () => {
    const file = path.join(home, 'ns-svc.yaml');
    const manifest = (tier: string, port: number): string =>
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: applied-ns\n  labels:\n    tier: ${tier}\n---\n` +
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: applied-svc\nspec:\n  selector:\n    app: web\n` +
      `  ports:\n  - name: http\n    port: 80\n    targetPort: http\n  - name: extra\n    port: ${port}\n`;
    await writeFile(file, manifest('a', 8080));
    const created = await kubectl(['apply', '-f', file]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    await writeFile(file, manifest('b', 9090));
    const configured = await kubectl(['apply', '-f', file, '-v=6']);
    expect(configured.stdout).toBe('namespace/applied-ns configured\nservice/applied-svc configured\n');
    expect(configured.stderr).not.toContain('error calculating patch from openapi');
    expect(configured.stderr).not.toContain('/openapi/v2');
    const svc = JSON.parse((await kubectl(['get', 'service', 'applied-svc', '-o', 'json'])).stdout) as {
      spec: { ports: { name: string; port: number }[] };
    };
    expect(svc.spec.ports.map((p) => [p.name, p.port])).toEqual([
      ['http', 80],
      ['extra', 9090],
    ]);
  }, 60_000);
});

describe('older kubectl releases', () => {
  it('kubectl.1.29 explains a pod from the same OpenAPI v3 documents', async () => {
    const result = await kubectl(['explain', 'pod.spec.containers'], path.join(KUBECTL_DIR, 'kubectl.1.29'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Container>\n/);
    expect(result.stdout).toMatch(/^ {2}image\t<string>\n/m);
  }, 60_000);

  // 1.27 reads /openapi/v2 (protobuf) for the fieldValidation parameter; 1.29 reads /openapi/v3.
  it.each(['kubectl.1.27', 'kubectl.1.29'])(
    '%s gets and creates',
    async (binary) => {
      const name = binary.replace('.', '-').replace('.', '-');
      const file = path.join(home, `${name}.yaml`);
      await writeFile(
        file,
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: main\n    image: busybox\n`,
      );
      const created = await kubectl(['create', '-f', file], path.join(KUBECTL_DIR, binary));
      expect(created).toMatchObject({ code: 0, stdout: `pod/${name} created\n` });
      const pods = await kubectl(['get', 'pods', name], path.join(KUBECTL_DIR, binary));
      expect(pods.code).toBe(0);
      expect(pods.stdout).toMatch(
        new RegExp(`^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\n${name}\\s+0/1\\s+Pending`),
      );
    },
    60_000,
  );
});

describe('the real kubectl on service types and resource quantities', () => {
  const NODE_PORT_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: webnp
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - name: http
    port: 80
    nodePort: 30080
  - name: https
    port: 443
    nodePort: 31168
`;

  it('patches a NodePort service to ClusterIP: node ports and traffic policy go, 30080 is free', async () => {
    const file = path.join(home, 'webnp.yaml');
    await writeFile(file, NODE_PORT_SERVICE);
    expect(await kubectl(['create', '-f', file])).toMatchObject({
      code: 0,
      stdout: 'service/webnp created\n',
    });
    const patched = await kubectl(['patch', 'svc', 'webnp', '-p', '{"spec":{"type":"ClusterIP"}}']);
    expect(patched).toMatchObject({ code: 0, stdout: 'service/webnp patched\n' });
    const read = await kubectl(['get', 'svc', 'webnp', '-o', 'json']);
    const spec = (JSON.parse(read.stdout) as { spec: Record<string, unknown> }).spec;
    expect(spec['type']).toBe('ClusterIP');
    expect(spec['ports']).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 80 },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 443 },
    ]);
    expect(spec['externalTrafficPolicy']).toBeUndefined();

    const again = await kubectl([
      'create',
      'service',
      'nodeport',
      'webnp2',
      '--tcp=80:8080',
      '--node-port=30080',
    ]);
    expect(again).toMatchObject({ code: 0, stdout: 'service/webnp2 created\n' });
  }, 60_000);

  it('refuses a ClusterIP service that asks for a node port', async () => {
    const file = path.join(home, 'cip.yaml');
    await writeFile(
      file,
      `apiVersion: v1
kind: Service
metadata:
  name: cip
spec:
  ports:
  - port: 80
    nodePort: 30500
`,
    );
    const result = await kubectl(['create', '-f', file]);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'The Service "cip" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'\n',
    });
  }, 60_000);

  it('refuses a pod whose cpu limit is not a quantity with the decoder’s 400', async () => {
    const file = path.join(home, 'bad-cpu.yaml');
    await writeFile(
      file,
      `apiVersion: v1
kind: Pod
metadata:
  name: bad-cpu
spec:
  containers:
  - name: app
    image: busybox
    resources:
      limits:
        cpu: "abc"
`,
    );
    const result = await kubectl(['create', '-f', file]);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        `Error from server (BadRequest): error when creating "${file}": Pod in version "v1" cannot be handled ` +
        `as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n`,
    });
  }, 60_000);
});
