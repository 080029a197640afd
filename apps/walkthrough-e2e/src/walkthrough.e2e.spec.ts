// The seed post's walkthrough, typed as a user types it, against a cluster started as `npm run up` starts
// it (see walkthrough-cluster.ts for where it must differ), once with the real kubectl and once with ours.
// Every step checks the output a user reads, and what the API server reports is held against Docker.

import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import type { Node, Pod, PodList } from '@groundkube/api';
import { realKubectl } from '@groundkube/testing';

import { containersOfPod, dockerExec } from './docker-view';
import { freshKubectl, type Kubectl } from './kubectl-runner';
import { until } from './processes';
import { asJson, nginxYamlFor, renamed } from './seed-manifests';
import { SEED_PORT, startWalkthroughCluster, type WalkthroughCluster } from './walkthrough-cluster';

let cluster: WalkthroughCluster;

beforeAll(async () => {
  cluster = await startWalkthroughCluster();
  const how =
    cluster.port === SEED_PORT
      ? "no kubeconfig: kubectl's default, localhost:8080, as in the post"
      : '8080 is taken (a dev cluster?), so a kubeconfig in the fresh HOME names this port';
  console.log(`API server ${cluster.apiUrl}, node ${cluster.nodeName}; ${how}`);
}, 180_000);

afterAll(async () => {
  await cluster?.[Symbol.asyncDispose]();
}, 120_000);

async function api<T>(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cluster.apiUrl}${pathname}`, {
    ...init,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const podPath = (name: string): string => `/api/v1/namespaces/default/pods/${name}`;

function isRunningAndReady(pod: Pod): boolean {
  const status = pod.status ?? {};
  const statuses = status.containerStatuses ?? [];
  return (
    status.phase === 'Running' &&
    (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') &&
    statuses.length === pod.spec?.containers.length &&
    statuses.every((c) => c.ready)
  );
}

/** Waits for 2/2 Running and returns the pod as the API server then reports it. */
async function runningPod(name: string): Promise<Pod> {
  let lastSeen = 'nothing yet';
  return until(`pod ${name} to be Running with both containers ready`, async () => {
    const { status, body } = await api<Pod>(podPath(name));
    lastSeen = status === 200 ? JSON.stringify({ status: body.status }) : `HTTP ${status}`;
    return status === 200 && isRunningAndReady(body) ? body : undefined;
  }).catch(async (err: unknown) => {
    const pods = await api<PodList>('/api/v1/pods').catch((e: unknown) => ({ status: 0, body: String(e) }));
    const listed =
      typeof pods.body === 'string' ? pods.body : pods.body.items.map((p) => p.metadata.name).join(', ');
    throw new Error(`${String(err)}
last GET of ${name}: ${lastSeen}
pods listed: ${listed}
${cluster.logs()}`);
  });
}

/** The table rows kubectl printed, split on runs of spaces. */
function rows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}

const withoutScheme = (containerId: string): string => containerId.replace(/^[a-z]+:\/\//, '');

/** What `kubectl get pods -o json` says of a pod must be what `docker ps -a` shows. */
async function expectDockerAgrees(kubectl: Kubectl, name: string): Promise<void> {
  const listed = await kubectl.run('get', 'pods', '-o', 'json');
  expect(listed.code).toBe(0);
  const pod = (JSON.parse(listed.stdout) as PodList).items.find((p) => p.metadata.name === name);
  expect(pod).toBeDefined();
  const containers = await containersOfPod(pod!.metadata.uid!);
  const sandboxes = containers.filter((c) => c.labels['io.kubernetes.docker.type'] === 'podsandbox');
  expect(sandboxes).toHaveLength(1);
  expect(sandboxes[0]!.running).toBe(true);
  // The pod IP is the sandbox's: the infra container owns the network namespace the others join.
  expect(pod!.status?.podIP).toBe(sandboxes[0]!.bridgeIp);
  const statuses = pod!.status?.containerStatuses ?? [];
  expect(statuses.map((s) => s.name).sort()).toEqual(['log-truncator', 'nginx']);
  for (const status of statuses) {
    const container = containers.find((c) => c.id === withoutScheme(status.containerID ?? ''));
    expect({ name: status.name, found: container !== undefined }).toEqual({ name: status.name, found: true });
    expect(container!.running).toBe(true);
    expect(container!.labels['io.kubernetes.container.name']).toBe(status.name);
  }
  // Nothing else of the pod's: no exited or stray containers beside the sandbox and the two running ones.
  expect(containers).toHaveLength(3);
}

async function expectWelcomePage(podIp: string): Promise<void> {
  const response = await fetch(`http://${podIp}/`, { signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<title>Welcome to nginx!</title>');
}

async function expectLogsShared(pod: Pod): Promise<void> {
  const truncator = pod.status?.containerStatuses?.find((s) => s.name === 'log-truncator');
  // nginx writes its logs into the emptyDir; the busybox container sees the same files at /logdir.
  const listing = await dockerExec(withoutScheme(truncator?.containerID ?? ''), ['ls', '/logdir']);
  expect(listing.split('\n')).toEqual(expect.arrayContaining(['access.log', 'error.log']));
}

// Under npm and jest a bare `kubectl` is the workspace bin (ours): the real one is resolved past it.
const kubectls: [string, () => string[]][] = [
  ['the real kubectl', () => [realKubectl()]],
  ['groundkube kubectl', () => [process.execPath, cluster.ourKubectl]],
];

describe.each(kubectls)('the seed walkthrough with %s', (label, command) => {
  let kubectl: Kubectl;
  const uids: Record<string, string> = {};

  beforeAll(async () => {
    kubectl = await freshKubectl(label, command(), cluster.port);
  });

  afterAll(async () => {
    await kubectl?.[Symbol.asyncDispose]();
    if (cluster === undefined) return; // the cluster did not start: beforeAll's error says why
    // A failed step may leave pods behind; the next kubectl's walkthrough starts from none.
    for (const name of ['nginx', 'nginx-the-second']) {
      await fetch(`${cluster.apiUrl}${podPath(name)}`, {
        method: 'DELETE',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ gracePeriodSeconds: 0 }),
      }).catch(() => undefined);
    }
    await until(
      'no pods to be left',
      async () => ((await api<PodList>('/api/v1/pods')).body.items.length === 0 ? true : undefined),
      60_000,
    );
  }, 90_000);

  it('0. is the kubectl it says it is', async () => {
    const result = await kubectl.run('version', '--client');
    expect(result.code).toBe(0);
    if (label === 'the real kubectl') expect(result.stdout).not.toContain('groundkube');
    else expect(result.stdout).toContain('groundkube');
  });

  it('1. kubectl get nodes lists the node Ready; the API shows its hostname label and no pods', async () => {
    const result = await kubectl.run('get', 'nodes');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [header, ...nodes] = rows(result.stdout);
    expect(header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(nodes.find((row) => row[0] === cluster.nodeName)?.[1]).toBe('Ready');

    const nodeList = await api<{ items: Node[] }>('/api/v1/nodes');
    const node = nodeList.body.items.find((n) => n.metadata.name === cluster.nodeName);
    expect(node?.metadata.labels?.['kubernetes.io/hostname']).toBe(cluster.nodeName);
    const pods = await api<PodList>('/api/v1/pods');
    expect(pods.body).toMatchObject({ kind: 'PodList', items: [] });
  });

  it('2. the seed pod, made JSON by kubectl create --dry-run=client -o json and POSTed, is created Pending, with the defaults Kubernetes gives', async () => {
    await writeFile(path.join(kubectl.home, 'nginx.yaml'), nginxYamlFor(cluster.nodeName));
    const dryRun = await kubectl.run('create', '--dry-run=client', '-o', 'json', '-f', 'nginx.yaml');
    expect(dryRun).toMatchObject({ code: 0, stderr: '' });
    const nginxJson = dryRun.stdout;
    // The manifest as written, and the namespace kubectl fills in; nothing sent to the server yet.
    const manifest = JSON.parse(asJson(nginxYamlFor(cluster.nodeName))) as Pod;
    expect(JSON.parse(nginxJson)).toEqual({
      ...manifest,
      metadata: { ...manifest.metadata, namespace: 'default' },
    });
    const nothingYet = await api<PodList>('/api/v1/pods');
    expect(nothingYet.body.items).toEqual([]);
    const created = await api<Pod>('/api/v1/namespaces/default/pods', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: nginxJson,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { nodeName: cluster.nodeName, restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
      status: { phase: 'Pending' },
    });
    uids['nginx'] = created.body.metadata.uid!;
    const started = Date.now();

    const pod = await runningPod('nginx');
    console.log(
      `${label}: pod nginx created → 2/2 Running in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(pod.status).toMatchObject({
      hostIP: expect.any(String),
      podIP: expect.any(String),
      startTime: expect.any(String),
    });
  });

  it('3. kubectl get pods shows nginx 2/2 Running; its pod IP serves the welcome page; Docker agrees', async () => {
    const result = await kubectl.run('get', 'pods');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [header, ...pods] = rows(result.stdout);
    expect(header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(pods.map((row) => row.slice(0, 4))).toEqual([['nginx', '2/2', 'Running', '0']]);

    const pod = (await api<Pod>(podPath('nginx'))).body;
    await expectWelcomePage(pod.status!.podIP!);
    await expectLogsShared(pod);
    await expectDockerAgrees(kubectl, 'nginx');
  });

  it('4. kubectl create --filename nginx2.yaml; it runs 2/2; describe shows it; it serves too', async () => {
    await writeFile(
      path.join(kubectl.home, 'nginx2.yaml'),
      renamed(nginxYamlFor(cluster.nodeName), 'nginx-the-second'),
    );
    const started = Date.now();
    const created = await kubectl.run('create', '--filename', 'nginx2.yaml');
    expect(created).toMatchObject({ code: 0, stdout: 'pod/nginx-the-second created\n', stderr: '' });

    const pod = await runningPod('nginx-the-second');
    console.log(
      `${label}: pod nginx-the-second created → 2/2 Running in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    uids['nginx-the-second'] = pod.metadata.uid!;
    const listed = await kubectl.run('get', 'pods');
    expect(
      rows(listed.stdout)
        .slice(1)
        .map((row) => row.slice(0, 3)),
    ).toEqual([
      ['nginx', '2/2', 'Running'],
      ['nginx-the-second', '2/2', 'Running'],
    ]);

    const described = await kubectl.run('describe', 'pods/nginx-the-second');
    expect(described).toMatchObject({ code: 0, stderr: '' });
    const text = described.stdout;
    expect(text).toMatch(/^Name:\s+nginx-the-second$/m);
    expect(text).toMatch(/^Namespace:\s+default$/m);
    expect(text).toMatch(
      new RegExp(`^Node:\\s+${cluster.nodeName}/${pod.status!.hostIP!.replace(/\./g, '\\.')}$`, 'm'),
    );
    expect(text).toMatch(/^Status:\s+Running$/m);
    expect(text).toMatch(new RegExp(`^IP:\\s+${pod.status!.podIP!.replace(/\./g, '\\.')}$`, 'm'));
    expect(text).toMatch(/^\s+Image:\s+nginx$/m);
    expect(text).toMatch(/^\s+Image:\s+busybox$/m);

    await expectWelcomePage(pod.status!.podIP!);
    await expectDockerAgrees(kubectl, 'nginx-the-second');
  });

  it('5. kubectl delete pods/nginx pods/nginx-the-second returns once they are gone; no container is left', async () => {
    const deleted = await kubectl.run('delete', 'pods/nginx', 'pods/nginx-the-second');
    expect(deleted).toMatchObject({ code: 0, stderr: '' });
    expect(deleted.stdout.trimEnd().split('\n')).toEqual([
      'pod "nginx" deleted',
      'pod "nginx-the-second" deleted',
    ]);
    for (const name of ['nginx', 'nginx-the-second']) expect((await api(podPath(name))).status).toBe(404);

    const listed = await kubectl.run('get', 'pods');
    expect(listed).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    for (const name of ['nginx', 'nginx-the-second']) {
      expect(uids[name]).toMatch(/.+/);
      expect({ name, containers: await containersOfPod(uids[name]!) }).toEqual({ name, containers: [] });
    }
  });
});
