// Writes pod statuses to the API server through pods/status, only when they changed, and deletes pods whose
// termination finished.

import type { Pod, PodStatus } from '@groundkube/api';
import { PODS, isConflict, isNotFound, type RestClient } from '@groundkube/client';
import { silentLogger, type Logger } from '@groundkube/logging';

import { sameStatus } from './pod-status';

export interface StatusManagerOptions {
  client: RestClient;
  logger?: Logger | undefined;
}

export class StatusManager {
  private readonly client: RestClient;
  private readonly log: Logger;
  /** The last status written per pod UID, to skip writes the server already has. */
  private readonly written = new Map<string, PodStatus>();

  constructor(options: StatusManagerOptions) {
    this.client = options.client;
    this.log = (options.logger ?? silentLogger()).child({ component: 'status-manager' });
  }

  /**
   * Writes `status` unless the pod (or our last write) already carries it. PUT with the pod's
   * resourceVersion; on conflict re-reads the pod and tries again. A pod that is gone (404, other uid) is
   * skipped. Returns the pod as the server stored it, or undefined when nothing was written.
   */
  async setPodStatus(pod: Pod, status: PodStatus, signal?: AbortSignal): Promise<Pod | undefined> {
    const uid = pod.metadata.uid ?? '';
    if (sameStatus(this.written.get(uid), status)) return undefined;
    if (sameStatus(pod.status, status)) {
      this.written.set(uid, status);
      return undefined;
    }
    const target = { resource: PODS, namespace: pod.metadata.namespace, name: pod.metadata.name };
    let current = pod;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const stored = await this.client.updateStatus<Pod>(target, { ...current, status }, { signal });
        this.written.set(uid, status);
        this.log.debug(
          { pod: `${target.namespace}/${target.name}`, phase: status.phase },
          'Pod status updated',
        );
        return stored;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        if (!isConflict(err)) throw err;
      }
      try {
        current = await this.client.get<Pod>(target, { signal });
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
      if (current.metadata.uid !== uid) return undefined;
      if (sameStatus(current.status, status)) return undefined;
    }
    throw new Error(`pod ${target.namespace}/${target.name}: status update kept conflicting`);
  }

  /** The last status written (or confirmed) for the pod. */
  lastStatus(uid: string): PodStatus | undefined {
    return this.written.get(uid);
  }

  /**
   * Finishes a graceful deletion: DELETE with grace period 0 and the uid as precondition, so a new pod with
   * the same name is never hit. Already gone (404) or replaced (409) is fine.
   */
  async deletePod(pod: Pod, signal?: AbortSignal): Promise<void> {
    const target = { resource: PODS, namespace: pod.metadata.namespace, name: pod.metadata.name };
    try {
      await this.client.delete(
        target,
        { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } },
        { signal },
      );
      this.log.debug({ pod: `${target.namespace}/${target.name}` }, 'Pod deleted from the API');
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  forget(uid: string): void {
    this.written.delete(uid);
  }
}
