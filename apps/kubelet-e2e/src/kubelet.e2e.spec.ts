// The kubelet against a real API server on real etcd, running pods on the real Docker engine. Each test's
// kubelet has its own node name (= runtime instance), so suites sharing the engine never collide.

import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import type { Event, Lease, Node, Pod } from '@groundkube/api';
import { Etcd3 } from 'etcd3';

import { EVENTS, LEASES, NODES, PODS, isNotFound, type RestClient } from '@groundkube/client';
import { silentLogger } from '@groundkube/logging';
import { startRuntimeService } from '@groundkube/runtime-docker';

import {
  buildApp,
  dockerContainers,
  removeInstance,
  startApiServer,
  startKubelet,
  until,
  type KubeletFixture,
} from './cluster-fixture';
import { seedPod, sleeperPod } from './seed-pod';

jest.setTimeout(180_000);

const exec = promisify(execFile);

interface DockerInspect {
  Id: string;
  Name: string;
  Image: string;
  State: { Running: boolean; StartedAt: string };
  Config: { Labels: Record<string, string> };
  HostConfig: { NetworkMode: string };
  NetworkSettings: { IPAddress: string };
}

async function dockerInspect(id: string): Promise<DockerInspect> {
  const { stdout } = await exec('docker', ['inspect', id]);
  const [info] = JSON.parse(stdout) as DockerInspect[];
  if (!info) throw new Error(`docker inspect ${id}: nothing`);
  return info;
}

/** Records `docker events` (kill and die) of a runtime instance until `stop()`. */
function recordDockerEvents(instance: string): {
  stop(): Promise<{ name: string; action: string; signal?: string; exitCode?: string }[]>;
} {
  const child = spawn('docker', [
    'events',
    '--filter',
    `label=io.groundkube.runtime.instance=${instance}`,
    '--filter',
    'event=kill',
    '--filter',
    'event=die',
    '--format',
    '{{json .}}',
  ]);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      return out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          const e = JSON.parse(l) as { Action: string; Actor: { Attributes: Record<string, string> } };
          const a = e.Actor.Attributes;
          return {
            name: a['name'] ?? '',
            action: e.Action,
            ...(a['signal'] !== undefined ? { signal: a['signal'] } : {}),
            ...(a['exitCode'] !== undefined ? { exitCode: a['exitCode'] } : {}),
          };
        });
    },
  };
}

const podTarget = (name: string) => ({ resource: PODS, namespace: 'default', name });

async function getPod(client: RestClient, name: string): Promise<Pod | undefined> {
  try {
    return await client.get<Pod>(podTarget(name));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * The bytes of a binary-SI or plain integer quantity (`101430960Ki`, `2Mi`, `93478772582`), NaN otherwise.
 */
function quantityBytes(quantity: string | undefined): number {
  const match = /^(\d+)(Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(quantity ?? '');
  if (!match) return Number.NaN;
  const power = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'].indexOf(match[2] ?? '');
  return Number(match[1]) * 1024 ** power;
}

function ready(pod: Pod | undefined): boolean {
  return pod?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

describe('kubelet with a real API server and Docker', () => {
  let api: Awaited<ReturnType<typeof startApiServer>>;
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

  /** Creates a pod in default and waits until it is Ready. */
  async function createReadyPod(pod: Pod): Promise<Pod> {
    const created = await api.client.create<Pod>({ resource: PODS, namespace: 'default' }, pod);
    await until('pod Ready', async () =>
      ready(await getPod(api.client, created.metadata.name!)) ? true : undefined,
    );
    return created;
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
    expect(node.status?.capacity).toMatchObject({ pods: '110', cpu: String(os.cpus().length) });
    expect(quantityBytes(node.status?.capacity?.['memory'])).toBe(Math.floor(os.totalmem() / 1024) * 1024);
    expect(node.status?.allocatable).toMatchObject({ pods: '110', cpu: String(os.cpus().length) });
    // ephemeral-storage is the filesystem of the kubelet's root directory, as stat -f sizes it; allocatable
    // leaves out the default eviction threshold nodefs.available<10% (a float32 percentage in Kubernetes).
    const [blocks, blockSize] = (await exec('stat', ['-f', '-c', '%b %S', k.rootDir])).stdout
      .trim()
      .split(' ')
      .map(Number);
    const fsBytes = blocks! * blockSize!;
    expect(quantityBytes(node.status?.capacity?.['ephemeral-storage'])).toBe(fsBytes);
    expect(quantityBytes(node.status?.allocatable?.['ephemeral-storage'])).toBe(
      fsBytes - Math.trunc(fsBytes * Math.fround(0.1)),
    );
    // One hugepages-<size> per page size the kernel offers, sized by its pool (0 when none are configured).
    const hugePageDirs = existsSync('/sys/kernel/mm/hugepages')
      ? await readdir('/sys/kernel/mm/hugepages')
      : [];
    const hugePageKeys = Object.keys(node.status?.capacity ?? {}).filter((r) => r.startsWith('hugepages-'));
    expect(hugePageKeys).toHaveLength(hugePageDirs.length);
    for (const dir of hugePageDirs) {
      const pageKi = Number(/^hugepages-(\d+)kB$/.exec(dir)?.[1]);
      const pages = Number(
        await readFile(path.join('/sys/kernel/mm/hugepages', dir, 'nr_hugepages'), 'utf8'),
      );
      const key = hugePageKeys.find((r) => quantityBytes(r.slice('hugepages-'.length)) === pageKi * 1024);
      expect([dir, key !== undefined]).toEqual([dir, true]);
      expect(quantityBytes(node.status?.capacity?.[key!])).toBe(pageKi * 1024 * pages);
      expect(node.status?.allocatable?.[key!]).toBe(node.status?.capacity?.[key!]);
    }
    expect(node.status?.nodeInfo?.kernelVersion).toBe(os.release());
    expect(node.status?.nodeInfo?.osImage).toMatch(/\S/);
    expect(node.status?.addresses?.find((a) => a.type === 'Hostname')?.address).toBe(k.nodeName);
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
    // The pod started (the kubelet took it on) no later than any of its containers.
    for (const cs of pod.status?.containerStatuses ?? []) {
      expect(Date.parse(pod.status!.startTime!)).toBeLessThanOrEqual(
        Date.parse(cs.state!.running!.startedAt!),
      );
    }
    // The 1.32 kubelet's conditions, in the order it writes them.
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
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
    // The same through the API server's pods/log, which proxies to this kubelet's endpoint.
    const proxied = await api.client.raw({
      method: 'GET',
      path: `/api/v1/namespaces/default/pods/${name}/log`,
      query: { container: 'busybox' },
    });
    expect([proxied.statusCode, proxied.body.toString()]).toEqual([200, 'started\n']);

    const reasons = await until('pod events', async () => {
      const list = await api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
      const mine = list.items.filter((e) => e.involvedObject.uid === created.metadata.uid);
      return mine.filter((e) => e.reason === 'Started').length === 2 ? mine : undefined;
    });
    expect(new Set(reasons.map((e) => e.reason))).toEqual(
      new Set(['Pulling', 'Pulled', 'Created', 'Started']),
    );
    const nginxPull = reasons.find(
      (e) => e.reason === 'Pulling' && e.involvedObject.fieldPath === 'spec.containers{nginx}',
    );
    expect(nginxPull).toMatchObject({
      message: 'Pulling image "nginx"',
      source: { component: 'kubelet', host: k.nodeName },
    });

    const containers = await dockerContainers(k.nodeName, created.metadata.uid);
    expect(containers.filter((c) => c.state === 'running')).toHaveLength(3); // pause + nginx + busybox

    // What the API says is true of Docker: ids, names, labels, images, the shared network namespace, the IP.
    const uid = created.metadata.uid!;
    const sandbox = containers.find((c) => c.name.startsWith('k8s_POD_'));
    expect(sandbox?.name).toBe(`k8s_POD_${name}_default_${uid}_0`);
    const pause = await dockerInspect(sandbox!.id);
    expect(pause.NetworkSettings.IPAddress).toBe(pod.status?.podIP);
    expect(pause.Config.Labels).toMatchObject({
      'io.kubernetes.pod.name': name,
      'io.kubernetes.pod.namespace': 'default',
      'io.kubernetes.pod.uid': uid,
      'io.kubernetes.docker.type': 'podsandbox',
    });
    for (const cs of pod.status?.containerStatuses ?? []) {
      expect(cs.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
      const info = await dockerInspect(cs.containerID!.slice('docker://'.length));
      expect(info.Name).toBe(`/k8s_${cs.name}_${name}_default_${uid}_0`);
      expect(info.State.Running).toBe(true);
      expect(info.HostConfig.NetworkMode).toBe(`container:${pause.Id}`);
      expect(info.Config.Labels).toMatchObject({
        'io.kubernetes.pod.name': name,
        'io.kubernetes.pod.namespace': 'default',
        'io.kubernetes.pod.uid': uid,
        'io.kubernetes.container.name': cs.name,
        'io.kubernetes.docker.type': 'container',
      });
      // A pulled image is reported by its repo digest (docker-pullable://), as Kubernetes' Docker integration did.
      const { stdout: digests } = await exec('docker', [
        'image',
        'inspect',
        info.Image,
        '--format',
        '{{json .RepoDigests}}',
      ]);
      const repoDigests = JSON.parse(digests) as string[];
      expect(repoDigests.map((d) => `docker-pullable://${d}`)).toContain(cs.imageID);
      expect(Date.parse(cs.state!.running!.startedAt!)).toBe(
        Math.floor(Date.parse(info.State.StartedAt) / 1000) * 1000,
      );
    }

    const emptyDir = path.join(k.rootDir, 'pods', uid, 'volumes', 'kubernetes.io~empty-dir', 'shared');
    expect(existsSync(emptyDir)).toBe(true);
    await deleteAndWait(k, created);
    // The emptyDir and the pod's logs go with the pod.
    await until('pod directories removed', async () =>
      existsSync(path.join(k.rootDir, 'pods', uid)) ||
      existsSync(path.join(k.rootDir, 'logs', 'pods', `default_${name}_${uid}`))
        ? undefined
        : true,
    );
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
    // After the second crash the kubelet holds the restart back (10 s) and says so.
    const backingOff = await until('CrashLoopBackOff', async () => {
      const p = await getPod(api.client, always.metadata.name!);
      const c = p?.status?.containerStatuses?.[0];
      return c?.state?.waiting?.reason === 'CrashLoopBackOff' ? c : undefined;
    });
    expect(backingOff.restartCount).toBeGreaterThanOrEqual(1);
    expect(backingOff.ready).toBe(false);
    await until('BackOff event', async () => {
      const list = await api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
      return list.items.some((e) => e.involvedObject.uid === always.metadata.uid && e.reason === 'BackOff')
        ? true
        : undefined;
    });

    const succeeded = await until('Succeeded', async () => {
      const p = await getPod(api.client, ok.metadata.name!);
      return p?.status?.phase === 'Succeeded' ? p : undefined;
    });
    expect(succeeded.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    // A finished pod keeps its exited container (logs, final state) but its sandbox stops; its IP stays reported.
    const finished = await until('sandbox of the finished pod stopped', async () => {
      const cs = await dockerContainers(k.nodeName, ok.metadata.uid);
      return cs.length === 2 && cs.every((c) => c.state === 'exited') ? cs : undefined;
    });
    expect(finished.map((c) => c.name.split('_')[1]).sort()).toEqual(['POD', 'main']);
    expect((await getPod(api.client, ok.metadata.name!))?.status?.podIP).toBe(succeeded.status?.podIP);
    expect(succeeded.status?.podIP).toBeTruthy();

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

  it('runs pods with long names (100, and 251 with dots): hostname cut to 63, events posted, deletion completes', async () => {
    const k = await kubelet('longname');
    const tag = k.nodeName.replace(/[^a-z0-9]/g, '');
    // Each name ends in the kubelet's tag, so names stay unique across runs sharing the API server.
    const long = (length: number, dotted: boolean): string => {
      let name = '';
      for (let i = 0; name.length < length; i++) {
        name += dotted && i > 0 && i % 50 === 0 ? '.' : String.fromCharCode(97 + (Math.floor(i / 50) % 26));
      }
      return name.slice(0, length - tag.length - 1) + '-' + tag;
    };
    const names = [long(100, false), long(251, true)];
    expect(names.map((n) => n.length)).toEqual([100, 251]);

    const pods: Pod[] = [];
    for (const name of names) {
      pods.push(
        await api.client.create<Pod>(
          { resource: PODS, namespace: 'default' },
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name, namespace: 'default' },
            spec: {
              nodeName: k.nodeName,
              terminationGracePeriodSeconds: 1,
              containers: [
                {
                  name: 'main',
                  image: 'busybox',
                  imagePullPolicy: 'IfNotPresent',
                  command: ['sh', '-c', 'while :; do sleep 1; done'],
                },
              ],
            },
          },
        ),
      );
    }
    for (const pod of pods) {
      const name = pod.metadata.name!;
      await until(`${name.length}-character pod Running`, async () => {
        const p = await getPod(api.client, name);
        return p?.status?.phase === 'Running' && ready(p) ? p : undefined;
      });
      const main = (await dockerContainers(k.nodeName, pod.metadata.uid)).find((c) =>
        c.name.startsWith('k8s_main_'),
      );
      const { stdout } = await exec('docker', ['exec', main!.id, 'hostname']);
      expect(stdout.trim()).toBe(name.slice(0, 63));
      // The kubelet's events about the pod reach the API server (their names fit in 253 characters).
      await until(`Started event of the ${name.length}-character pod`, async () => {
        const list = await api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
        return list.items.some((e) => e.involvedObject.uid === pod.metadata.uid && e.reason === 'Started')
          ? true
          : undefined;
      });
    }
    for (const pod of pods) await deleteAndWait(k, pod);
  });

  it('treats a container that cannot start as exited: StartError 128, crash-loop back-off, Failed under Never', async () => {
    const k = await kubelet('starterr');
    const make = (name: string, restartPolicy: 'Always' | 'Never'): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-${k.nodeName}`, namespace: 'default' },
      spec: {
        nodeName: k.nodeName,
        restartPolicy,
        terminationGracePeriodSeconds: 1,
        containers: [
          { name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['/no/such/binary'] },
        ],
      },
    });
    const always = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      make('nobin', 'Always'),
    );
    const never = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      make('nobin1', 'Never'),
    );

    const failed = await until('the Never pod Failed', async () => {
      const p = await getPod(api.client, never.metadata.name!);
      return p?.status?.phase === 'Failed' ? p : undefined;
    });
    const status = failed.status?.containerStatuses?.[0];
    expect(status?.restartCount).toBe(0);
    expect(status?.state?.terminated).toMatchObject({ exitCode: 128, reason: 'StartError' });
    expect(status?.state?.terminated?.message).toContain('/no/such/binary');
    expect(await dockerContainers(k.nodeName, never.metadata.uid)).toHaveLength(2); // sandbox + one attempt

    const looping = await until('CrashLoopBackOff', async () => {
      const c = (await getPod(api.client, always.metadata.name!))?.status?.containerStatuses?.[0];
      return c?.state?.waiting?.reason === 'CrashLoopBackOff' ? c : undefined;
    });
    expect(looping.lastState?.terminated).toMatchObject({ exitCode: 128, reason: 'StartError' });
    // Restarts come with the back-off (at once, then 10 s, then 20 s), not in a tight loop; every attempt
    // but the newest two is removed.
    await new Promise((r) => setTimeout(r, 12_000));
    const after = (await getPod(api.client, always.metadata.name!))?.status?.containerStatuses?.[0];
    expect(after?.restartCount).toBeLessThanOrEqual(3);
    const apps = (await dockerContainers(k.nodeName, always.metadata.uid)).filter((c) =>
      c.name.startsWith('k8s_main_'),
    );
    expect(apps.length).toBeLessThanOrEqual(2);
    expect(apps.length).toBeGreaterThanOrEqual(1);
    const failedEvents = (
      await api.client.list<Event>({ resource: EVENTS, namespace: 'default' })
    ).items.filter((e) => e.involvedObject.uid === always.metadata.uid && e.reason === 'Failed');
    // Every attempt fails with the same message: one Event whose count grows.
    expect(failedEvents).toHaveLength(1);

    for (const p of [always, never]) await deleteAndWait(k, p);
  });

  it('backs off an image it cannot pull: ErrImagePull, ImagePullBackOff, few events, logs that say why', async () => {
    const k = await kubelet('pull');
    const image = 'groundkube-test/never-published:0.0.1';
    const pod = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `nopull-${k.nodeName}`, namespace: 'default' },
        spec: {
          nodeName: k.nodeName,
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent' }],
        },
      },
    );
    const name = pod.metadata.name!;
    const eventsOf = async (reason: string): Promise<Event[]> =>
      (await api.client.list<Event>({ resource: EVENTS, namespace: 'default' })).items.filter(
        (e) => e.involvedObject.uid === pod.metadata.uid && e.reason === reason,
      );
    const total = (events: Event[]): number => events.reduce((n, e) => n + (e.count ?? 1), 0);

    const waiting = await until('ImagePullBackOff', async () => {
      const c = (await getPod(api.client, name))?.status?.containerStatuses?.[0];
      return c?.state?.waiting?.reason === 'ImagePullBackOff' ? c : undefined;
    });
    expect(waiting).toMatchObject({ name: 'main', image, ready: false, restartCount: 0 });
    expect((await getPod(api.client, name))?.status?.phase).toBe('Pending');
    expect((await eventsOf('Failed')).map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Failed to pull image "groundkube-test\/never-published:0.0.1": /),
        'Error: ErrImagePull',
      ]),
    );

    // The kubelet pulls again only once the back-off (10 s, then 20 s, ...) has passed, and meanwhile looks at
    // the pod every few seconds, not every second: by the second pull the repeats are few, folded into one
    // Event whose count grows.
    await until('a second pull', async () => (total(await eventsOf('Pulling')) >= 2 ? true : undefined));
    const backOffs = await eventsOf('BackOff');
    expect(backOffs).toHaveLength(1);
    expect(backOffs[0]).toMatchObject({ type: 'Normal', message: `Back-off pulling image "${image}"` });
    // Each status change, resync and back-off end may add one; a look every second would be 10 or more in
    // the 10 s before the second pull (14 here before the kubelet waited for the back-off).
    expect(total(backOffs)).toBeLessThan(10);

    // No container ever ran, so there is no log, and the answer says why.
    const response = await fetch(`${api.url}/api/v1/namespaces/default/pods/${name}/log`);
    const status = (await response.json()) as { code: number; reason: string; message: string };
    expect(response.status).toBe(400);
    expect(status.reason).toBe('BadRequest');
    expect([
      `container "main" in pod "${name}" is waiting to start: trying and failing to pull image`,
      `container "main" in pod "${name}" is waiting to start: image can't be pulled`,
    ]).toContain(status.message);

    await deleteAndWait(k, pod);
  });

  it('adopts its pods after a SIGKILL and restart: exactly one set of containers', async () => {
    const k = await kubelet('adopt');
    const created = await createReadyPod(seedPod({ name: `adopt-${k.nodeName}`, nodeName: k.nodeName }));
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
  it('deletes gracefully: TERM, then KILL after the grace period, Killing events, sandbox removed, pod gone', async () => {
    const k = await kubelet('grace');
    const created = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `grace-${k.nodeName}`, namespace: 'default' },
        spec: {
          nodeName: k.nodeName,
          terminationGracePeriodSeconds: 3,
          containers: [
            {
              name: 'polite',
              image: 'busybox',
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 0.2; done"],
            },
            {
              name: 'stubborn',
              image: 'busybox',
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', "trap '' TERM; while true; do sleep 0.2; done"],
            },
          ],
        },
      },
    );
    const name = created.metadata.name!;
    await until('pod Ready', async () => (ready(await getPod(api.client, name)) ? true : undefined));

    const events = recordDockerEvents(k.nodeName);
    const deleted = await api.client.delete<Pod>(podTarget(name));
    expect(deleted).toMatchObject({
      metadata: { deletionTimestamp: expect.any(String), deletionGracePeriodSeconds: 3 },
    });
    await until('pod gone from the API', async () => ((await getPod(api.client, name)) ? undefined : true));
    expect(await dockerContainers(k.nodeName, created.metadata.uid)).toEqual([]);
    const seen = await events.stop();

    const of = (container: string) => seen.filter((e) => e.name.startsWith(`k8s_${container}_`));
    // The polite container exits on TERM; the stubborn one ignores it and is killed.
    expect(of('polite').map((e) => `${e.action}:${e.signal ?? e.exitCode}`)).toEqual(['kill:15', 'die:0']);
    expect(of('stubborn').map((e) => `${e.action}:${e.signal ?? e.exitCode}`)).toEqual([
      'kill:15',
      'kill:9',
      'die:137',
    ]);
    expect(of('POD').some((e) => e.action === 'die')).toBe(true);

    const killing = await until('Killing events', async () => {
      const list = await api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
      const mine = list.items.filter(
        (e) => e.involvedObject.uid === created.metadata.uid && e.reason === 'Killing',
      );
      return mine.length === 2 ? mine : undefined;
    });
    expect(killing.map((e) => e.involvedObject.fieldPath).sort()).toEqual([
      'spec.containers{polite}',
      'spec.containers{stubborn}',
    ]);
  });

  it('keeps its node and pods through an API server restart, and leaves pods running on SIGTERM', async () => {
    const k = await kubelet('apirestart');
    const first = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      seedPod({ name: `before-${k.nodeName}`, nodeName: k.nodeName }),
    );
    await until('first pod Ready', async () =>
      ready(await getPod(api.client, first.metadata.name!)) ? true : undefined,
    );

    await api.restart();

    // A pod created after the restart runs: the kubelet's watch came back.
    const second = await api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      seedPod({ name: `after-${k.nodeName}`, nodeName: k.nodeName }),
    );
    await until(
      'second pod Ready',
      async () => (ready(await getPod(api.client, second.metadata.name!)) ? true : undefined),
      90_000,
    );
    // The lease is still renewed.
    const renewed = await api.client.get<Lease>({
      resource: LEASES,
      namespace: 'kube-node-lease',
      name: k.nodeName,
    });
    await until(
      'lease renewed after the restart',
      async () => {
        const l = await api.client.get<Lease>({
          resource: LEASES,
          namespace: 'kube-node-lease',
          name: k.nodeName,
        });
        return l.spec?.renewTime !== renewed.spec?.renewTime ? true : undefined;
      },
      30_000,
    );
    expect(
      (await dockerContainers(k.nodeName, first.metadata.uid)).filter((c) => c.state === 'running'),
    ).toHaveLength(3);

    // SIGTERM: the kubelet exits cleanly and the pods keep running.
    expect(await k.process.stop('SIGTERM')).toBe(0);
    const running = (await dockerContainers(k.nodeName)).filter((c) => c.state === 'running');
    expect(running).toHaveLength(6);

    const restarted = await startKubelet({
      script: kubeletScript,
      apiServerUrl: api.url,
      nodeName: k.nodeName,
      rootDir: k.rootDir,
      port: k.port,
    });
    started.push(restarted);
    await deleteAndWait(restarted, first);
    await deleteAndWait(restarted, second);
  });
  it('removes the containers of a pod deleted while it was down', async () => {
    const k = await kubelet('orphan');
    const created = await createReadyPod(seedPod({ name: `orphan-${k.nodeName}`, nodeName: k.nodeName }));
    await k.process.stop('SIGKILL');
    // With no kubelet to finish it, a forced delete removes the object at once.
    await api.client.delete(podTarget(created.metadata.name!), { gracePeriodSeconds: 0 });
    expect(await getPod(api.client, created.metadata.name!)).toBeUndefined();
    expect(await dockerContainers(k.nodeName, created.metadata.uid)).toHaveLength(3);

    const restarted = await startKubelet({
      script: kubeletScript,
      apiServerUrl: api.url,
      nodeName: k.nodeName,
      rootDir: k.rootDir,
      port: k.port,
    });
    started.push(restarted);
    await until('orphaned containers removed', async () =>
      (await dockerContainers(k.nodeName, created.metadata.uid)).length === 0 ? true : undefined,
    );
  });
  it('uses an external CRI runtime given by --container-runtime-endpoint', async () => {
    const nodeName = `extcri-${randomUUID().slice(0, 8)}`;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gk-extcri-'));
    const service = await startRuntimeService({
      socketPath: path.join(dir, 'cri.sock'),
      instance: nodeName,
      logger: silentLogger(),
    });
    try {
      const k = await startKubelet({
        script: kubeletScript,
        apiServerUrl: api.url,
        nodeName,
        extraArgs: [`--container-runtime-endpoint=${service.endpoint}`],
      });
      started.push(k);
      const created = await createReadyPod(sleeperPod(`ext-${nodeName}`, nodeName));
      // The containers are the external service's (its instance), and the kubelet started no runtime of its own.
      expect(await dockerContainers(nodeName, created.metadata.uid)).toHaveLength(2);
      expect(existsSync(path.join(k.rootDir, 'groundkube-cri.sock'))).toBe(false);
      await deleteAndWait(k, created);
    } finally {
      await service.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('re-lists after its watch is too old (410) and drops a pod removed meanwhile', async () => {
    const k = await kubelet('relist');
    const created = await createReadyPod(sleeperPod(`relist-${k.nodeName}`, k.nodeName));
    const name = created.metadata.name!;

    // With the API server down, the pod goes from etcd behind every watcher's back and history is compacted:
    // the kubelet's watch, resumed from its last resourceVersion, gets 410 Expired and must list again.
    await api.process.stop();
    const etcd = new Etcd3({ hosts: api.etcd.endpoint });
    try {
      const removed = await etcd.delete().key(`/registry/pods/default/${name}`).exec();
      expect(removed.deleted).toBe('1');
      await etcd.kv.compact({ revision: removed.header.revision, physical: true });
    } finally {
      etcd.close();
    }
    await api.restart();

    await until('containers of the vanished pod removed', async () =>
      (await dockerContainers(k.nodeName, created.metadata.uid)).length === 0 ? true : undefined,
    );
    // The kubelet runs at debug level: its pod reflector says it relisted because the version expired.
    expect(k.process.output()).toMatch(/"(Resource version|Watch) expired, relisting"/);
  });
});
