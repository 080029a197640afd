// The latest verdict of one probe kind per container instance, as the workers publish it.

import type { Pod } from '@groundkube/api';

/**
 * What a probe concluded once its thresholds were passed. `Unknown` is a startup probe's verdict before it
 * has succeeded or failed for good: the container is not started yet, and not to be killed either.
 */
export type ProbeVerdict = 'Success' | 'Failure' | 'Unknown';

export interface ResultUpdate {
  /** The instance, `docker://…`: a restarted container is a new key and starts over. */
  containerID: string;
  result: ProbeVerdict;
  pod: Pod;
}

/**
 * Verdicts keyed by container ID. `set` tells the listeners only when a verdict changes, so a probe that keeps
 * failing costs one pod sync, not one per period.
 */
export class ResultsManager {
  private readonly results = new Map<string, ProbeVerdict>();
  private readonly listeners: ((update: ResultUpdate) => void)[] = [];

  get(containerID: string): ProbeVerdict | undefined {
    return this.results.get(containerID);
  }

  set(containerID: string, result: ProbeVerdict, pod: Pod): void {
    if (this.results.get(containerID) === result) return;
    this.results.set(containerID, result);
    for (const listener of this.listeners) listener({ containerID, result, pod });
  }

  remove(containerID: string): void {
    this.results.delete(containerID);
  }

  /** Calls `listener` on every change; returns the function that unsubscribes it. */
  onUpdate(listener: (update: ResultUpdate) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}
