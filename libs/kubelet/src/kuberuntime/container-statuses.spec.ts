import type { Pod } from '@groundkube/api';
import { apiTime, toContainerStatuses } from './container-statuses';
import type { RuntimeContainerStatus, RuntimePodStatus } from './runtime-pod';

const pod: Pod = {
  metadata: { name: 'p', namespace: 'default', uid: 'u1' },
  spec: {
    containers: [
      { name: 'web', image: 'nginx' },
      { name: 'side', image: 'busybox', readinessProbe: {} },
    ],
  },
};

function instance(
  attempt: number,
  state: RuntimeContainerStatus['state'],
  exitCode = 0,
  reason = '',
): RuntimeContainerStatus {
  return {
    id: `id${attempt}`,
    containerID: `docker://id${attempt}`,
    sandboxId: 's',
    name: 'web',
    attempt,
    state,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, attempt)),
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, attempt, 1, 500)),
    ...(state === 'exited' ? { finishedAt: new Date(Date.UTC(2026, 0, 1, 0, attempt, 30)) } : {}),
    exitCode,
    reason,
    message: '',
    image: 'nginx',
    imageID: 'docker-pullable://nginx@sha256:abc',
    logPath: '/logs/web/0.log',
    hash: 'h',
  };
}

function status(containers: RuntimeContainerStatus[]): RuntimePodStatus {
  return {
    uid: 'u1',
    name: 'p',
    namespace: 'default',
    ips: [],
    sandboxes: [],
    containers,
    timestamp: new Date(),
  };
}

describe('toContainerStatuses', () => {
  it('shows containers not created yet as waiting ContainerCreating, or the last sync reason', () => {
    const [web, side] = toContainerStatuses(pod, status([]), {
      waitingReasons: new Map([['side', { reason: 'ErrImagePull', message: 'pull failed' }]]),
    });
    expect(web).toEqual({
      name: 'web',
      state: { waiting: { reason: 'ContainerCreating' } },
      ready: false,
      restartCount: 0,
      image: 'nginx',
      imageID: '',
      started: false,
    });
    expect(side?.state).toEqual({ waiting: { reason: 'ErrImagePull', message: 'pull failed' } });
  });

  it('shows a running restarted container with its previous exit as lastState', () => {
    const [web] = toContainerStatuses(
      pod,
      status([instance(2, 'running'), instance(1, 'exited', 137, 'Error')]),
    );
    expect(web).toEqual({
      name: 'web',
      state: { running: { startedAt: '2026-01-01T00:02:01Z' } },
      lastState: {
        terminated: {
          exitCode: 137,
          reason: 'Error',
          startedAt: '2026-01-01T00:01:01Z',
          finishedAt: '2026-01-01T00:01:30Z',
          containerID: 'docker://id1',
        },
      },
      ready: true,
      restartCount: 2,
      image: 'nginx',
      imageID: 'docker-pullable://nginx@sha256:abc',
      containerID: 'docker://id2',
      started: true,
    });
  });

  it('shows a crash-looping container as waiting with the exit as lastState', () => {
    const [web] = toContainerStatuses(
      pod,
      status([instance(3, 'exited', 1, 'Error'), instance(2, 'exited', 1, 'Error')]),
      {
        waitingReasons: new Map([
          ['web', { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=web' }],
        ]),
      },
    );
    expect(web?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(web?.lastState?.terminated?.containerID).toBe('docker://id3');
    expect(web?.restartCount).toBe(3);
    expect(web?.ready).toBe(false);
  });

  it('shows a finished container as terminated (Completed when it exited 0 without a runtime reason)', () => {
    const [web] = toContainerStatuses(pod, status([instance(0, 'exited', 0)]));
    expect(web?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(web?.lastState).toBeUndefined();
  });

  it('takes readiness from the prober when given', () => {
    const side = { ...instance(0, 'running'), name: 'side' };
    const [, s] = toContainerStatuses(pod, status([side]), {
      readiness: (name) => (name === 'side' ? false : undefined),
    });
    expect([s?.ready, s?.started]).toEqual([false, true]);
  });

  it('formats API times with second precision', () => {
    expect(apiTime(new Date('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04T05:06:07Z');
    expect(apiTime(undefined)).toBeUndefined();
  });

  it('gives a container that never started the epoch as its start, as the real kubelet does', () => {
    const { startedAt: _never, ...failed } = instance(0, 'exited', 128, 'StartError');
    const [web] = toContainerStatuses(
      { ...pod, spec: { ...pod.spec!, restartPolicy: 'Never' } },
      status([failed]),
    );
    expect(web?.state?.terminated).toMatchObject({
      exitCode: 128,
      reason: 'StartError',
      startedAt: '1970-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:30Z',
    });
  });
});
