import type { ContainerStatus, Pod, RestartPolicy } from '@groundkube/api';

import { emptyPodStatus, type RuntimePodStatus, type RuntimeSandboxStatus } from '../kuberuntime/runtime-pod';
import { podConditions } from './pod-conditions';
import { podPhase } from './pod-phase';
import { generatePodStatus, qosClass, sameStatus } from './pod-status';

const podWith = (restartPolicy: RestartPolicy, names = ['a', 'b']): Pod => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u1' },
  spec: { restartPolicy, containers: names.map((name) => ({ name, image: 'busybox' })) },
});

const running = (name: string): ContainerStatus => ({
  name,
  ready: true,
  restartCount: 0,
  image: 'busybox',
  imageID: '',
  state: { running: { startedAt: 't' } },
});
const exited = (name: string, exitCode: number, restartCount = 0): ContainerStatus => ({
  name,
  ready: false,
  restartCount,
  image: 'busybox',
  imageID: '',
  state: { terminated: { exitCode } },
});
const creating = (name: string): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 0,
  image: 'busybox',
  imageID: '',
  state: { waiting: { reason: 'ContainerCreating' } },
});
const crashLooping = (name: string): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 3,
  image: 'busybox',
  imageID: '',
  state: { waiting: { reason: 'CrashLoopBackOff' } },
  lastState: { terminated: { exitCode: 1 } },
});

describe('podPhase', () => {
  it.each<[string, RestartPolicy, ContainerStatus[], string]>([
    ['nothing reported yet', 'Always', [], 'Pending'],
    ['one still being created', 'Always', [running('a'), creating('b')], 'Pending'],
    ['all running', 'Always', [running('a'), running('b')], 'Running'],
    ['one running one exited', 'Never', [running('a'), exited('b', 0)], 'Running'],
    ['crash looping counts as stopped, will restart', 'Always', [running('a'), crashLooping('b')], 'Running'],
    ['all exited 0 under Never', 'Never', [exited('a', 0), exited('b', 0)], 'Succeeded'],
    ['all exited 0 under OnFailure', 'OnFailure', [exited('a', 0), exited('b', 0)], 'Succeeded'],
    ['one failed under Never', 'Never', [exited('a', 0), exited('b', 2)], 'Failed'],
    ['one failed under OnFailure restarts', 'OnFailure', [exited('a', 0), exited('b', 2)], 'Running'],
    ['all exited under Always restart', 'Always', [exited('a', 0), exited('b', 1)], 'Running'],
  ])('%s (%s) -> %s', (_name, policy, statuses, expected) => {
    expect(podPhase(podWith(policy), statuses)).toBe(expected);
  });

  it('never leaves a terminal phase', () => {
    const pod = { ...podWith('Always'), status: { phase: 'Failed' as const } };
    expect(podPhase(pod, [running('a'), running('b')])).toBe('Failed');
  });

  it('keeps a pod Pending until its init containers succeeded, and fails a Never pod on a failed one', () => {
    const pod: Pod = {
      ...podWith('Never', ['a']),
      spec: { restartPolicy: 'Never', initContainers: [{ name: 'i' }], containers: [{ name: 'a' }] },
    };
    expect(podPhase(pod, [], [])).toBe('Pending');
    expect(podPhase(pod, [], [exited('i', 1)])).toBe('Failed');
    expect(podPhase(pod, [running('a')], [exited('i', 0)])).toBe('Running');
  });
});

describe('podConditions', () => {
  const now = '2026-01-01T00:00:10Z';
  const earlier = '2026-01-01T00:00:00Z';

  const sandbox = (state: RuntimeSandboxStatus['state'], ip: string, attempt = 0): RuntimeSandboxStatus => ({
    id: `s${attempt}`,
    attempt,
    state,
    createdAt: new Date(0),
    ip,
  });
  const withSandboxes = (...sandboxes: RuntimeSandboxStatus[]): RuntimePodStatus => ({
    ...emptyPodStatus('u1', 'p', 'default', new Date(0)),
    sandboxes,
  });

  it("marks Ready and ContainersReady True when every container is ready, in the 1.32 kubelet's order", () => {
    const conditions = podConditions({
      pod: podWith('Always'),
      phase: 'Running',
      statuses: [running('a'), running('b')],
      runtime: withSandboxes(sandbox('ready', '172.17.0.5')),
      previous: [],
      now,
    });
    expect(conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
  });

  it.each([
    { name: 'no sandbox yet', sandboxes: [], hostNetwork: false, expected: 'False' },
    {
      name: 'a ready sandbox with an IP',
      sandboxes: [sandbox('ready', '10.1.0.2')],
      hostNetwork: false,
      expected: 'True',
    },
    {
      name: 'a ready sandbox without an IP',
      sandboxes: [sandbox('ready', '')],
      hostNetwork: false,
      expected: 'False',
    },
    {
      name: 'a host-network sandbox (no IP of its own)',
      sandboxes: [sandbox('ready', '')],
      hostNetwork: true,
      expected: 'True',
    },
    { name: 'the sandbox died', sandboxes: [sandbox('notready', '')], hostNetwork: false, expected: 'False' },
    {
      name: 'a dead sandbox behind a newer ready one',
      sandboxes: [sandbox('ready', '10.1.0.3', 1), sandbox('notready', '', 0)],
      hostNetwork: false,
      expected: 'True',
    },
    {
      name: 'two ready sandboxes',
      sandboxes: [sandbox('ready', '10.1.0.3', 1), sandbox('ready', '10.1.0.2', 0)],
      hostNetwork: false,
      expected: 'False',
    },
  ])('PodReadyToStartContainers with $name is $expected', ({ sandboxes, hostNetwork, expected }) => {
    const pod = podWith('Always');
    pod.spec!.hostNetwork = hostNetwork;
    const conditions = podConditions({
      pod,
      phase: 'Pending',
      statuses: [creating('a'), creating('b')],
      runtime: withSandboxes(...sandboxes),
      previous: [],
      now,
    });
    const condition = conditions.find((c) => c.type === 'PodReadyToStartContainers');
    // The 1.32 kubelet writes this condition with a status only: no reason, no message.
    expect(condition).toEqual({
      type: 'PodReadyToStartContainers',
      status: expected,
      lastProbeTime: null,
      lastTransitionTime: now,
    });
  });

  it("puts others' conditions first and replaces the kubelet's own, including PodReadyToStartContainers", () => {
    const conditions = podConditions({
      pod: podWith('Always'),
      phase: 'Pending',
      statuses: [creating('a'), creating('b')],
      previous: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: earlier },
        { type: 'example.com/gate', status: 'True', lastTransitionTime: earlier },
      ],
      now,
    });
    expect(conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'example.com/gate=True',
      'PodReadyToStartContainers=False',
      'Initialized=True',
      'Ready=False',
      'ContainersReady=False',
      'PodScheduled=True',
    ]);
    // Its status flipped (the sandbox is gone): the transition time moves.
    expect(conditions.find((c) => c.type === 'PodReadyToStartContainers')!.lastTransitionTime).toBe(now);
  });

  it('names the unready containers', () => {
    const conditions = podConditions({
      pod: podWith('Always'),
      phase: 'Pending',
      statuses: [running('a'), creating('b')],
      previous: [],
      now,
    });
    const ready = conditions.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [b]',
    });
  });

  it('reports PodCompleted for a finished pod', () => {
    const conditions = podConditions({
      pod: podWith('Never'),
      phase: 'Succeeded',
      statuses: [exited('a', 0), exited('b', 0)],
      previous: [],
      now,
    });
    expect(conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
  });

  it('keeps lastTransitionTime while a status holds, moves it when it flips', () => {
    const previous = [
      { type: 'Ready', status: 'True' as const, lastTransitionTime: earlier },
      { type: 'PodScheduled', status: 'True' as const, lastTransitionTime: earlier },
      { type: 'PodReadyToStartContainers', status: 'True' as const, lastTransitionTime: earlier },
    ];
    const conditions = podConditions({
      pod: podWith('Always'),
      phase: 'Running',
      statuses: [running('a'), creating('b')],
      runtime: withSandboxes(sandbox('ready', '172.17.0.5')),
      previous,
      now,
    });
    expect(conditions.find((c) => c.type === 'PodScheduled')!.lastTransitionTime).toBe(earlier);
    expect(conditions.find((c) => c.type === 'PodReadyToStartContainers')!.lastTransitionTime).toBe(earlier);
    expect(conditions.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe(now);
  });
});

describe('Initialized condition and phase with init containers', () => {
  const now = '2026-01-01T00:00:10Z';
  const pod: Pod = {
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: {
      restartPolicy: 'Always',
      initContainers: [{ name: 'i1' }, { name: 'i2' }],
      containers: [{ name: 'a' }],
    },
  };
  const generate = (initStatuses: ContainerStatus[], statuses: ContainerStatus[]) =>
    generatePodStatus({
      pod,
      runtime: emptyPodStatus('u1', 'p', 'default', new Date()),
      containerStatuses: statuses,
      initContainerStatuses: initStatuses,
      hostIPs: [],
      now,
    });

  it('is False, naming the unfinished ones, and the pod Pending while they run', () => {
    const status = generate([exited('i1', 0), running('i2')], [creating('a')]);
    expect(status.phase).toBe('Pending');
    expect(status.initContainerStatuses?.map((s) => s.name)).toEqual(['i1', 'i2']);
    expect(status.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [i2]',
    });
  });

  it('stays False and Pending while one crash-loops', () => {
    const status = generate([crashLooping('i1'), creating('i2')], [creating('a')]);
    expect(status.phase).toBe('Pending');
    expect(status.conditions?.find((c) => c.type === 'Initialized')?.message).toBe(
      'containers with incomplete status: [i1 i2]',
    );
  });

  it('is True once all exited 0, and the pod Running with its main container', () => {
    const status = generate([exited('i1', 0), exited('i2', 0)], [running('a')]);
    expect(status.phase).toBe('Running');
    expect(status.conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
  });
});

describe('generatePodStatus', () => {
  const now = '2026-01-01T00:00:10Z';

  it('fills IPs from the sandbox and the host, and sets startTime once', () => {
    const pod = podWith('Always');
    const runtime = { ...emptyPodStatus('u1', 'p', 'default', new Date()), ips: ['172.17.0.5'] };
    const status = generatePodStatus({
      pod,
      runtime,
      containerStatuses: [running('a'), running('b')],
      hostIPs: ['10.0.0.2'],
      now,
    });
    expect(status).toMatchObject({
      phase: 'Running',
      hostIP: '10.0.0.2',
      hostIPs: [{ ip: '10.0.0.2' }],
      podIP: '172.17.0.5',
      podIPs: [{ ip: '172.17.0.5' }],
      startTime: now,
      qosClass: 'BestEffort',
    });
    const later = generatePodStatus({
      pod: { ...pod, status },
      runtime,
      containerStatuses: [running('a'), running('b')],
      hostIPs: ['10.0.0.2'],
      now: '2026-01-01T00:05:00Z',
    });
    expect(later.startTime).toBe(now);
    expect(sameStatus(status, later)).toBe(true);
  });

  it('takes startTime from when the kubelet took the pod on, not from this status write', () => {
    const status = generatePodStatus({
      pod: podWith('Always'),
      runtime: emptyPodStatus('u1', 'p', 'default', new Date()),
      containerStatuses: [running('a'), running('b')],
      hostIPs: [],
      now,
      startTime: '2026-01-01T00:00:08Z',
    });
    expect(status.startTime).toBe('2026-01-01T00:00:08Z');
  });

  it('keeps the last pod IP of a finished pod whose sandbox is gone', () => {
    const pod: Pod = { ...podWith('Never'), status: { podIP: '172.17.0.9', podIPs: [{ ip: '172.17.0.9' }] } };
    const runtime = emptyPodStatus('u1', 'p', 'default', new Date());
    const status = generatePodStatus({
      pod,
      runtime,
      containerStatuses: [exited('a', 0), exited('b', 0)],
      hostIPs: ['10.0.0.2'],
      now,
    });
    expect(status.phase).toBe('Succeeded');
    expect(status.podIP).toBe('172.17.0.9');
  });
});

describe('qosClass', () => {
  it.each<[string, Pod['spec'], string]>([
    ['no resources', { containers: [{ name: 'a' }] }, 'BestEffort'],
    [
      'equal limits',
      { containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }] },
      'Guaranteed',
    ],
    ['requests only', { containers: [{ name: 'a', resources: { requests: { cpu: '100m' } } }] }, 'Burstable'],
  ])('%s -> %s', (_name, spec, expected) => {
    expect(qosClass({ metadata: {}, ...(spec ? { spec } : {}) })).toBe(expected);
  });
});
