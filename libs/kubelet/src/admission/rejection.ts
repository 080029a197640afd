// The status the kubelet writes for a pod it refuses at admission. The real kubelet hands such a pod to no
// worker, so this is its whole status: phase, reason, message, QoS class and start time, with no container
// statuses (kubectl then shows the reason, e.g. NodePorts or OutOfcpu, as the pod's STATUS) and none of the
// kubelet's own conditions (its status manager drops those of the old status and the new one has none).

import type { Pod, PodStatus } from '@groundkube/api';

import { KUBELET_CONDITION_TYPES } from '../status/pod-conditions';
import { qosClass } from '../status/pod-status';

/** `message` is the admission check's own (the event's); the status prefixes it as the real kubelet does. */
export function rejectedPodStatus(pod: Pod, reason: string, message: string, now: string): PodStatus {
  const previous = pod.status ?? {};
  const status: PodStatus = {
    phase: 'Failed',
    reason,
    message: `Pod was rejected: ${message}`,
    qosClass: previous.qosClass ?? qosClass(pod),
    startTime: previous.startTime ?? now,
  };
  const others = (previous.conditions ?? []).filter((c) => !KUBELET_CONDITION_TYPES.includes(c.type));
  if (others.length > 0) status.conditions = others;
  return status;
}
