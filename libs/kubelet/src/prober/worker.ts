// One probe kind of one container of one pod: probes every period, applies the thresholds and publishes the
// verdict for the current container instance.

import type { Container, Pod, PodStatus, Probe } from '@groundkube/api';
import type { Clock } from '@groundkube/client';

import type { Prober, ProbeType } from './prober';
import type { ProbeVerdict, ResultsManager } from './results-manager';

export interface WorkerOptions {
  type: ProbeType;
  pod: Pod;
  container: Container;
  probe: Probe;
  prober: Prober;
  results: ResultsManager;
  /** The pod status the kubelet last wrote (container IDs, running since, started, pod IP). */
  podStatus: (uid: string) => PodStatus | undefined;
  clock: Clock;
}

/** A new instance's verdict before its probe has decided: not ready, alive, not yet started. */
const initialVerdict: Record<ProbeType, ProbeVerdict> = {
  Readiness: 'Failure',
  Liveness: 'Success',
  Startup: 'Unknown',
};

/** The probe's timing and thresholds with the API defaults; liveness and startup succeed on one success. */
export function probeSettings(type: ProbeType, probe: Probe) {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds || 10) * 1000,
    successThreshold: type === 'Readiness' ? probe.successThreshold || 1 : 1,
    failureThreshold: probe.failureThreshold || 3,
  };
}

/**
 * The kubelet's probe worker. A new container instance (a new container ID) starts over: readiness is a
 * Failure until a probe succeeds, liveness a Success until one fails, startup Unknown until it decides. Until the startup probe
 * succeeds (the container is not `started`), liveness and readiness do not probe; once it has, startup stops
 * probing. A liveness or startup Failure puts the worker on hold until the kubelet has restarted the
 * container, so the dying instance is not probed again.
 */
export class Worker {
  private containerID = '';
  private lastResult: ProbeVerdict | undefined;
  private resultRun = 0;
  private onHold = false;
  private wake: AbortController | undefined;
  private readonly stopped = new AbortController();
  private readonly settings: ReturnType<typeof probeSettings>;

  constructor(private readonly options: WorkerOptions) {
    this.settings = probeSettings(options.type, options.probe);
  }

  get type(): ProbeType {
    return this.options.type;
  }

  /** The newest version of the pod (a deletion stops liveness and startup probing). */
  updatePod(pod: Pod): void {
    this.options.pod = pod;
  }

  /** Probes now rather than at the end of the period (the status asked for a verdict not known yet). */
  trigger(): void {
    this.wake?.abort();
  }

  stop(): void {
    this.stopped.abort();
  }

  /**
   * Probes until the pod finishes, the container will not run again, `stop()` is called or the signal
   * aborts; then forgets its verdict.
   */
  async run(signal: AbortSignal): Promise<void> {
    const done = AbortSignal.any([signal, this.stopped.signal]);
    try {
      while (!done.aborted) {
        if (!(await this.doProbe(done))) return;
        const wake = new AbortController();
        this.wake = wake;
        try {
          await this.options.clock.sleep(this.settings.periodMs, AbortSignal.any([done, wake.signal]));
        } catch {
          // Woken by trigger() or stopped; the loop condition tells which.
        }
        this.wake = undefined;
      }
    } finally {
      if (this.containerID !== '') this.options.results.remove(this.containerID);
    }
  }

  /** One period's work; false when the worker should stop. Exported for tests through `run`. */
  async doProbe(signal: AbortSignal): Promise<boolean> {
    const { pod, container, results, type } = this.options;
    const status = this.options.podStatus(pod.metadata.uid ?? '');
    if (status === undefined) return true;
    if (status.phase === 'Succeeded' || status.phase === 'Failed') return false;

    const c = status.containerStatuses?.find((s) => s.name === container.name);
    if (c?.containerID === undefined || c.containerID === '') return true;
    if (c.containerID !== this.containerID) {
      if (this.containerID !== '') results.remove(this.containerID);
      this.containerID = c.containerID;
      this.lastResult = undefined;
      this.resultRun = 0;
      this.onHold = false;
      results.set(this.containerID, initialVerdict[type], pod);
    }
    if (this.onHold) return true;

    const running = c.state?.running;
    if (running === undefined) {
      results.set(this.containerID, 'Failure', pod);
      // A container that exited under Never will not run again: nothing left to probe.
      return c.state?.terminated === undefined || pod.spec?.restartPolicy !== 'Never';
    }
    // A pod being deleted is not killed for failing liveness while it shuts down.
    if (pod.metadata.deletionTimestamp !== undefined && type !== 'Readiness') {
      results.set(this.containerID, 'Success', pod);
      return true;
    }
    const startedAt = Date.parse(running.startedAt ?? '');
    if (Number.isFinite(startedAt) && this.options.clock.now() - startedAt < this.settings.initialDelayMs) {
      return true;
    }
    if (c.started === true ? type === 'Startup' : type !== 'Startup') return true;

    let result: ProbeVerdict;
    try {
      result = await this.options.prober.probe(type, pod, status, container, this.containerID, signal);
    } catch {
      // Aborted, or the probe could not run: either way this period does not count.
      return !signal.aborted;
    }
    if (signal.aborted) return false;
    return this.record(result);
  }

  private record(result: ProbeVerdict): boolean {
    const { results, pod, type } = this.options;
    if (result === this.lastResult) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if (
      (result === 'Failure' && this.resultRun < this.settings.failureThreshold) ||
      (result === 'Success' && this.resultRun < this.settings.successThreshold)
    ) {
      return true;
    }
    results.set(this.containerID, result, pod);
    if (type !== 'Readiness' && result === 'Failure') {
      // The kubelet kills this instance; probing resumes with the next one.
      this.onHold = true;
      this.resultRun = 0;
    }
    return true;
  }
}
