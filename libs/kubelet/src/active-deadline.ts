// spec.activeDeadlineSeconds: how long a pod may be active on the node, counted from its startTime. Past
// it the kubelet fails the pod (phase Failed, reason DeadlineExceeded), which stops its containers.

import type { Pod } from '@groundkube/api';

export const DEADLINE_EXCEEDED_REASON = 'DeadlineExceeded';
export const DEADLINE_EXCEEDED_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/**
 * How long the pod has left before its active deadline, in ms (0 or less: the deadline has passed), or
 * undefined when it has no deadline. `startTime` is the pod's status.startTime (RFC 3339).
 */
export function activeDeadlineRemainingMs(pod: Pod, startTime: string, nowMs: number): number | undefined {
  const seconds = pod.spec?.activeDeadlineSeconds;
  const started = Date.parse(startTime);
  if (seconds === undefined || Number.isNaN(started)) return undefined;
  return started + seconds * 1000 - nowMs;
}
