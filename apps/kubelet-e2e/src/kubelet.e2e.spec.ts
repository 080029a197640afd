// The kubelet against a real API server on real etcd, running pods on the real Docker engine. Each test's
// kubelet has its own node name (= runtime instance), so suites sharing the engine never collide.

import { randomUUID } from 'node:crypto';

import type { Event, Lease, Node, Pod } from '@groundkube/api';
import { EVENTS, LEASES, NODES, PODS, isNotFound, type RestClient } from '@groundkube/client';

import {
  buildApp,
  dockerContainers,
  removeInstance,
  startApiServer,
  startKubelet,
  until,
  type ApiServerFixture,
  type KubeletFixture,
} from './cluster-fixture';
import { seedPod } from './seed-pod';

jest.setTimeout(180_000);

const podTarget = (name: string) => ({ resource: PODS, namespace: 'default', name });

async function getPod(client: RestClient, name: string): Promise<Pod | undefined> {
  try {
    return await client.get<Pod>(podTarget(name));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function ready(pod: Pod | undefined): boolean {
  return pod?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

describe('kubelet with a real API server and Docker', () => {
  let api: ApiServerFixture;
  let kubeletScript: string;
  const started: KubeletFixture[] = [];

  beforeAll(async () => {
    api = await startApiServer();
    kubeletScript = await buildApp('kubelet');
  });

  afterAll(async () => {
    for (const k of started) {
      await k.process.stop('SIGKILL');
      await removeInstance(k.nodeName, k.rootDir);
    }
    await api?.[Symbol.asyncDispose]();
  });

  async function kubelet(prefix: string): Promise<KubeletFixture> {
    const k = await startKubelet({
      script: kubeletScript,
      apiServerUrl: api.url,
      nodeName: `${prefix}-${randomUUID().slice(0, 8)}`,
    });
    started.push(k);
    return k;
  }

  /** Deletes a pod and waits until the API server and Docker both no longer have it. */
  async function deleteAndWait(k: KubeletFixture, pod: Pod): Promise<void> {
    await api.client.delete(podTarget(pod.metadata.name!));
    await until('pod gone from the API', async () =>
      (await getPod(api.client, pod.metadata.name!)) ? undefined : true,
    );
    await until('containers removed', async () =>
      (await dockerContainers(k.nodeName, pod.metadata.uid)).length === 0 ? true : undefined,
    );
  }

  it('registers its node with status, lease and events', async () => {
    const k = await kubelet('reg');
    const node = await until('node Ready', async () => {
      const n = await api.client.get<Node>({ resource: NODES, name: k.nodeName });
      return n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? n : undefined;
    });
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': k.nodeName,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
    });
    expect(node.status?.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.4',
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^docker:\/\/\d+\./);
    expect(node.status?.capacity).toMatchObject({ pods: '110' });
    expect(node.status?.capacity?.['memory']).toMatch(/^\d+Ki$/);
    expect(node.status?.addresses?.map((a) => a.type)).toEqual(['InternalIP', 'Hostname']);
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(k.port);
    expect(node.status?.conditions?.map((c) => `${c.type}=${c.status}:${c.reason}`).sort()).toEqual([
      'DiskPressure=False:KubeletHasNoDiskPressure',
      'MemoryPressure=False:KubeletHasSufficientMemory',
      'PIDPressure=False:KubeletHasSufficientPID',
      'Ready=True:KubeletReady',
    ]);

    const lease = await until('lease', () =>
      api.client.get<Lease>({ resource: LEASES, namespace: 'kube-node-lease', name: k.nodeName }),
    );
    expect(lease.spec).toMatchObject({ holderIdentity: k.nodeName, leaseDurationSeconds: 40 });
    expect(lease.spec?.renewTime).toMatch(/\.\d{6}Z$/);

    const reasons = await until('node events', async () => {
      const list = await api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
      const mine = list.items.filter((e) => e.involvedObject.name === k.nodeName).map((e) => e.reason);
      return mine.includes('NodeReady') ? mine : undefined;
    });
    expect(reasons).toEqual(expect.arrayContaining(['Starting', 'NodeReady']));
  });

  it('runs the seed pod: Running, Ready, one IP for both containers, shared emptyDir, logs, events; deletion removes it', async () => {
    const k = await kubelet('seed');
    const created = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      seedPod({ name: `web-${k.nodeName}`, nodeName: k.nodeName }),
    );
    const name = created.metadata.name!;

    const pod = await until('pod Running and Ready', async () => {
      const p = await getPod(api.client, name);
      return p?.status?.phase === 'Running' && ready(p) && p.status.podIP ? p : undefined;
    });
    expect(pod.status?.podIPs).toEqual([{ ip: pod.status?.podIP }]);
    expect(pod.status?.hostIP).toBeTruthy();
    expect(pod.status?.startTime).toBeTruthy();
    expect(pod.status?.conditions?.map((c) => c.type).sort()).toEqual([
      'ContainersReady',
      'Initialized',
      'PodScheduled',
      'Ready',
    ]);
    expect(
      pod.status?.containerStatuses?.map((c) => [c.name, c.ready, c.restartCount, Boolean(c.state?.running)]),
    ).toEqual([
      ['nginx', true, 0, true],
      ['busybox', true, 0, true],
    ]);

    const page = await until('nginx page on the pod IP', async () => {
      const res = await fetch(`http://${pod.status?.podIP}/`);
      return res.ok ? res.text() : undefined;
    });
    expect(page).toContain('Welcome to nginx!');
    const shared = await until('page written by busybox', async () => {
      const res = await fetch(`http://${pod.status?.podIP}/shared/index.html`);
      return res.ok ? res.text() : undefined;
    });
    expect(shared).toBe('hello from busybox\n');

    const logs = await until('busybox logs from the kubelet endpoint', async () => {
      const res = await fetch(`http://127.0.0.1:${k.port}/containerLogs/default/${name}/busybox`);
      const text = await res.text();
      return text.includes('started') ? text : undefined;
    });
    expect(logs).toBe('started\n');

    const reasons = await until('pod events', async () => {
      const list = await api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
      const mine = list.items.filter((e) => e.involvedObject.uid === created.metadata.uid);
      return mine.filter((e) => e.reason === 'Started').length === 2 ? mine : undefined;
    });
    const nginxPull = reasons.find(
      (e) => e.reason === 'Pulling' && e.involvedObject.fieldPath === 'spec.containers{nginx}',
    );
    expect(nginxPull).toMatchObject({
      message: 'Pulling image "nginx"',
      source: { component: 'kubelet', host: k.nodeName },
    });

    const containers = await dockerContainers(k.nodeName, created.metadata.uid);
    expect(containers.filter((c) => c.state === 'running')).toHaveLength(3); // pause + nginx + busybox

    await deleteAndWait(k, created);
  });

  it('restarts an exiting container under Always, and finishes pods under Never', async () => {
    const k = await kubelet('restart');
    const base = (name: string, restartPolicy: 'Always' | 'Never', script: string): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-${k.nodeName}`, namespace: 'default' },
      spec: {
        nodeName: k.nodeName,
        restartPolicy,
        terminationGracePeriodSeconds: 1,
        containers: [
          { name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] },
        ],
      },
    });
    const always = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      base('crash', 'Always', 'exit 1'),
    );
    const ok = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      base('ok', 'Never', 'echo done'),
    );
    const bad = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      base('bad', 'Never', 'exit 3'),
    );

    const crashed = await until('restartCount rises', async () => {
      const p = await getPod(api.client, always.metadata.name!);
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    });
    expect(crashed.status?.phase).toBe('Running');
    expect(crashed.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);

    const succeeded = await until('Succeeded', async () => {
      const p = await getPod(api.client, ok.metadata.name!);
      return p?.status?.phase === 'Succeeded' ? p : undefined;
    });
    expect(succeeded.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    const failed = await until('Failed', async () => {
      const p = await getPod(api.client, bad.metadata.name!);
      return p?.status?.phase === 'Failed' ? p : undefined;
    });
    expect(failed.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 3,
      reason: 'Error',
    });
    expect(failed.status?.containerStatuses?.[0]?.restartCount).toBe(0);

    for (const p of [always, ok, bad]) await deleteAndWait(k, p);
  });

  it('adopts its pods after a SIGKILL and restart: exactly one set of containers', async () => {
    const k = await kubelet('adopt');
    const created = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      seedPod({ name: `adopt-${k.nodeName}`, nodeName: k.nodeName }),
    );
    await until('pod Ready', async () =>
      ready(await getPod(api.client, created.metadata.name!)) ? true : undefined,
    );
    const before = (await dockerContainers(k.nodeName, created.metadata.uid)).map((c) => c.id).sort();
    expect(before).toHaveLength(3);

    await k.process.stop('SIGKILL');
    const restarted = await startKubelet({
      script: kubeletScript,
      apiServerUrl: api.url,
      nodeName: k.nodeName,
      rootDir: k.rootDir,
      port: k.port,
    });
    started.push(restarted);

    // Let the restarted kubelet sync (its node heartbeat moves on), then compare.
    const firstBeat = (await api.client.get<Node>({ resource: NODES, name: k.nodeName })).metadata
      .resourceVersion;
    await until('restarted kubelet heartbeat', async () => {
      const n = await api.client.get<Node>({ resource: NODES, name: k.nodeName });
      return n.metadata.resourceVersion !== firstBeat ? true : undefined;
    });
    await until('pod still Ready', async () =>
      ready(await getPod(api.client, created.metadata.name!)) ? true : undefined,
    );
    const after = (await dockerContainers(k.nodeName, created.metadata.uid)).map((c) => c.id).sort();
    expect(after).toEqual(before);

    await deleteAndWait(restarted, created);
  });
});
