// KubeRuntimeManager's decisions on an in-memory CRI runtime and a fake clock: failure paths that a real
// engine rarely produces on demand, and crash-loop back-off with no real time passing. The same manager
// runs against the Docker CRI runtime in kube-runtime-manager.spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod, RestartPolicy } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';
import { ContainerState } from '@groundkube/cri-api';
import { silentLogger } from '@groundkube/logging';
import { VolumeManager } from '../volume';
import { BackOff } from './back-off';
import { toContainerStatuses } from './container-statuses';
import { KubeRuntimeManager } from './kube-runtime-manager';
import { FakeRuntime } from './testing/fake-runtime';

let dir: string;
let clock: FakeClock;
let fake: FakeRuntime;
let manager: KubeRuntimeManager;
let backOff: BackOff;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gk-krm-fake-'));
  clock = new FakeClock();
  fake = new FakeRuntime(clock);
  fake.images.add('busybox');
  fake.registry.add('nginx');
  backOff = new BackOff({ clock });
  manager = new KubeRuntimeManager({
    runtime: fake.runtime,
    images: fake.image,
    volumes: new VolumeManager({ rootDir: join(dir, 'kubelet'), logger: silentLogger() }),
    logger: silentLogger(),
    clock,
    podLogsDir: join(dir, 'pods'),
    nodeName: 'node-a',
  });
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function makePod(images: string[], restartPolicy: RestartPolicy = 'Always'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'uid-1' },
    spec: {
      restartPolicy,
      containers: images.map((image, i) => ({ name: `c${i}`, image, imagePullPolicy: 'IfNotPresent' })),
    },
  };
}

async function sync(pod: Pod): Promise<Awaited<ReturnType<KubeRuntimeManager['syncPod']>>> {
  const status = await manager.getPodStatus('uid-1', 'p', 'default');
  return manager.syncPod(pod, status, { backOff });
}

function runningId(name: string): string {
  const c = [...fake.containers.values()].find(
    (x) => x.config.metadata?.name === name && x.state === ContainerState.CONTAINER_RUNNING,
  );
  if (!c) throw new Error(`no running container ${name}`);
  return c.id;
}

describe('KubeRuntimeManager on a fake CRI runtime', () => {
  it('creates the sandbox before the containers, pulls a missing image, and records the events in order', async () => {
    const result = await sync(makePod(['busybox', 'nginx']));

    expect(result.started).toEqual(['c0', 'c1']);
    const order = fake.calls.filter((m) =>
      ['runPodSandbox', 'pullImage', 'createContainer', 'startContainer'].includes(m),
    );
    expect(order).toEqual([
      'runPodSandbox',
      'createContainer',
      'startContainer',
      'pullImage',
      'createContainer',
      'startContainer',
    ]);
    expect(result.events.map((e) => `${e.reason}:${e.fieldPath ?? ''}`)).toEqual([
      'Pulled:spec.containers{c0}',
      'Created:spec.containers{c0}',
      'Started:spec.containers{c0}',
      'Pulling:spec.containers{c1}',
      'Pulled:spec.containers{c1}',
      'Created:spec.containers{c1}',
      'Started:spec.containers{c1}',
    ]);
    expect(fake.sandboxes.size).toBe(1);
  });

  it('reports a sandbox failure without creating containers, and retries on the next sync', async () => {
    fake.failNext('runPodSandbox', 'CRI_UNAVAILABLE', 'engine busy');
    const failed = await sync(makePod(['busybox']));
    expect(failed.started).toEqual([]);
    expect(failed.failures.map((f) => f.reason)).toEqual(['CreatePodSandboxError']);
    expect(failed.events.map((e) => e.reason)).toEqual(['FailedCreatePodSandBox']);
    expect(fake.containers.size).toBe(0);

    expect((await sync(makePod(['busybox']))).started).toEqual(['c0']);
  });

  it('reports a failed create as CreateContainerError in the waiting state and starts the other containers', async () => {
    fake.failNext('createContainer', 'CRI_INTERNAL', 'no space left');
    const pod = makePod(['busybox', 'busybox']);
    const result = await sync(pod);
    expect(result.started).toEqual(['c1']);
    expect(result.failures).toEqual([
      expect.objectContaining({ container: 'c0', reason: 'CreateContainerError' }),
    ]);
    const statuses = toContainerStatuses(pod, await manager.getPodStatus('uid-1', 'p', 'default'), {
      waitingReasons: result.waitingReasons(),
    });
    expect(statuses[0]?.state?.waiting?.reason).toBe('CreateContainerError');
    expect(statuses[1]?.state?.running).toBeDefined();

    expect((await sync(pod)).started).toEqual(['c0']);
  });

  it('restarts at once after the first crash, then backs off 10 s, 20 s on the clock', async () => {
    const pod = makePod(['busybox']);
    expect((await sync(pod)).started).toEqual(['c0']);

    await clock.advance(1_000);
    fake.exit(runningId('c0'), 1);
    expect((await sync(pod)).started).toEqual(['c0']);

    await clock.advance(1_000);
    fake.exit(runningId('c0'), 1);
    const held = await sync(pod);
    expect(held.started).toEqual([]);
    expect(held.failures.map((f) => [f.reason, f.message.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['CrashLoopBackOff', 'back-off 10s'],
    ]);
    await clock.advance(9_000);
    expect((await sync(pod)).started).toEqual([]);
    await clock.advance(1_000);
    expect((await sync(pod)).started).toEqual(['c0']);

    fake.exit(runningId('c0'), 1);
    const again = await sync(pod);
    expect(again.failures[0]?.message).toMatch(/^back-off 20s/);
    const statuses = toContainerStatuses(pod, await manager.getPodStatus('uid-1', 'p', 'default'), {
      waitingReasons: again.waitingReasons(),
    });
    expect(statuses[0]).toMatchObject({
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
  });

  it('treats a failed start as a crash: StartError 128, back-off, at most two instances kept', async () => {
    const pod = makePod(['busybox']);
    const failStart = (): void => fake.failNext('startContainer', 'CRI_INTERNAL', 'exec: "/no/such/binary"');
    const statusesAfter = async (result: Awaited<ReturnType<typeof sync>>) =>
      toContainerStatuses(pod, await manager.getPodStatus('uid-1', 'p', 'default'), {
        waitingReasons: result.waitingReasons(),
      });

    failStart();
    const first = await sync(pod);
    expect(first.failures.map((f) => f.reason)).toEqual(['RunContainerError']);
    expect(first.events.map((e) => e.reason)).toEqual(['Pulled', 'Created', 'Failed']);
    // Restarts at once (like after a first crash), then waits 10 s, then 20 s.
    await clock.advance(1_000);
    failStart();
    expect((await sync(pod)).started).toEqual([]);
    expect(fake.calls.filter((m) => m === 'startContainer')).toHaveLength(2);
    for (const wait of [10_000, 20_000]) {
      await clock.advance(1_000);
      const held = await sync(pod);
      expect(held.failures.map((f) => f.reason)).toEqual(['CrashLoopBackOff']);
      expect(held.events.map((e) => e.reason)).toEqual(['BackOff']);
      expect(await statusesAfter(held)).toEqual([
        expect.objectContaining({
          restartCount: fake.calls.filter((m) => m === 'startContainer').length - 1,
          state: { waiting: expect.objectContaining({ reason: 'CrashLoopBackOff' }) },
          lastState: {
            terminated: expect.objectContaining({
              exitCode: 128,
              reason: 'StartError',
              message: 'exec: "/no/such/binary"',
            }),
          },
        }),
      ]);
      await clock.advance(wait - 1_000);
      failStart();
      await sync(pod);
      // Each attempt leaves a dead instance; only the newest and the one before stay.
      expect(fake.containers.size).toBeLessThanOrEqual(2);
    }
    expect(fake.calls.filter((m) => m === 'startContainer')).toHaveLength(4);
  });

  it('tries a container whose start fails once under Never: terminated StartError, restartCount 0', async () => {
    const pod = makePod(['busybox'], 'Never');
    fake.failNext('startContainer', 'CRI_INTERNAL', 'exec: "/no/such/binary"');
    const result = await sync(pod);
    const [status] = toContainerStatuses(pod, await manager.getPodStatus('uid-1', 'p', 'default'), {
      waitingReasons: result.waitingReasons(),
    });
    expect(status).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 128, reason: 'StartError', message: 'exec: "/no/such/binary"' } },
    });
    expect(status?.lastState).toBeUndefined();

    await clock.advance(60_000);
    expect((await sync(pod)).started).toEqual([]);
    expect(fake.calls.filter((m) => m === 'startContainer')).toHaveLength(1);
  });

  it('shows ErrImagePull, then ImagePullBackOff, never CrashLoopBackOff, after an update to an image it cannot pull', async () => {
    const pod = makePod(['busybox']);
    expect((await sync(pod)).started).toEqual(['c0']);
    await clock.advance(5_000);
    const updated = makePod(['doesnotexist/zzz:1']);

    const reasons: string[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await sync(updated);
      const [status] = toContainerStatuses(updated, await manager.getPodStatus('uid-1', 'p', 'default'), {
        waitingReasons: result.waitingReasons(),
      });
      reasons.push(status?.state?.waiting?.reason ?? 'none');
      await clock.advance(3_000);
    }
    expect(reasons[0]).toBe('ErrImagePull');
    expect(reasons).toContain('ImagePullBackOff');
    expect(reasons).not.toContain('CrashLoopBackOff');
    expect(new Set(reasons)).toEqual(new Set(['ErrImagePull', 'ImagePullBackOff']));
  });

  it('leaves finished containers alone under Never and restarts only failures under OnFailure', async () => {
    for (const policy of ['Never', 'OnFailure'] as const) {
      fake.containers.clear();
      fake.sandboxes.clear();
      const pod = makePod(['busybox', 'busybox'], policy);
      await sync(pod);
      fake.exit(runningId('c0'), 0);
      fake.exit(runningId('c1'), 2);
      const result = await sync(pod);
      expect([policy, result.started]).toEqual([policy, policy === 'OnFailure' ? ['c1'] : []]);
    }
  });
  it('stops an orphan (no API pod) with the grace period its containers recorded', async () => {
    const pod = makePod(['busybox', 'busybox']);
    pod.spec!.terminationGracePeriodSeconds = 7;
    await sync(pod);
    const [orphan] = await manager.getPods();
    expect(orphan?.containers.map((c) => c.terminationGracePeriodSeconds)).toEqual([7, 7]);

    const result = await manager.killPod(undefined, orphan!, undefined);
    expect(result.ok).toBe(true);
    expect(fake.stopTimeouts).toEqual([7, 7]);
    expect([fake.containers.size, fake.sandboxes.size]).toEqual([0, 0]);
  });
  it('stops a finished pod without removing its containers: sandbox not ready, exited containers kept', async () => {
    const pod = makePod(['busybox', 'busybox'], 'Never');
    await sync(pod);
    fake.exit(runningId('c0'), 0);
    const result = await manager.stopPod(pod, await manager.getPodStatus('uid-1', 'p', 'default'), 1);

    expect(result.events.map((e) => `${e.reason}:${e.fieldPath ?? ''}`)).toEqual([
      'Killing:spec.containers{c1}',
    ]);
    expect([...fake.containers.values()].map((c) => c.state)).toEqual([
      ContainerState.CONTAINER_EXITED,
      ContainerState.CONTAINER_EXITED,
    ]);
    expect([...fake.sandboxes.values()].map((sb) => sb.ready)).toEqual([false]);
    expect(fake.calls).not.toContain('removeContainer');
  });
});

describe('KubeRuntimeManager: lifecycle hooks and the Killing event', () => {
  function hooked(lifecycle: NonNullable<Pod['spec']>['containers'][number]['lifecycle']): Pod {
    const pod = makePod(['busybox']);
    pod.spec!.terminationGracePeriodSeconds = 10;
    pod.spec!.containers[0]!.lifecycle = lifecycle;
    return pod;
  }

  it('posts Killing before the container stops, then runs preStop, whose time comes off the grace period', async () => {
    const pod = hooked({ preStop: { sleep: { seconds: 3 } } });
    await sync(pod);
    const posted: string[] = [];
    const stopping = manager.stopPod(pod, await manager.getPodStatus('uid-1', 'p', 'default'), undefined, {
      events: (e) => posted.push(`${e.reason}:${e.message}:${fake.stopTimeouts.length}`),
    });
    // The hook's sleep and the grace-period deadline.
    await clock.waitForSleepers(2);
    // The event is out while the hook still runs and nothing has been stopped yet.
    expect(posted).toEqual(['Killing:Stopping container c0:0']);
    expect(fake.calls).not.toContain('stopContainer');
    await clock.advance(3000);
    const result = await stopping;
    expect(fake.stopTimeouts).toEqual([7]);
    expect(result.unposted).toEqual([]);
  });

  it('still gives TERM at least 2 s when preStop used nearly all the grace period', async () => {
    const pod = hooked({ preStop: { sleep: { seconds: 9 } } });
    await sync(pod);
    const stopping = manager.stopPod(pod, await manager.getPodStatus('uid-1', 'p', 'default'), undefined);
    // The hook's sleep and the grace-period deadline.
    await clock.waitForSleepers(2);
    await clock.advance(9000);
    await stopping;
    expect(fake.stopTimeouts).toEqual([2]);
  });

  it('a failing preStop gives FailedPreStopHook and the kill goes on', async () => {
    const pod = hooked({ preStop: { exec: { command: ['sh', '-c', 'exit 3'] } } });
    await sync(pod);
    fake.execResult = { output: 'nope', exitCode: 3 };
    const result = await manager.stopPod(pod, await manager.getPodStatus('uid-1', 'p', 'default'), undefined);
    expect(fake.execs).toEqual([['sh', '-c', 'exit 3']]);
    expect(result.events.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'Killing', 'Stopping container c0'],
      [
        'Warning',
        'FailedPreStopHook',
        'Exec lifecycle hook ([sh -c exit 3]) for Container "c0" in Pod "p_default(uid-1)" failed - error: ' +
          `command 'sh -c exit 3' exited with 3: nope, message: "nope"`,
      ],
    ]);
    expect(fake.stopTimeouts).toEqual([10]);
  });

  it('runs postStart after the start; a failure gives FailedPostStartHook, kills the container and fails the start', async () => {
    const pod = hooked({ postStart: { exec: { command: ['touch', '/tmp/ps'] } } });
    fake.execResult = { output: 'denied', exitCode: 1 };
    const result = await sync(pod);
    expect(fake.execs).toEqual([['touch', '/tmp/ps']]);
    expect(result.started).toEqual([]);
    expect(result.events.slice(-2).map((e) => [e.type, e.reason, e.message])).toEqual([
      [
        'Warning',
        'FailedPostStartHook',
        'Exec lifecycle hook ([touch /tmp/ps]) for Container "c0" in Pod "p_default(uid-1)" failed - error: ' +
          `command 'touch /tmp/ps' exited with 1: denied, message: "denied"`,
      ],
      ['Normal', 'Killing', 'FailedPostStartHook'],
    ]);
    expect(result.failures).toEqual([
      expect.objectContaining({ container: 'c0', reason: 'PostStartHookError' }),
    ]);
    expect(fake.calls.indexOf('execSync')).toBeGreaterThan(fake.calls.indexOf('startContainer'));
    expect([...fake.containers.values()][0]?.state).toBe(ContainerState.CONTAINER_EXITED);

    fake.execResult = { output: '', exitCode: 0 };
    const again = await sync(pod);
    expect(again.started).toEqual(['c0']);
  });
});
