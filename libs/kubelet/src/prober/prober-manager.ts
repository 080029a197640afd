// The kubelet's prober manager: a worker per container and probe kind of every running pod, the three
// results managers, and what they mean for the pod status (ready, started) and for the sync (restarts).

import type { ContainerStatus, Pod, PodStatus } from '@groundkube/api';
import { realClock, type Clock } from '@groundkube/client';
import { silentLogger, type Logger } from '@groundkube/logging';

import type { ContainerHealth } from '../kuberuntime/pod-actions';
import { probeOf, type Prober, type ProbeType } from './prober';
import { ResultsManager, type ResultUpdate } from './results-manager';
import { Worker } from './worker';

export interface ProberManagerOptions {
  prober: Prober;
  /** The pod status the kubelet last wrote (the status manager's). */
  podStatus: (uid: string) => PodStatus | undefined;
  /** Stops every worker: the kubelet is stopping. */
  signal: AbortSignal;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

const PROBE_TYPES: readonly ProbeType[] = ['Startup', 'Liveness', 'Readiness'];

/**
 * Call order: `addPod` on every sync of a pod that is not finished (idempotent), `updatePodStatus` on every
 * status the kubelet computes, `removePod` when the pod terminates. Verdict changes reach `onUpdate`
 * listeners, which should sync the pod; `failedProbe` tells the runtime which running containers to kill.
 */
export class ProberManager implements ContainerHealth {
  readonly liveness = new ResultsManager();
  readonly readiness = new ResultsManager();
  readonly startup = new ResultsManager();
  private readonly workers = new Map<string, Worker>();
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly options: ProberManagerOptions) {
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? silentLogger()).child({ component: 'prober-manager' });
  }

  /** Starts the workers the pod's probes need and hands the newest pod to those already running. */
  addPod(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    for (const container of pod.spec?.containers ?? []) {
      for (const type of PROBE_TYPES) {
        const probe = probeOf(container, type);
        if (probe === undefined) continue;
        const key = workerKey(uid, container.name, type);
        const existing = this.workers.get(key);
        if (existing !== undefined) {
          existing.updatePod(pod);
          continue;
        }
        const worker = new Worker({
          type,
          pod,
          container,
          probe,
          prober: this.options.prober,
          results: this.resultsOf(type),
          podStatus: this.options.podStatus,
          clock: this.clock,
        });
        this.workers.set(key, worker);
        this.log.debug({ pod: podRef(pod), container: container.name, type }, 'Probe worker started');
        void worker.run(this.options.signal).finally(() => {
          if (this.workers.get(key) === worker) this.workers.delete(key);
        });
      }
    }
  }

  /** Stops the pod's workers; their verdicts go with them. */
  removePod(uid: string): void {
    for (const [key, worker] of this.workers) {
      if (!key.startsWith(`${uid}/`)) continue;
      worker.stop();
      this.workers.delete(key);
    }
  }

  /**
   * Fills in `started` and `ready` of running containers: started once the startup probe succeeded (at
   * once without one); ready once started and the readiness probe succeeded (at once without one). A
   * readiness worker with no verdict for the instance yet is asked to probe now.
   */
  updatePodStatus(uid: string, statuses: ContainerStatus[]): void {
    for (const status of statuses) {
      if (status.state?.running === undefined || status.containerID === undefined) {
        status.started = false;
        status.ready = false;
        continue;
      }
      const startupWorker = this.workers.get(workerKey(uid, status.name, 'Startup'));
      const startup = this.startup.get(status.containerID);
      status.started = startup !== undefined ? startup === 'Success' : startupWorker === undefined;
      if (!status.started) {
        status.ready = false;
        continue;
      }
      const readinessWorker = this.workers.get(workerKey(uid, status.name, 'Readiness'));
      const readiness = this.readiness.get(status.containerID);
      if (readiness !== undefined) status.ready = readiness === 'Success';
      else {
        status.ready = readinessWorker === undefined;
        readinessWorker?.trigger();
      }
    }
  }

  failedProbe(containerID: string): 'liveness' | 'startup' | undefined {
    if (this.liveness.get(containerID) === 'Failure') return 'liveness';
    if (this.startup.get(containerID) === 'Failure') return 'startup';
    return undefined;
  }

  /**
   * Calls `listener` when a verdict that needs a pod sync changes: any readiness or startup change, and a
   * liveness Failure (a liveness success changes nothing the sync would do).
   */
  onUpdate(listener: (type: ProbeType, update: ResultUpdate) => void): void {
    this.readiness.onUpdate((u) => listener('Readiness', u));
    this.startup.onUpdate((u) => listener('Startup', u));
    this.liveness.onUpdate((u) => {
      if (u.result === 'Failure') listener('Liveness', u);
    });
  }

  /** Number of running workers (tests). */
  get workerCount(): number {
    return this.workers.size;
  }

  private resultsOf(type: ProbeType): ResultsManager {
    switch (type) {
      case 'Liveness':
        return this.liveness;
      case 'Readiness':
        return this.readiness;
      case 'Startup':
        return this.startup;
    }
  }
}

function workerKey(uid: string, container: string, type: ProbeType): string {
  return `${uid}/${container}/${type}`;
}

function podRef(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}
