import type { Pod, RestartPolicy } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';
import { BackOff } from './back-off';
import { computePodActions, containerBackOffKey } from './pod-actions';
import type { RuntimeContainerStatus, RuntimePodStatus, RuntimeSandboxStatus } from './runtime-pod';

const T0 = new Date('2026-01-01T00:00:00Z');

function pod(restartPolicy: RestartPolicy = 'Always', names = ['a', 'b']): Pod {
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: { restartPolicy, containers: names.map((name) => ({ name, image: 'busybox' })) },
  };
}

function sandbox(id: string, state: 'ready' | 'notready', attempt = 0, ageMs = 0): RuntimeSandboxStatus {
  return {
    id,
    attempt,
    state,
    createdAt: new Date(T0.getTime() - ageMs),
    ip: state === 'ready' ? '10.0.0.2' : '',
  };
}

function ctr(
  name: string,
  state: RuntimeContainerStatus['state'],
  attempt = 0,
  exitCode = 0,
  hash = 'h',
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
    imageID: 'docker://sha256:1',
    logPath: '',
    hash,
  };
}

function status(sandboxes: RuntimeSandboxStatus[], containers: RuntimeContainerStatus[]): RuntimePodStatus {
  return { uid: 'u1', name: 'p', namespace: 'default', ips: [], sandboxes, containers, timestamp: T0 };
}

const hashOf = (): string => 'h';

interface Case {
  name: string;
  pod: Pod;
  status: RuntimePodStatus;
  expected: {
    killPod: boolean;
    createSandbox: boolean;
    sandboxAttempt?: number;
    start: string[];
    kill: string[];
  };
}

const cases: Case[] = [
  {
    name: 'new pod: create the sandbox and start every container',
    pod: pod(),
    status: status([], []),
    expected: { killPod: false, createSandbox: true, sandboxAttempt: 0, start: ['a#0', 'b#0'], kill: [] },
  },
  {
    name: 'all running: nothing to do',
    pod: pod(),
    status: status([sandbox('s1', 'ready')], [ctr('a', 'running'), ctr('b', 'running')]),
    expected: { killPod: false, createSandbox: false, start: [], kill: [] },
  },
  {
    name: 'one missing container is started',
    pod: pod(),
    status: status([sandbox('s1', 'ready')], [ctr('a', 'running')]),
    expected: { killPod: false, createSandbox: false, start: ['b#0'], kill: [] },
  },
  {
    name: 'Always restarts a container that succeeded',
    pod: pod('Always'),
    status: status([sandbox('s1', 'ready')], [ctr('a', 'running'), ctr('b', 'exited', 0, 0)]),
    expected: { killPod: false, createSandbox: false, start: ['b#1'], kill: [] },
  },
  {
    name: 'OnFailure restarts only failures',
    pod: pod('OnFailure'),
    status: status([sandbox('s1', 'ready')], [ctr('a', 'exited', 2, 0), ctr('b', 'exited', 0, 1)]),
    expected: { killPod: false, createSandbox: false, start: ['b#1'], kill: [] },
  },
  {
    name: 'Never restarts nothing',
    pod: pod('Never'),
    status: status([sandbox('s1', 'ready')], [ctr('a', 'exited', 0, 0), ctr('b', 'exited', 0, 1)]),
    expected: { killPod: false, createSandbox: false, start: [], kill: [] },
  },
  {
    name: 'dead sandbox: kill everything and re-create with the next attempt',
    pod: pod(),
    status: status([sandbox('s1', 'notready', 2)], [ctr('a', 'running'), ctr('b', 'exited', 0, 1)]),
    expected: { killPod: true, createSandbox: true, sandboxAttempt: 3, start: ['a#1', 'b#1'], kill: [] },
  },
  {
    name: 'dead sandbox under OnFailure skips containers that succeeded',
    pod: pod('OnFailure'),
    status: status([sandbox('s1', 'notready')], [ctr('a', 'exited', 0, 0), ctr('b', 'exited', 0, 1)]),
    expected: { killPod: true, createSandbox: true, sandboxAttempt: 1, start: ['b#1'], kill: [] },
  },
  {
    name: 'dead sandbox of a finished Never pod is not re-created',
    pod: pod('Never'),
    status: status([sandbox('s1', 'notready')], [ctr('a', 'exited', 0, 0), ctr('b', 'exited', 0, 1)]),
    expected: { killPod: true, createSandbox: false, start: [], kill: [] },
  },
  {
    name: 'two ready sandboxes: start over',
    pod: pod(),
    status: status(
      [sandbox('s2', 'ready', 1), sandbox('s1', 'ready', 0, 1000)],
      [ctr('a', 'running'), ctr('b', 'running')],
    ),
    expected: { killPod: true, createSandbox: true, sandboxAttempt: 2, start: ['a#1', 'b#1'], kill: [] },
  },
  {
    name: 'a running container whose spec hash changed is killed and started again',
    pod: pod(),
    status: status([sandbox('s1', 'ready')], [ctr('a', 'running', 0, 0, 'old'), ctr('b', 'running')]),
    expected: { killPod: false, createSandbox: false, start: ['a#1'], kill: ['a'] },
  },
  {
    name: 'a running container not in the spec is killed',
    pod: pod('Always', ['a']),
    status: status([sandbox('s1', 'ready')], [ctr('a', 'running'), ctr('zombie', 'running')]),
    expected: { killPod: false, createSandbox: false, start: [], kill: ['zombie'] },
  },
];

describe('computePodActions', () => {
  it.each(cases)('$name', ({ pod: p, status: s, expected }) => {
    const actions = computePodActions(p, s, {
      backOff: new BackOff({ clock: new FakeClock(T0.getTime()) }),
      hashOf,
    });
    expect({
      killPod: actions.killPod,
      createSandbox: actions.createSandbox,
      ...(expected.sandboxAttempt === undefined ? {} : { sandboxAttempt: actions.sandboxAttempt }),
      start: actions.containersToStart.map((c) => `${c.name}#${c.attempt}`),
      kill: actions.containersToKill.map((c) => c.name),
    }).toEqual(expected);
  });

  it('holds back a crashed container inside its back-off and lets it go after', async () => {
    const clock = new FakeClock(T0.getTime());
    const backOff = new BackOff({ clock });
    backOff.next(containerBackOffKey('u1', 'b'), T0);
    const s = status([sandbox('s1', 'ready')], [ctr('a', 'running'), ctr('b', 'exited', 1, 1)]);

    await clock.advance(5_000);
    const held = computePodActions(pod(), s, { backOff, hashOf });
    expect(held.containersToStart).toEqual([]);
    expect(held.backingOff.map((b) => [b.name, b.remainingMs, b.delayMs])).toEqual([['b', 5_000, 10_000]]);

    await clock.advance(5_000);
    const go = computePodActions(pod(), s, { backOff, hashOf });
    expect(go.containersToStart.map((c) => `${c.name}#${c.attempt}`)).toEqual(['b#2']);
    expect(go.backingOff).toEqual([]);
    expect(go.containersToStart[0]?.backOffFrom).toEqual(s.containers[1]?.finishedAt);
  });

  it('starts the new spec of a container killed for a spec change without the crash-loop back-off', async () => {
    const clock = new FakeClock(T0.getTime());
    const backOff = new BackOff({ clock });
    backOff.next(containerBackOffKey('u1', 'b'), T0);
    // b's instance ran an older spec (another hash) and was killed for the change: it did not crash.
    const s = status([sandbox('s1', 'ready')], [ctr('a', 'running'), ctr('b', 'exited', 0, 137, 'old')]);

    await clock.advance(1_000);
    const actions = computePodActions(pod(), s, { backOff, hashOf });
    expect(actions.backingOff).toEqual([]);
    expect(actions.containersToStart.map((c) => `${c.name}#${c.attempt}`)).toEqual(['b#1']);
    expect(actions.containersToStart[0]?.backOffFrom).toBeUndefined();
  });
});

describe('computePodActions with probe verdicts', () => {
  const backOff = new BackOff({ clock: new FakeClock(T0.getTime()) });
  const running = status([sandbox('s1', 'ready')], [ctr('a', 'running', 2), ctr('b', 'running')]);
  const health = {
    failedProbe: (id: string) => (id === 'docker://a-2' ? ('liveness' as const) : undefined),
  };

  it.each([
    { policy: 'Always' as const, message: 'Container a failed liveness probe, will be restarted' },
    { policy: 'Never' as const, message: 'Container a failed liveness probe' },
  ])(
    'kills a running container that failed liveness under $policy, and starts nothing yet',
    ({ policy, message }) => {
      const actions = computePodActions(pod(policy), running, { backOff, hashOf, health });
      expect(actions.containersToKill).toEqual([{ id: 'a-2', name: 'a', message }]);
      expect(actions.containersToStart).toEqual([]);
    },
  );

  it('the restart comes from the next sync, which sees the killed instance exited', () => {
    const after = status([sandbox('s1', 'ready')], [ctr('a', 'exited', 2, 137), ctr('b', 'running')]);
    const actions = computePodActions(pod('Always'), after, { backOff, hashOf, health });
    expect(actions.containersToKill).toEqual([]);
    expect(actions.containersToStart.map((c) => `${c.name}#${c.attempt}`)).toEqual(['a#3']);
  });
});
