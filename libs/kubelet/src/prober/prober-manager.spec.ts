import type { ContainerStatus, Pod, PodStatus } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';

import type { ContainerCommandRunner } from '../pod-runtime';
import { Prober } from './prober';
import { ProberManager } from './prober-manager';

const exec = { exec: { command: ['check'] } };

function running(name: string, id: string): ContainerStatus {
  return {
    name,
    image: 'busybox',
    imageID: '',
    ready: true,
    restartCount: 0,
    started: true,
    containerID: id,
    state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
  };
}

function managerFor() {
  const runner: ContainerCommandRunner = { runInContainer: async () => ({ output: '', exitCode: 0 }) };
  const controller = new AbortController();
  const statuses = new Map<string, PodStatus>();
  const manager = new ProberManager({
    prober: new Prober({ runner, events: () => undefined }),
    podStatus: (uid) => statuses.get(uid),
    signal: controller.signal,
    clock: new FakeClock(Date.parse('2026-01-01T00:00:00Z')),
  });
  return { manager, controller };
}

describe('prober manager', () => {
  const pod: Pod = {
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: {
      containers: [
        { name: 'plain', image: 'busybox' },
        { name: 'checked', image: 'busybox', readinessProbe: exec, livenessProbe: exec },
        { name: 'slow', image: 'busybox', startupProbe: exec, readinessProbe: exec },
      ],
    },
  };

  it('one worker per container and probe kind; addPod twice adds none; removePod stops them', () => {
    const { manager, controller } = managerFor();
    manager.addPod(pod);
    manager.addPod(pod);
    expect(manager.workerCount).toBe(4);
    manager.removePod('u1');
    expect(manager.workerCount).toBe(0);
    controller.abort();
  });

  it('ready without a readiness probe; with one, only on Success; never before the startup probe succeeds', () => {
    const { manager, controller } = managerFor();
    manager.addPod(pod);
    const statuses = [
      running('plain', 'docker://p'),
      running('checked', 'docker://c'),
      running('slow', 'docker://s'),
    ];
    manager.updatePodStatus('u1', statuses);
    expect(statuses.map((s) => [s.name, s.started, s.ready])).toEqual([
      ['plain', true, true],
      ['checked', true, false],
      ['slow', false, false],
    ]);

    manager.readiness.set('docker://c', 'Success', pod);
    manager.readiness.set('docker://s', 'Success', pod);
    manager.startup.set('docker://s', 'Success', pod);
    manager.updatePodStatus('u1', statuses);
    expect(statuses.map((s) => [s.name, s.started, s.ready])).toEqual([
      ['plain', true, true],
      ['checked', true, true],
      ['slow', true, true],
    ]);
    controller.abort();
  });

  it('failedProbe names liveness or startup Failures; listeners hear readiness changes and liveness failures', () => {
    const { manager, controller } = managerFor();
    const heard: string[] = [];
    manager.onUpdate((type, u) => heard.push(`${type} ${u.result}`));
    manager.liveness.set('docker://c', 'Success', pod);
    manager.liveness.set('docker://c', 'Failure', pod);
    manager.readiness.set('docker://c', 'Failure', pod);
    manager.readiness.set('docker://c', 'Failure', pod);
    manager.startup.set('docker://s', 'Failure', pod);
    expect(manager.failedProbe('docker://c')).toBe('liveness');
    expect(manager.failedProbe('docker://s')).toBe('startup');
    expect(manager.failedProbe('docker://p')).toBeUndefined();
    expect(heard).toEqual(['Liveness Failure', 'Readiness Failure', 'Startup Failure']);
    controller.abort();
  });
});
