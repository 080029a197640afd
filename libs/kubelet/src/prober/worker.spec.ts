import type { Container, ContainerStatus, Pod, PodStatus, Probe } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';

import type { ContainerCommandRunner } from '../pod-runtime';
import { Prober, type ProbeType } from './prober';
import { ResultsManager } from './results-manager';
import { Worker } from './worker';

const START = Date.parse('2026-01-01T00:00:00Z');

/** A runner whose exit code the test sets; counts the commands it ran. */
class FakeRunner implements ContainerCommandRunner {
  exitCode = 0;
  output = '';
  calls: string[] = [];

  async runInContainer(containerId: string, cmd: string[]): Promise<{ output: string; exitCode: number }> {
    this.calls.push(`${containerId}:${cmd.join(' ')}`);
    return { output: this.output, exitCode: this.exitCode };
  }
}

function setup(type: ProbeType, probe: Partial<Probe>, options: { startup?: boolean } = {}) {
  const clock = new FakeClock(START);
  const runner = new FakeRunner();
  const events: string[] = [];
  const prober = new Prober({
    runner,
    events: (_pod, _c, reason, message) => events.push(`${reason}: ${message}`),
  });
  const fullProbe: Probe = { exec: { command: ['check'] }, ...probe };
  const container: Container = { name: 'app', image: 'busybox' };
  if (type === 'Liveness') container.livenessProbe = fullProbe;
  if (type === 'Readiness') container.readinessProbe = fullProbe;
  if (type === 'Startup') container.startupProbe = fullProbe;
  const pod: Pod = {
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: { containers: [container], restartPolicy: 'Always' },
  };
  const containerStatus: ContainerStatus = {
    name: 'app',
    image: 'busybox',
    imageID: '',
    ready: false,
    restartCount: 0,
    started: options.startup !== true,
    containerID: 'docker://c1',
    state: { running: { startedAt: new Date(START).toISOString() } },
  };
  const status: PodStatus = { phase: 'Running', podIP: '127.0.0.1', containerStatuses: [containerStatus] };
  const results = new ResultsManager();
  const worker = new Worker({
    type,
    pod,
    container,
    probe: fullProbe,
    prober,
    results,
    podStatus: () => status,
    clock,
  });
  const signal = new AbortController().signal;
  return { clock, runner, events, results, worker, status, containerStatus, signal, pod };
}

describe('probe worker', () => {
  it('starts readiness at Failure and liveness at Success for a new container, before the first probe', async () => {
    const r = setup('Readiness', { initialDelaySeconds: 5 });
    await r.worker.doProbe(r.signal);
    expect(r.results.get('docker://c1')).toBe('Failure');
    expect(r.runner.calls).toEqual([]);

    const l = setup('Liveness', { initialDelaySeconds: 5 });
    await l.worker.doProbe(l.signal);
    expect(l.results.get('docker://c1')).toBe('Success');
    expect(l.runner.calls).toEqual([]);
  });

  it('waits out initialDelaySeconds from the container start, then probes', async () => {
    const w = setup('Readiness', { initialDelaySeconds: 5 });
    await w.clock.advance(4000);
    await w.worker.doProbe(w.signal);
    expect(w.runner.calls).toEqual([]);
    await w.clock.advance(1000);
    await w.worker.doProbe(w.signal);
    expect(w.runner.calls).toEqual(['c1:check']);
    expect(w.results.get('docker://c1')).toBe('Success');
  });

  it.each([
    { name: 'failureThreshold 3 needs three failures in a row', threshold: 3, runs: [1, 1, 0, 1, 1, 1] },
    { name: 'failureThreshold 1 fails on the first failure', threshold: 1, runs: [1] },
  ])('readiness: $name', async ({ threshold, runs }) => {
    const w = setup('Readiness', { failureThreshold: threshold });
    w.runner.exitCode = 0;
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c1')).toBe('Success');
    const seen: (string | undefined)[] = [];
    for (const code of runs) {
      w.runner.exitCode = code;
      await w.worker.doProbe(w.signal);
      seen.push(w.results.get('docker://c1'));
    }
    expect(seen.at(-1)).toBe('Failure');
    expect(seen.slice(0, -1).every((s) => s === 'Success')).toBe(true);
    expect(w.events.filter((e) => e === 'Unhealthy: Readiness probe failed: ')).toHaveLength(
      runs.filter((c) => c !== 0).length,
    );
  });

  it('readiness: successThreshold 2 needs two successes to become ready', async () => {
    const w = setup('Readiness', { successThreshold: 2 });
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c1')).toBe('Failure');
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c1')).toBe('Success');
  });

  it('liveness: successThreshold is always 1', async () => {
    const w = setup('Liveness', { successThreshold: 3, failureThreshold: 1 });
    w.runner.exitCode = 1;
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c1')).toBe('Failure');
  });

  it('liveness: a Failure holds the worker until a new instance, which starts over at Success', async () => {
    const w = setup('Liveness', { failureThreshold: 1 });
    w.runner.exitCode = 1;
    w.runner.output = 'unhealthy\n';
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c1')).toBe('Failure');
    expect(w.events).toEqual(['Unhealthy: Liveness probe failed: unhealthy\n']);
    await w.worker.doProbe(w.signal);
    expect(w.runner.calls).toHaveLength(1);

    w.containerStatus.containerID = 'docker://c2';
    w.containerStatus.restartCount = 1;
    w.runner.exitCode = 0;
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c1')).toBeUndefined();
    expect(w.results.get('docker://c2')).toBe('Success');
    expect(w.runner.calls).toEqual(['c1:check', 'c2:check']);
  });

  it('readiness: a restarted container is not ready until its own probe succeeds', async () => {
    const w = setup('Readiness', { initialDelaySeconds: 10 });
    await w.clock.advance(10_000);
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c1')).toBe('Success');

    w.containerStatus.containerID = 'docker://c2';
    w.containerStatus.state = { running: { startedAt: new Date(w.clock.now()).toISOString() } };
    await w.worker.doProbe(w.signal);
    expect(w.results.get('docker://c2')).toBe('Failure');
    expect(w.results.get('docker://c1')).toBeUndefined();
  });

  it('startup gating: liveness and readiness wait for started; startup stops once started', async () => {
    for (const type of ['Liveness', 'Readiness'] as const) {
      const w = setup(type, {}, { startup: true });
      await w.worker.doProbe(w.signal);
      expect(w.runner.calls).toEqual([]);
      w.containerStatus.started = true;
      await w.worker.doProbe(w.signal);
      expect(w.runner.calls).toEqual(['c1:check']);
    }
    const s = setup('Startup', { failureThreshold: 5 }, { startup: true });
    s.runner.exitCode = 1;
    await s.worker.doProbe(s.signal);
    expect(s.results.get('docker://c1')).toBe('Unknown');
    s.runner.exitCode = 0;
    await s.worker.doProbe(s.signal);
    s.containerStatus.started = true;
    await s.worker.doProbe(s.signal);
    expect(s.runner.calls).toHaveLength(2);
  });

  it('a container that is not running is a Failure; under Never an exited one stops the worker', async () => {
    const w = setup('Readiness', {});
    await w.worker.doProbe(w.signal);
    w.containerStatus.state = { terminated: { exitCode: 1 } };
    expect(await w.worker.doProbe(w.signal)).toBe(true);
    expect(w.results.get('docker://c1')).toBe('Failure');
    w.pod.spec!.restartPolicy = 'Never';
    expect(await w.worker.doProbe(w.signal)).toBe(false);
  });

  it('stops when the pod finishes', async () => {
    const w = setup('Readiness', {});
    w.status.phase = 'Succeeded';
    expect(await w.worker.doProbe(w.signal)).toBe(false);
  });

  it('run: probes every periodSeconds, sooner when triggered, and forgets its verdict when stopped', async () => {
    const w = setup('Readiness', { periodSeconds: 3 });
    const done = w.worker.run(w.signal);
    await w.clock.waitForSleepers(1);
    expect(w.runner.calls).toHaveLength(1);
    await w.clock.advance(2000);
    expect(w.runner.calls).toHaveLength(1);
    await w.clock.advance(1000);
    await w.clock.waitForSleepers(1);
    expect(w.runner.calls).toHaveLength(2);

    w.worker.trigger();
    await w.clock.advance(0);
    await w.clock.waitForSleepers(1);
    expect(w.runner.calls).toHaveLength(3);

    w.worker.stop();
    await done;
    expect(w.results.get('docker://c1')).toBeUndefined();
  });
});
