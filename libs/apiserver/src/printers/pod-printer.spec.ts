import type { ContainerStatus, Pod } from '@groundkube/api';
import { podPrinter } from './pod-printer';

const now = new Date('2026-01-01T01:00:00Z');
const created = '2026-01-01T00:00:00Z';

function pod(overrides: { spec?: Partial<Pod['spec']>; status?: Pod['status']; deleting?: boolean }): Pod {
  return {
    metadata: {
      name: 'web',
      namespace: 'default',
      creationTimestamp: created,
      ...(overrides.deleting ? { deletionTimestamp: '2026-01-01T00:59:00Z' } : {}),
    },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], ...overrides.spec },
    status: overrides.status ?? {},
  };
}

const running = (name: string, restartCount = 0, ready = true): ContainerStatus => ({
  name,
  ready,
  restartCount,
  image: 'nginx',
  imageID: '',
  state: { running: { startedAt: created } },
});
const waiting = (name: string, reason: string, restartCount = 0): ContainerStatus => ({
  name,
  ready: false,
  restartCount,
  image: 'nginx',
  imageID: '',
  state: { waiting: { reason } },
});
const terminated = (name: string, exitCode: number, reason?: string, signal?: number): ContainerStatus => ({
  name,
  ready: false,
  restartCount: 0,
  image: 'busybox',
  imageID: '',
  state: { terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) } },
});

describe('pod table cells (Ready, Status, Restarts)', () => {
  it.each<[string, Pod, string, string, string]>([
    ['pending without statuses', pod({ status: { phase: 'Pending' } }), '0/2', 'Pending', '0'],
    [
      'both running and ready',
      pod({ status: { phase: 'Running', containerStatuses: [running('a'), running('b')] } }),
      '2/2',
      'Running',
      '0',
    ],
    [
      'one container creating',
      pod({
        status: { phase: 'Pending', containerStatuses: [running('a'), waiting('b', 'ContainerCreating')] },
      }),
      '1/2',
      'ContainerCreating',
      '0',
    ],
    [
      'crash loop sums restarts',
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [running('a', 3), waiting('b', 'CrashLoopBackOff', 4)],
        },
      }),
      '1/2',
      'CrashLoopBackOff',
      '7',
    ],
    [
      'the first container has the last word',
      pod({
        status: {
          phase: 'Pending',
          containerStatuses: [waiting('a', 'ErrImagePull'), waiting('b', 'ContainerCreating')],
        },
      }),
      '0/2',
      'ErrImagePull',
      '0',
    ],
    [
      'completed',
      pod({
        status: {
          phase: 'Succeeded',
          containerStatuses: [terminated('a', 0, 'Completed'), terminated('b', 0, 'Completed')],
        },
      }),
      '0/2',
      'Completed',
      '0',
    ],
    [
      'completed but another still runs, pod ready',
      pod({
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [terminated('a', 0, 'Completed'), running('b')],
        },
      }),
      '1/2',
      'Running',
      '0',
    ],
    [
      'completed but another still runs, pod not ready',
      pod({
        status: { phase: 'Running', containerStatuses: [terminated('a', 0, 'Completed'), running('b')] },
      }),
      '1/2',
      'NotReady',
      '0',
    ],
    [
      'terminated without reason, by signal',
      pod({
        status: { phase: 'Failed', containerStatuses: [terminated('a', 137, undefined, 9), running('b')] },
      }),
      '1/2',
      'Signal:9',
      '0',
    ],
    [
      'terminated without reason, by exit code',
      pod({ status: { phase: 'Failed', containerStatuses: [terminated('a', 2), running('b')] } }),
      '1/2',
      'ExitCode:2',
      '0',
    ],
    [
      'status reason wins over phase',
      pod({ status: { phase: 'Failed', reason: 'Evicted' } }),
      '0/2',
      'Evicted',
      '0',
    ],
    [
      'terminating',
      pod({ deleting: true, status: { phase: 'Running', containerStatuses: [running('a'), running('b')] } }),
      '2/2',
      'Terminating',
      '0',
    ],
    [
      'deleted but already succeeded is not terminating',
      pod({ deleting: true, status: { phase: 'Succeeded' } }),
      '0/2',
      'Succeeded',
      '0',
    ],
    [
      'deleted while node lost',
      pod({ deleting: true, status: { phase: 'Running', reason: 'NodeLost' } }),
      '0/2',
      'Unknown',
      '0',
    ],
    [
      'scheduling gated',
      pod({
        status: {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        },
      }),
      '0/2',
      'SchedulingGated',
      '0',
    ],
    [
      'init container running',
      pod({
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        status: {
          phase: 'Pending',
          initContainerStatuses: [running('i1', 0, false), waiting('i2', 'PodInitializing')],
        },
      }),
      '0/2',
      'Init:0/2',
      '0',
    ],
    [
      'second init container waiting after the first finished',
      pod({
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
        status: {
          phase: 'Pending',
          initContainerStatuses: [terminated('i1', 0, 'Completed'), waiting('i2', 'PodInitializing')],
          containerStatuses: [waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')],
        },
      }),
      '0/2',
      'Init:1/2',
      '0',
    ],
    [
      'init container crash looping',
      pod({
        spec: { initContainers: [{ name: 'i1' }] },
        status: { phase: 'Pending', initContainerStatuses: [waiting('i1', 'CrashLoopBackOff', 5)] },
      }),
      '0/2',
      'Init:CrashLoopBackOff',
      '5',
    ],
    [
      'init container failed',
      pod({
        spec: { initContainers: [{ name: 'i1' }] },
        status: { phase: 'Pending', initContainerStatuses: [terminated('i1', 1, 'Error')] },
      }),
      '0/2',
      'Init:Error',
      '0',
    ],
    [
      'init container failed without reason',
      pod({
        spec: { initContainers: [{ name: 'i1' }] },
        status: { phase: 'Pending', initContainerStatuses: [terminated('i1', 3)] },
      }),
      '0/2',
      'Init:ExitCode:3',
      '0',
    ],
    [
      'init containers done, main containers not created yet',
      pod({
        spec: { initContainers: [{ name: 'i1' }] },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [terminated('i1', 0, 'Completed')],
          containerStatuses: [waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')],
        },
      }),
      '0/2',
      'PodInitializing',
      '0',
    ],
  ])('%s', (_name, input, ready, status, restarts) => {
    const cells = podPrinter.cells(input, { now });
    expect(cells.slice(1, 4)).toEqual([ready, status, restarts]);
  });

  it('shows when the last restart happened', () => {
    const status: ContainerStatus = {
      ...running('a', 2),
      lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:55:00Z' } },
    };
    const cells = podPrinter.cells(
      pod({ status: { phase: 'Running', containerStatuses: [status, running('b')] } }),
      {
        now,
      },
    );
    expect(cells[3]).toBe('2 (5m ago)');
  });

  it('renders every column including the wide ones', () => {
    const input = pod({
      spec: { nodeName: 'node-1', readinessGates: [{ conditionType: 'x/ok' }, { conditionType: 'x/other' }] },
      status: {
        phase: 'Running',
        podIPs: [{ ip: '10.0.0.5' }],
        conditions: [{ type: 'x/ok', status: 'True' }],
        containerStatuses: [running('a'), running('b')],
      },
    });
    expect(podPrinter.cells(input, { now })).toEqual([
      'web',
      '2/2',
      'Running',
      '0',
      '60m',
      '10.0.0.5',
      'node-1',
      '<none>',
      '1/2',
    ]);
    expect(podPrinter.cells(pod({}), { now }).slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it.each([
    [
      'Succeeded',
      [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ],
    ],
    ['Failed', [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]],
    ['Running', undefined],
  ] as const)('row conditions for %s', (phase, expected) => {
    expect(podPrinter.conditions?.(pod({ status: { phase } }))).toEqual(expected);
  });
});
