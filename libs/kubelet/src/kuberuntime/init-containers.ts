// Where a pod stands in its initialisation: which init container runs next, and whether they all finished.
// Regular init containers run one at a time, in spec order, each to a successful exit, before any main
// container starts.

import type { Container, Pod } from '@groundkube/api';
import type { RuntimeContainerStatus, RuntimePodStatus } from './runtime-pod';

export interface InitProgress {
  /** Every init container succeeded (or the main containers already run): the main containers may start. */
  done: boolean;
  /** The init container to (re)start now, with its index in spec.initContainers. */
  next?: { container: Container; index: number };
  /** The newest instance of `next` when it failed: a restart, subject to the restart policy and back-off. */
  failed?: RuntimeContainerStatus;
}

/** A sidecar: an init container with restartPolicy Always, which keeps running beside the main containers. */
export function isRestartableInitContainer(container: Container): boolean {
  return container.restartPolicy === 'Always';
}

/**
 * An init container instance that did not succeed: a non-zero exit, an OOM kill (whatever the code), or a
 * state the runtime cannot tell (it is killed and run again).
 */
export function isInitContainerFailed(status: RuntimeContainerStatus): boolean {
  if (status.reason === 'OOMKilled') return true;
  if (status.state === 'exited' && status.exitCode !== 0) return true;
  return status.state === 'unknown';
}

/**
 * The init container to run next, judged from the newest instance of each. A main container that runs
 * proves the init containers ran before, even if their instances are gone, so they are not run again.
 * A failed one comes first (the last failed in spec order, as the kubelet picks it); otherwise the one after
 * the last that exited, or the first when none ran. One still running means wait.
 * Pure, like computePodActions.
 */
export function findNextInitContainerToRun(pod: Pod, status: RuntimePodStatus): InitProgress {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return { done: true };
  const newest = (name: string) => status.containers.find((c) => c.name === name);

  for (const container of pod.spec?.containers ?? []) {
    if (newest(container.name)?.state === 'running') return { done: true };
  }

  const lastToFirst = [...inits.entries()].reverse();
  for (const [index, container] of lastToFirst) {
    const last = newest(container.name);
    if (last !== undefined && isInitContainerFailed(last)) {
      return { done: false, next: { container, index }, failed: last };
    }
  }

  for (const [index, container] of lastToFirst) {
    const last = newest(container.name);
    if (last === undefined || last.state === 'created') continue;
    if (last.state === 'running') return { done: false };
    const following = inits[index + 1];
    if (following === undefined) return { done: true };
    return { done: false, next: { container: following, index: index + 1 } };
  }
  const [first] = inits;
  return first === undefined ? { done: true } : { done: false, next: { container: first, index: 0 } };
}
