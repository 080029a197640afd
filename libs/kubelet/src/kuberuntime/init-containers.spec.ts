import type { Pod, RestartPolicy } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';
import { BackOff } from './back-off';
import { toContainerStatuses, toInitContainerStatuses } from './container-statuses';
import { findNextInitContainerToRun } from './init-containers';
import { computePodActions, containerBackOffKey } from './pod-actions';
import type { RuntimeContainerStatus, RuntimePodStatus, RuntimeSandboxStatus } from './runtime-pod';

const T0 = new Date('2026-01-01T00:00:00Z');

function pod(restartPolicy: RestartPolicy = 'Always', inits = ['i1', 'i2']): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: {
      restartPolicy,
      initContainers: inits.map((name) => ({ name, image: 'busybox' })),
      containers: [{ name: 'main', image: 'busybox' }],
    },
  };
}

const ready: RuntimeSandboxStatus = { id: 's1', attempt: 0, state: 'ready', createdAt: T0, ip: '10.0.0.2' };
const dead: RuntimeSandboxStatus = { ...ready, state: 'notready', ip: '' };

function ctr(
  name: string,
  state: RuntimeContainerStatus['state'],
  exitCode = 0,
  attempt = 0,
): RuntimeContainerStatus {
  return {
    id: `${name}-${attempt}`,
    containerID: `docker://${name}-${attempt}`,
    sandboxId: 's1',
    name,
    attempt,
    state,
    createdAt: new Date(T0.getTime() + attempt),
    ...(state === 'exited' ? { startedAt: T0, finishedAt: T0 } : {}),
    exitCode,
    reason: '',
    message: '',
    image: 'busybox',
    imageID: 'docker-pullable://busybox@sha256:1',
    logPath: '',
    hash: 'h',
  };
}

function status(sandboxes: RuntimeSandboxStatus[], containers: RuntimeContainerStatus[]): RuntimePodStatus {
  return { uid: 'u1', name: 'p', namespace: 'default', ips: [], sandboxes, containers, timestamp: T0 };
}

function actionsFor(
  p: Pod,
  s: RuntimePodStatus,
  backOff = new BackOff({ clock: new FakeClock(T0.getTime()) }),
) {
  return computePodActions(p, s, { backOff, hashOf: () => 'h' });
}

describe('findNextInitContainerToRun', () => {
  it.each<[string, RuntimeContainerStatus[], { done: boolean; next?: string; failed?: boolean }]>([
    ['none ran: the first', [], { done: false, next: 'i1' }],
    ['the first runs: wait', [ctr('i1', 'running')], { done: false }],
    ['the first succeeded: the second', [ctr('i1', 'exited', 0)], { done: false, next: 'i2' }],
    ['all succeeded: done', [ctr('i1', 'exited', 0), ctr('i2', 'exited', 0)], { done: true }],
    [
      'the second failed: again',
      [ctr('i1', 'exited', 0), ctr('i2', 'exited', 1)],
      { done: false, next: 'i2', failed: true },
    ],
    [
      'a main container runs: done, even with no init instance left',
      [ctr('main', 'running')],
      { done: true },
    ],
  ])('%s', (_name, containers, expected) => {
    const progress = findNextInitContainerToRun(pod(), status([ready], containers));
    expect({
      done: progress.done,
      ...(progress.next ? { next: progress.next.container.name } : {}),
      ...(progress.failed ? { failed: true } : {}),
    }).toEqual(expected);
  });
});

describe('computePodActions with init containers', () => {
  it('creates the sandbox and starts only the first init container', () => {
    const actions = actionsFor(pod(), status([], []));
    expect(actions.createSandbox).toBe(true);
    expect(actions.initContainerToStart).toMatchObject({ name: 'i1', index: 0, attempt: 0 });
    expect(actions.containersToStart).toEqual([]);
  });

  it('starts the init containers one at a time, then the main containers', () => {
    const waiting = actionsFor(pod(), status([ready], [ctr('i1', 'running')]));
    expect([waiting.initContainerToStart, waiting.containersToStart]).toEqual([undefined, []]);
    expect(actionsFor(pod(), status([ready], [ctr('i1', 'exited', 0)]))).toMatchObject({
      initContainerToStart: { name: 'i2', index: 1, attempt: 0 },
      containersToStart: [],
    });
    const done = actionsFor(pod(), status([ready], [ctr('i1', 'exited', 0), ctr('i2', 'exited', 0)]));
    expect(done.initContainerToStart).toBeUndefined();
    expect(done.containersToStart.map((c) => c.name)).toEqual(['main']);
  });

  it('does not run finished init containers again while the main containers run', () => {
    const actions = actionsFor(pod(), status([ready], [ctr('main', 'running')]));
    expect(actions.initContainerToStart).toBeUndefined();
    expect(actions.containersToStart).toEqual([]);
  });

  it.each<[RestartPolicy]>([['Always'], ['OnFailure']])('restarts a failed one under %s', (policy) => {
    const actions = actionsFor(pod(policy), status([ready], [ctr('i1', 'exited', 1)]));
    expect(actions.initContainerToStart).toMatchObject({ name: 'i1', attempt: 1, backOffFrom: T0 });
    expect(actions.killPod).toBe(false);
  });

  it('holds a failed one back while its crash-loop back-off runs', () => {
    const clock = new FakeClock(T0.getTime());
    const backOff = new BackOff({ clock });
    backOff.next(containerBackOffKey('u1', 'i1'), T0);
    const actions = actionsFor(pod(), status([ready], [ctr('i1', 'exited', 1, 1)]), backOff);
    expect(actions.initContainerToStart).toBeUndefined();
    expect(actions.backingOff).toMatchObject([{ name: 'i1', remainingMs: 10_000 }]);
  });

  it('kills the pod, starting nothing, when one failed under Never', () => {
    const actions = actionsFor(pod('Never'), status([ready], [ctr('i1', 'exited', 1)]));
    expect(actions).toMatchObject({ killPod: true, containersToStart: [] });
    expect(actions.initContainerToStart).toBeUndefined();
  });

  it('starts initialisation over in a new sandbox', () => {
    const finished = [ctr('main', 'exited', 137), ctr('i1', 'exited', 0), ctr('i2', 'exited', 0)];
    const actions = actionsFor(pod(), status([dead], finished));
    expect(actions).toMatchObject({
      createSandbox: true,
      initContainerToStart: { name: 'i1', attempt: 1 },
      containersToStart: [],
    });
  });

  it('refuses sidecar init containers instead of ignoring them', () => {
    const p = pod();
    p.spec!.initContainers![1]!.restartPolicy = 'Always';
    const actions = actionsFor(p, status([], []));
    expect(actions).toMatchObject({ createSandbox: false, containersToStart: [] });
    expect(actions.initContainerToStart).toBeUndefined();
    expect(actions.refused).toEqual([
      {
        name: 'i2',
        message:
          'init container i2 has restartPolicy Always (a sidecar), which this kubelet does not support',
      },
    ]);
  });
});

describe('toInitContainerStatuses', () => {
  it('shows a finished init container as terminated Completed 0 and ready, the next as PodInitializing', () => {
    const s = status([ready], [ctr('i1', 'exited', 0)]);
    const [first, second] = toInitContainerStatuses(pod(), s);
    expect(first).toMatchObject({
      name: 'i1',
      image: 'busybox',
      imageID: 'docker-pullable://busybox@sha256:1',
      containerID: 'docker://i1-0',
      ready: true,
      started: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    expect(second).toMatchObject({
      name: 'i2',
      ready: false,
      state: { waiting: { reason: 'PodInitializing' } },
    });
    expect(toContainerStatuses(pod(), s)[0]).toMatchObject({
      name: 'main',
      state: { waiting: { reason: 'PodInitializing' } },
    });
  });

  it('shows a running init container started but not ready', () => {
    const [first] = toInitContainerStatuses(pod(), status([ready], [ctr('i1', 'running')]));
    expect(first).toMatchObject({ ready: false, started: true, state: { running: {} } });
  });

  it('shows a failed one waiting in CrashLoopBackOff under Always, terminated under Never', () => {
    const s = status([ready], [ctr('i1', 'exited', 1, 2), ctr('i1', 'exited', 1, 1)]);
    const waitingReasons = new Map([['i1', { reason: 'CrashLoopBackOff', message: 'back-off 20s' }]]);
    expect(toInitContainerStatuses(pod('Always'), s, { waitingReasons })[0]).toMatchObject({
      restartCount: 2,
      ready: false,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    expect(toInitContainerStatuses(pod('Never'), s, { waitingReasons })[0]).toMatchObject({
      state: { terminated: { exitCode: 1, reason: 'Error' } },
    });
  });
});
