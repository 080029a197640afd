// Init containers end to end: the kubelet app with a real API server on real etcd, running init containers
// on the real Docker engine one at a time before the main containers, under each restart policy.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Container, Event, Pod, RestartPolicy } from '@groundkube/api';
import { EVENTS, PODS } from '@groundkube/client';
import { realKubectl } from '@groundkube/testing';

import { getPod, singleNodeSuite } from './single-node';
import { dockerContainers, until } from './cluster-fixture';

jest.setTimeout(180_000);

const exec = promisify(execFile);

describe('init containers on the real kubelet', () => {
  const node = singleNodeSuite('init');

  async function createPod(
    name: string,
    restartPolicy: RestartPolicy,
    initContainers: Container[],
    containers: Container[],
  ): Promise<Pod> {
    const pull = { imagePullPolicy: 'IfNotPresent' as const };
    return node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${node.kubelet.nodeName}`, namespace: 'default' },
        spec: {
          nodeName: node.kubelet.nodeName,
          restartPolicy,
          terminationGracePeriodSeconds: 1,
          volumes: [{ name: 'work', emptyDir: {} }],
          initContainers: initContainers.map((c) => ({ ...pull, ...c })),
          containers: containers.map((c) => ({ ...pull, ...c })),
        },
      },
    );
  }

  async function kubectl(...args: string[]): Promise<string> {
    const { stdout } = await exec(realKubectl(), ['--server', node.api.url, ...args], {
      env: { ...process.env, KUBECONFIG: '/dev/null' },
    });
    return stdout;
  }

  async function eventsOf(pod: Pod): Promise<Event[]> {
    const list = await node.api.client.list<Event>({ resource: EVENTS, namespace: 'default' });
    return list.items.filter((e) => e.involvedObject.uid === pod.metadata.uid);
  }

  async function remove(pod: Pod): Promise<void> {
    await node.api.client.delete({ resource: PODS, namespace: 'default', name: pod.metadata.name! });
  }

  const mount = [{ name: 'work', mountPath: '/work' }];

  it('runs two init containers in order over a shared emptyDir, then the main container', async () => {
    const append = (line: string): Container => ({
      name: line,
      image: 'busybox',
      command: ['sh', '-c', `sleep 2; echo ${line} >> /work/lines`],
      volumeMounts: mount,
    });
    const pod = await createPod(
      'init-order',
      'Always',
      [append('first'), append('second')],
      [
        {
          name: 'main',
          image: 'busybox',
          command: ['sh', '-c', 'cat /work/lines; sleep 3600'],
          volumeMounts: mount,
        },
      ],
    );
    const name = pod.metadata.name!;

    // The real kubectl shows the progress of initialisation (each init container sleeps, so it is seen).
    const initializing = await until('kubectl get shows Init:N/2', async () => {
      const out = await kubectl('get', 'pods', name, '--no-headers');
      return /Init:[01]\/2/.test(out) ? out : undefined;
    });
    expect(initializing).toContain('0/1');
    const pending = await getPod(node.api.client, name);
    if (pending?.status?.phase === 'Pending') {
      expect(pending.status.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
        status: 'False',
        reason: 'ContainersNotInitialized',
      });
    }

    const running = await until('pod Running', async () => {
      const p = await getPod(node.api.client, name);
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    expect(running.status?.conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
    const inits = running.status?.initContainerStatuses ?? [];
    expect(inits.map((s) => s.name)).toEqual(['first', 'second']);
    for (const s of inits) {
      expect(s).toMatchObject({
        image: 'busybox',
        ready: true,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      });
      expect(s.imageID).not.toBe('');
      expect(s.containerID).toMatch(/^docker:\/\//);
    }

    const logs = await until('main shows both lines', async () => {
      const out = await kubectl('logs', name, '-c', 'main');
      return out.includes('second') ? out : undefined;
    });
    expect(logs).toBe('first\nsecond\n');
    expect(await kubectl('logs', name, '-c', 'first')).toBe('');
    // The main container's Docker name is what the other tests look for to show it was never created.
    const docker = await dockerContainers(node.kubelet.nodeName, running.metadata.uid);
    expect(docker.filter((c) => c.name.includes('main'))).toHaveLength(1);

    const events = await eventsOf(running);
    const started = events.filter((e) => e.reason === 'Started').map((e) => e.involvedObject.fieldPath);
    expect(started).toEqual(
      expect.arrayContaining([
        'spec.initContainers{first}',
        'spec.initContainers{second}',
        'spec.containers{main}',
      ]),
    );
    expect(
      events.find(
        (e) => e.reason === 'Created' && e.involvedObject.fieldPath === 'spec.initContainers{first}',
      ),
    ).toBeDefined();
    await remove(running);
  });

  it('fails a Never pod whose init container exits 1; the main container is never created', async () => {
    const pod = await createPod(
      'init-never',
      'Never',
      [{ name: 'setup', image: 'busybox', command: ['sh', '-c', 'exit 1'] }],
      [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }],
    );
    const failed = await until('pod Failed', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return p?.status?.phase === 'Failed' ? p : undefined;
    });
    expect(failed.status?.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    expect(failed.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    const containers = await dockerContainers(node.kubelet.nodeName, pod.metadata.uid);
    expect(containers.filter((c) => c.name.includes('main'))).toEqual([]);
    expect(await kubectl('get', 'pods', pod.metadata.name!, '--no-headers')).toContain('Init:Error');
    await remove(failed);
  });

  it('restarts a failing init container under Always with the crash-loop back-off; main never starts', async () => {
    const pod = await createPod(
      'init-always',
      'Always',
      [{ name: 'setup', image: 'busybox', command: ['sh', '-c', 'exit 1'] }],
      [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }],
    );
    const looping = await until('CrashLoopBackOff after a restart', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      const s = p?.status?.initContainerStatuses?.[0];
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' && s.restartCount >= 1 ? p : undefined;
    });
    expect(looping.status?.phase).toBe('Pending');
    // The first restart is immediate, the next waits out the 10 s back-off: the count keeps growing.
    await until('restartCount 2', async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return (p?.status?.initContainerStatuses?.[0]?.restartCount ?? 0) >= 2 ? p : undefined;
    });
    expect(looping.status?.initContainerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1);
    expect(looping.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    expect(looping.status?.conditions?.find((c) => c.type === 'Initialized')?.message).toBe(
      'containers with incomplete status: [setup]',
    );
    const containers = await dockerContainers(node.kubelet.nodeName, pod.metadata.uid);
    expect(containers.filter((c) => c.name.includes('main'))).toEqual([]);
    expect(await kubectl('get', 'pods', pod.metadata.name!, '--no-headers')).toMatch(
      /Init:(CrashLoopBackOff|Error)/,
    );
    const backOff = (await eventsOf(looping)).find((e) => e.reason === 'BackOff');
    expect(backOff?.involvedObject.fieldPath).toBe('spec.initContainers{setup}');
    await remove(looping);
  });
});
