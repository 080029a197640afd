// Why a container has no log yet, in the words users see from `kubectl logs` on a pod that has not started.

import type { Pod } from '@groundkube/api';

/**
 * The message for a container that has never run, from the waiting reason in the pod's last reported
 * status: a failing pull is named as such, any other reason (ContainerCreating, CreateContainerError, …) is
 * given as is.
 */
export function waitingToStartMessage(pod: Pod, container: string): string {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const reason = statuses.find((s) => s.name === container)?.state?.waiting?.reason || 'ContainerCreating';
  const subject = `container "${container}" in pod "${pod.metadata.name ?? ''}" is waiting to start`;
  switch (reason) {
    case 'ErrImagePull':
      return `${subject}: image can't be pulled`;
    case 'ImagePullBackOff':
      return `${subject}: trying and failing to pull image`;
    default:
      return `${subject}: ${reason}`;
  }
}
