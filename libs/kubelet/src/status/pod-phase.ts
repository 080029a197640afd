// The pod phase from its container statuses and restart policy, in the way the kubelet decides it.

import type { ContainerStatus, Pod, PodPhase } from '@groundkube/api';

/**
 * Pending while any container waits for its first run or has not been seen; Running while one runs (or all
 * stopped but will restart); Succeeded when all exited 0 and none restarts; Failed when all stopped, some
 * failed, and the policy is Never. Init containers: a failed one fails a Never pod, unfinished ones keep the
 * pod Pending.
 */
export function podPhase(
  pod: Pod,
  statuses: ContainerStatus[],
  initStatuses: ContainerStatus[] = [],
): PodPhase {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const previous = pod.status?.phase;
  // A terminal phase never goes back.
  if (previous === 'Succeeded' || previous === 'Failed') return previous;

  const inits = pod.spec?.initContainers ?? [];
  if (inits.length > 0) {
    for (const init of inits) {
      const status = initStatuses.find((s) => s.name === init.name);
      const terminated = status?.state?.terminated;
      if (terminated !== undefined && terminated.exitCode !== 0 && policy === 'Never') return 'Failed';
      if (terminated === undefined || terminated.exitCode !== 0) return 'Pending';
    }
  }

  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  let unknown = 0;
  for (const container of pod.spec?.containers ?? []) {
    const status = statuses.find((s) => s.name === container.name);
    const state = status?.state;
    if (status === undefined || state === undefined) {
      unknown++;
    } else if (state.running !== undefined) {
      running++;
    } else if (state.terminated !== undefined) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state.waiting !== undefined) {
      // A container waiting to restart has run before: it counts as stopped, not as never started.
      if (status.lastState?.terminated !== undefined) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
