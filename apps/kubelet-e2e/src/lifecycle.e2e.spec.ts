// Container lifecycle on the real kubelet and Docker: postStart and preStop hooks, the Killing event posted
// before the container stops, and spec.activeDeadlineSeconds.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { Event, Pod, PodSpec } from '@groundkube/api';
import { EVENTS, PODS } from '@groundkube/client';

import { dockerContainers, until } from './cluster-fixture';
import { getPod, singleNodeSuite } from './single-node';

jest.setTimeout(180_000);

const exec = promisify(execFile);

describe('container lifecycle on the real kubelet', () => {
  const node = singleNodeSuite('lifecycle');
  let hostDir: string;

  beforeAll(async () => {
    hostDir = await mkdtemp(join(tmpdir(), 'gk-lifecycle-'));
  });
  afterAll(async () => {
    await rm(hostDir, { recursive: true, force: true });
  });

  async function createPod(name: string, spec: Omit<PodSpec, 'nodeName'>): Promise<Pod> {
    return node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${node.kubelet.nodeName}`, namespace: 'default' },
        spec: { nodeName: node.kubelet.nodeName, ...spec },
      },
    );
  }

  async function eventsOf(pod: Pod): Promise<Event[]> {
    const list = await node.api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
    return list.items.filter((e) => e.involvedObject.uid === pod.metadata.uid);
  }

  function untilEvent(pod: Pod, reason: string): Promise<Event> {
    return until(`${reason} event of ${pod.metadata.name}`, async () =>
      (await eventsOf(pod)).find((e) => e.reason === reason),
    );
  }

  async function running(pod: Pod, container = 'main'): Promise<{ id: string; state: string }> {
    return until(`${container} of ${pod.metadata.name} running`, async () => {
      const all = await dockerContainers(node.kubelet.nodeName, pod.metadata.uid);
      return all.find((c) => c.name.startsWith(`k8s_${container}_`) && c.state === 'running');
    });
  }

  async function remove(pod: Pod, gracePeriodSeconds?: number): Promise<void> {
    await node.api.client.delete(
      { resource: PODS, namespace: 'default', name: pod.metadata.name! },
      gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds },
    );
  }

  it('postStart runs in the container right after it starts: the container sees the file it wrote', async () => {
    const pod = await createPod('poststart', {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'main',
          image: 'busybox',
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', 'until [ -f /tmp/ps ]; do sleep 0.1; done; cat /tmp/ps; sleep 3600'],
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo poststart > /tmp/ps'] } } },
        },
      ],
    });
    const main = await running(pod);
    const logs = await until('the container printed the file', async () => {
      const { stdout } = await exec('docker', ['logs', main.id]);
      return stdout.includes('poststart') ? stdout : undefined;
    });
    expect(logs.trim()).toBe('poststart');
    expect((await eventsOf(pod)).some((e) => e.reason === 'FailedPostStartHook')).toBe(false);
    await remove(pod);
  });

  it('preStop runs before the container is stopped on delete: its output lands in a hostPath', async () => {
    const pod = await createPod('prestop', {
      terminationGracePeriodSeconds: 5,
      volumes: [{ name: 'out', hostPath: { path: hostDir } }],
      containers: [
        {
          name: 'main',
          image: 'busybox',
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'out', mountPath: '/out' }],
          lifecycle: {
            preStop: { exec: { command: ['sh', '-c', 'echo "prestop $(hostname)" > /out/prestop'] } },
          },
        },
      ],
    });
    await running(pod);
    await remove(pod);
    const written = await until('preStop wrote its file', () =>
      readFile(join(hostDir, 'prestop'), 'utf8').catch(() => undefined),
    );
    expect(written.trim()).toBe(`prestop ${pod.metadata.name}`);
    await until('pod gone', async () =>
      (await getPod(node.api.client, pod.metadata.name!)) === undefined ? true : undefined,
    );
  });

  it('a failing postStart gives FailedPostStartHook, kills the container and restarts it', async () => {
    const pod = await createPod('failstart', {
      terminationGracePeriodSeconds: 1,
      restartPolicy: 'Always',
      containers: [
        {
          name: 'main',
          image: 'busybox',
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', '3600'],
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo no >&2; exit 3'] } } },
        },
      ],
    });
    const failed = await untilEvent(pod, 'FailedPostStartHook');
    expect(failed.type).toBe('Warning');
    expect(failed.involvedObject.fieldPath).toBe('spec.containers{main}');
    expect(failed.message).toBe(
      `Exec lifecycle hook ([sh -c echo no >&2; exit 3]) for Container "main" in Pod ` +
        `"${pod.metadata.name}_default(${pod.metadata.uid})" failed - error: ` +
        `command 'sh -c echo no >&2; exit 3' exited with 3: no\n, message: "no\\n"`,
    );
    const killing = await untilEvent(pod, 'Killing');
    expect(killing.message).toBe('FailedPostStartHook');
    const restarted = await until('restartCount grows', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    });
    expect(restarted.status?.containerStatuses?.[0]?.lastState?.terminated).toBeDefined();
    await remove(pod, 0);
  });

  // `sleep` as PID 1 has no TERM handler, so the kernel ignores TERM: it runs until the KILL after 30 s.
  const ignoresTerm = {
    terminationGracePeriodSeconds: 30,
    containers: [
      {
        name: 'main',
        image: 'busybox',
        imagePullPolicy: 'IfNotPresent' as const,
        command: ['sleep', '3600'],
      },
    ],
  };

  it('posts Killing when the stop of a deleted pod starts, while the container still runs', async () => {
    const pod = await createPod('killing-delete', ignoresTerm);
    const main = await running(pod);
    await remove(pod);
    const killing = await untilEvent(pod, 'Killing');
    expect(killing.message).toBe('Stopping container main');
    const { stdout } = await exec('docker', ['inspect', '-f', '{{.State.Running}}', main.id]);
    expect(stdout.trim()).toBe('true');
  });

  it('posts Killing for a changed definition while the old container still runs', async () => {
    const pod = await createPod('killing-update', ignoresTerm);
    const main = await running(pod);
    await node.api.client.patch(
      { resource: PODS, namespace: 'default', name: pod.metadata.name! },
      { spec: { containers: [{ name: 'main', image: 'busybox:latest' }] } },
      { contentType: 'application/strategic-merge-patch+json' },
    );
    const killing = await untilEvent(pod, 'Killing');
    expect(killing.message).toBe('Container main definition changed, will be restarted');
    const { stdout } = await exec('docker', ['inspect', '-f', '{{.State.Running}}', main.id]);
    expect(stdout.trim()).toBe('true');
  });

  it('fails a pod past activeDeadlineSeconds: DeadlineExceeded, the event, containers stopped', async () => {
    const pod = await createPod('deadline', {
      activeDeadlineSeconds: 3,
      terminationGracePeriodSeconds: 1,
      restartPolicy: 'Always',
      containers: [
        { name: 'main', image: 'busybox', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
      ],
    });
    const failed = await until('pod Failed', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return p?.status?.phase === 'Failed' ? p : undefined;
    });
    expect(failed.status).toMatchObject({
      reason: 'DeadlineExceeded',
      message: 'Pod was active on the node longer than the specified deadline',
    });
    const event = await untilEvent(pod, 'DeadlineExceeded');
    expect(event).toMatchObject({
      type: 'Normal',
      message: 'Pod was active on the node longer than the specified deadline',
    });
    const stopped = await until('container terminated', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return p?.status?.containerStatuses?.[0]?.state?.terminated;
    });
    expect(stopped.exitCode).toBe(137);
    const all = await dockerContainers(node.kubelet.nodeName, pod.metadata.uid);
    expect(all.filter((c) => c.state === 'running')).toEqual([]);
  });
});
