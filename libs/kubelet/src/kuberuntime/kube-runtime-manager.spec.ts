import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Container, Pod, RestartPolicy } from '@groundkube/api';
import { connectRuntime, type RuntimeConnection } from '@groundkube/cri-api';
import { silentLogger } from '@groundkube/logging';
import { VolumeManager } from '../volume';
import { BackOff } from './back-off';
import { readContainerLogs } from './container-logs';
import { toContainerStatuses } from './container-statuses';
import { KubeRuntimeManager } from './kube-runtime-manager';
import type { RuntimePodStatus } from './runtime-pod';
import { OffsetClock } from './testing/offset-clock';
import { type RuntimeProcess, startRuntimeProcess, waitFor } from './testing/runtime-process';

jest.setTimeout(180_000);

let rp: RuntimeProcess;
let conn: RuntimeConnection;
let clock: OffsetClock;
let manager: KubeRuntimeManager;
let volumes: VolumeManager;
let seq = 0;

beforeAll(async () => {
  rp = await startRuntimeProcess('kuberuntime');
  conn = connectRuntime(rp.endpoint);
  clock = new OffsetClock();
  volumes = new VolumeManager({ rootDir: join(rp.dir, 'kubelet'), logger: silentLogger() });
  manager = new KubeRuntimeManager({
    runtime: conn.runtime,
    images: conn.image,
    volumes,
    logger: silentLogger(),
    clock,
    podLogsDir: join(rp.dir, 'pods-logs'),
    nodeName: 'node-a',
  });
});

afterAll(async () => {
  conn?.close();
  await rp?.stop();
});

function makePod(
  containers: Partial<Container>[],
  restartPolicy: RestartPolicy = 'Always',
  withVolume = false,
): Pod {
  seq += 1;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `p${seq}`,
      namespace: 'default',
      uid: `${rp.instance}-uid-${seq}`,
      labels: { app: 'test' },
    },
    spec: {
      restartPolicy,
      terminationGracePeriodSeconds: 2,
      ...(withVolume ? { volumes: [{ name: 'data', emptyDir: {} }] } : {}),
      containers: containers.map((c, i) => ({
        name: `c${i}`,
        image: rp.images.busybox,
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c'],
        ...c,
      })),
    },
  };
}

function status(pod: Pod): Promise<RuntimePodStatus> {
  return manager.getPodStatus(pod.metadata.uid!, pod.metadata.name!, pod.metadata.namespace!);
}

async function waitContainer(
  pod: Pod,
  name: string,
  attempt: number,
  state: 'running' | 'exited',
): Promise<RuntimePodStatus> {
  return waitFor(async () => {
    const s = await status(pod);
    return s.containers.some((c) => c.name === name && c.attempt === attempt && c.state === state)
      ? s
      : undefined;
  }, `${name}#${attempt} ${state}`);
}

describe('KubeRuntimeManager against the Docker CRI runtime', () => {
  it('runs a two-container pod sharing an emptyDir, reports its status and logs, and kills it completely', async () => {
    const pod = makePod(
      [
        {
          args: ['echo written > /data/note; echo started; while :; do sleep 1; done'],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
        {
          args: [
            'while [ ! -f /data/note ]; do sleep 0.2; done; cat /data/note; echo "pod $POD_NAME"; while :; do sleep 1; done',
          ],
          env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
        },
      ],
      'Always',
      true,
    );
    const backOff = new BackOff({ clock });
    const result = await manager.syncPod(pod, await status(pod), { backOff });
    expect(result.failures).toEqual([]);
    expect(result.sandboxCreated?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(result.started).toEqual(['c0', 'c1']);
    expect(result.events.map((e) => `${e.reason} ${e.fieldPath ?? ''}`)).toEqual([
      'Pulled spec.containers{c0}',
      'Created spec.containers{c0}',
      'Started spec.containers{c0}',
      'Pulled spec.containers{c1}',
      'Created spec.containers{c1}',
      'Started spec.containers{c1}',
    ]);
    expect(result.events[0]?.message).toBe(
      `Container image "${rp.images.busybox}" already present on machine`,
    );
    expect(existsSync(volumes.emptyDirPath(pod.metadata.uid!, 'data'))).toBe(true);

    const s = await status(pod);
    expect(s.sandboxes).toHaveLength(1);
    expect(s.ips).toEqual([result.sandboxCreated?.ip]);
    expect(s.containers.map((c) => [c.name, c.state, c.attempt]).sort()).toEqual([
      ['c0', 'running', 0],
      ['c1', 'running', 0],
    ]);
    const api = toContainerStatuses(pod, s);
    expect(api.map((c) => [c.name, Object.keys(c.state ?? {})[0], c.ready, c.restartCount])).toEqual([
      ['c0', 'running', true, 0],
      ['c1', 'running', true, 0],
    ]);
    expect(api[0]?.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(api[0]?.imageID).toMatch(/^docker(-pullable)?:\/\//);

    const c1 = s.containers.find((c) => c.name === 'c1')!;
    expect(c1.logPath).toBe(
      join(rp.dir, 'pods-logs', `default_${pod.metadata.name}_${pod.metadata.uid}`, 'c1', '0.log'),
    );
    const logs = await waitFor(async () => {
      const out = new PassThrough();
      let text = '';
      out.on('data', (d: Buffer) => (text += d.toString()));
      await readContainerLogs(c1.logPath, {}, out);
      return text.includes(`pod ${pod.metadata.name}`) ? text : undefined;
    }, 'c1 logs');
    expect(logs).toBe(`written\npod ${pod.metadata.name}\n`);

    // Nothing to do on a second sync.
    const again = await manager.syncPod(pod, s, { backOff });
    expect(again.events).toEqual([]);
    expect(again.started).toEqual([]);

    const pods = await manager.getPods();
    const found = pods.find((p) => p.uid === pod.metadata.uid);
    expect(found?.containers.map((c) => c.name).sort()).toEqual(['c0', 'c1']);
    expect(found?.sandboxes).toHaveLength(1);

    const killed = await manager.killPod(pod, found!, undefined);
    expect(killed.failures).toEqual([]);
    expect(
      killed.events
        .filter((e) => e.reason === 'Killing')
        .map((e) => e.message)
        .sort(),
    ).toEqual(['Stopping container c0', 'Stopping container c1']);
    const after = await status(pod);
    expect(after.sandboxes).toEqual([]);
    expect(after.containers).toEqual([]);
    await manager.cleanupPod({ uid: pod.metadata.uid!, name: pod.metadata.name!, namespace: 'default' });
    expect(existsSync(volumes.podDir(pod.metadata.uid!))).toBe(false);
  });

  it('restarts an exiting container under Always with crash-loop back-off on the injected clock', async () => {
    const pod = makePod([{ args: ['echo run; exit 3'] }], 'Always');
    const backOff = new BackOff({ clock });
    const sync = async (): Promise<ReturnType<KubeRuntimeManager['syncPod']>> =>
      manager.syncPod(pod, await status(pod), { backOff });

    expect((await sync()).started).toEqual(['c0']);
    await waitContainer(pod, 'c0', 0, 'exited');

    // First restart: immediately.
    expect((await sync()).started).toEqual(['c0']);
    await waitContainer(pod, 'c0', 1, 'exited');

    // Second: waits 10 s.
    const r = await sync();
    expect(r.started).toEqual([]);
    expect(r.failures.map((f) => f.reason)).toEqual(['CrashLoopBackOff']);
    expect(r.events.map((e) => e.reason)).toEqual(['BackOff']);
    // The kubelet looks again when the back-off ends, not before.
    expect(r.retryAfterMs).toBeGreaterThan(0);
    expect(r.retryAfterMs).toBeLessThanOrEqual(10_000);
    expect(r.events[0]?.message).toBe(
      `Back-off restarting failed container c0 in pod ${pod.metadata.name}_default(${pod.metadata.uid})`,
    );
    const waiting = toContainerStatuses(pod, await status(pod), { waitingReasons: r.waitingReasons() });
    expect(waiting[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(waiting[0]?.state?.waiting?.message).toContain('back-off 10s restarting failed container=c0');
    expect(waiting[0]?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(waiting[0]?.restartCount).toBe(1);

    clock.advance(10_001);
    expect((await sync()).started).toEqual(['c0']);
    const s2 = await waitContainer(pod, 'c0', 2, 'exited');
    // Only the newest and the previous instance are kept.
    expect(s2.containers.map((c) => c.attempt)).toEqual([2, 1]);

    // Third restart: 20 s after the exit (the clock is already 10 s ahead of the exit time).
    const held = await sync();
    expect(held.failures.map((f) => f.reason)).toEqual(['CrashLoopBackOff']);
    expect(held.failures[0]?.message).toContain('back-off 20s');
    expect(held.retryAfterMs).toBeGreaterThan(0);
    expect(held.retryAfterMs).toBeLessThanOrEqual(20_000);
    clock.advance(10_000);
    expect((await sync()).started).toEqual(['c0']);
    await waitContainer(pod, 'c0', 3, 'exited');

    const final = await status(pod);
    await manager.killPod(pod, final, 0);
    expect((await status(pod)).containers).toEqual([]);
  });

  it('treats a container whose start fails as exited: StartError 128, crash-loop back-off, two instances at most', async () => {
    const pod = makePod([{ command: ['/no/such/binary'] }], 'Always');
    // Its own clock: the shared one is already ahead of real time (Docker's times) from the tests before.
    const clock = new OffsetClock();
    const backOff = new BackOff({ clock });
    const sync = async (): Promise<ReturnType<KubeRuntimeManager['syncPod']>> =>
      manager.syncPod(pod, await status(pod), { backOff });
    const instances = async (): Promise<number> => (await status(pod)).containers.length;

    const first = await sync();
    expect(first.failures.map((f) => f.reason)).toEqual(['RunContainerError']);
    expect(first.events.map((e) => e.reason)).toEqual(['Pulled', 'Created', 'Failed']);
    expect(first.events[2]?.message).toMatch(/^Error: .*no\/such\/binary/);
    const [dead] = (await status(pod)).containers;
    expect(dead).toMatchObject({ state: 'exited', exitCode: 128, reason: 'StartError', attempt: 0 });
    expect(dead?.message).toContain('/no/such/binary');
    expect(dead?.finishedAt).toBeDefined();

    // First restart at once, like after a crash; then 10 s, then 20 s of back-off on the clock.
    expect((await sync()).failures.map((f) => f.reason)).toEqual(['RunContainerError']);
    for (const [delay, restartCount] of [
      [10, 1],
      [20, 2],
    ] as const) {
      const held = await sync();
      expect(held.failures.map((f) => f.reason)).toEqual(['CrashLoopBackOff']);
      expect(held.failures[0]?.message).toContain(`back-off ${delay}s`);
      const [api] = toContainerStatuses(pod, await status(pod), { waitingReasons: held.waitingReasons() });
      expect(api?.restartCount).toBe(restartCount);
      expect(api?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(api?.lastState?.terminated).toMatchObject({ exitCode: 128, reason: 'StartError' });
      expect(api?.lastState?.terminated?.message).toContain('/no/such/binary');
      expect(api?.lastState?.terminated?.startedAt).toBe('1970-01-01T00:00:00Z');
      clock.advance(delay * 1000 + 1);
      expect((await sync()).failures.map((f) => f.reason)).toEqual(['RunContainerError']);
      expect(await instances()).toBeLessThanOrEqual(2);
    }
    expect((await status(pod)).containers.map((c) => c.attempt)).toEqual([3, 2]);
    await manager.killPod(pod, await status(pod), 0);
  });

  it('tries a container whose start fails once under Never: terminated StartError, restartCount 0', async () => {
    const pod = makePod([{ command: ['/no/such/binary'] }], 'Never');
    const backOff = new BackOff({ clock });
    const first = await manager.syncPod(pod, await status(pod), { backOff });
    expect(first.failures.map((f) => f.reason)).toEqual(['RunContainerError']);
    const [api] = toContainerStatuses(pod, await status(pod), { waitingReasons: first.waitingReasons() });
    expect(api).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 128, reason: 'StartError' } },
    });
    expect(api?.lastState).toBeUndefined();
    clock.advance(60_000);
    const again = await manager.syncPod(pod, await status(pod), { backOff });
    expect(again.events).toEqual([]);
    expect((await status(pod)).containers).toHaveLength(1);
    await manager.killPod(pod, await status(pod), 0);
  });

  it('does not restart finished containers under OnFailure and Never', async () => {
    const backOff = new BackOff({ clock });
    for (const policy of ['OnFailure', 'Never'] as const) {
      const pod = makePod([{ args: ['exit 0'] }, { args: ['exit 1'] }], policy);
      await manager.syncPod(pod, await status(pod), { backOff });
      await waitContainer(pod, 'c0', 0, 'exited');
      const s = await waitContainer(pod, 'c1', 0, 'exited');
      const r = await manager.syncPod(pod, s, { backOff });
      expect([policy, r.started]).toEqual([policy, policy === 'OnFailure' ? ['c1'] : []]);
      const api = toContainerStatuses(pod, await status(pod));
      expect(api[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
      await manager.killPod(pod, await status(pod), 0);
    }
  });

  it('reports a pull failure as ErrImagePull, then backs off as ImagePullBackOff', async () => {
    const pod = makePod([
      { image: 'groundkube-test/never-published:0.0.1', imagePullPolicy: 'Always', args: ['true'] },
    ]);
    const backOff = new BackOff({ clock });
    const first = await manager.syncPod(pod, await status(pod), { backOff });
    expect(first.failures.map((f) => f.reason)).toEqual(['ErrImagePull']);
    expect(first.events.map((e) => [e.type, e.reason])).toEqual([
      ['Normal', 'Pulling'],
      ['Warning', 'Failed'],
      ['Warning', 'Failed'],
    ]);
    expect(first.events[1]?.message).toMatch(
      /^Failed to pull image "groundkube-test\/never-published:0.0.1": /,
    );
    // A fresh failure names no back-off to wait for; the next sync does (10 s from the failure).
    expect(first.retryAfterMs).toBeUndefined();
    const second = await manager.syncPod(pod, await status(pod), { backOff });
    expect(second.failures.map((f) => f.reason)).toEqual(['ImagePullBackOff']);
    expect(second.events.map((e) => [e.type, e.reason])).toEqual([['Normal', 'BackOff']]);
    expect(second.retryAfterMs).toBeGreaterThan(0);
    expect(second.retryAfterMs).toBeLessThanOrEqual(10_000);
    const api = toContainerStatuses(pod, await status(pod), { waitingReasons: second.waitingReasons() });
    expect(api[0]?.state?.waiting?.reason).toBe('ImagePullBackOff');
    await manager.killPod(pod, await status(pod), 0);
  });

  it('reports a volume it cannot set up as FailedMount, creates no sandbox and keeps the container waiting', async () => {
    const pod = makePod([{ args: ['sleep 60'] }]);
    pod.spec!.volumes = [{ name: 'settings', configMap: { name: 'app-settings' } }];
    const result = await manager.syncPod(pod, await status(pod), { backOff: new BackOff({ clock }) });
    expect(result.events).toEqual([
      {
        type: 'Warning',
        reason: 'FailedMount',
        message:
          'MountVolume.SetUp failed for volume "settings" : configMap volumes are not supported by this kubelet (only emptyDir and hostPath)',
      },
    ]);
    expect(result.sandboxCreated).toBeUndefined();
    const after = await status(pod);
    expect(after.sandboxes).toEqual([]);
    const api = toContainerStatuses(pod, after, { waitingReasons: result.waitingReasons() });
    expect(api[0]?.state?.waiting?.reason).toBe('ContainerCreating');
  });

  it('re-creates a dead sandbox with the next attempt and restarts the containers in it', async () => {
    const pod = makePod([{ args: ['while :; do sleep 1; done'] }]);
    const backOff = new BackOff({ clock });
    const first = await manager.syncPod(pod, await status(pod), { backOff });
    await conn.runtime.stopPodSandbox({ podSandboxId: first.sandboxCreated!.id });
    const r = await manager.syncPod(pod, await status(pod), { backOff });
    expect(r.events.map((e) => e.reason)).toContain('SandboxChanged');
    expect(r.sandboxCreated?.id).not.toBe(first.sandboxCreated?.id);
    const s = await status(pod);
    expect(s.sandboxes.map((x) => [x.attempt, x.state])).toEqual([
      [1, 'ready'],
      [0, 'notready'],
    ]);
    expect(s.containers.find((c) => c.state === 'running')?.attempt).toBe(1);
    await manager.killPod(pod, s, 0);
    expect((await status(pod)).sandboxes).toEqual([]);
  });
});
