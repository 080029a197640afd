// Labels and annotations the kubelet puts on CRI sandboxes and containers (the names Kubernetes uses),
// so it can find its pods again after a restart.

export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';

export const ANNOTATION_CONTAINER_HASH = 'io.kubernetes.container.hash';
export const ANNOTATION_CONTAINER_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const ANNOTATION_POD_TERMINATION_GRACE_PERIOD = 'io.kubernetes.pod.terminationGracePeriod';
export const ANNOTATION_CONTAINER_TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const ANNOTATION_CONTAINER_TERMINATION_MESSAGE_POLICY =
  'io.kubernetes.container.terminationMessagePolicy';

export interface PodIdentity {
  uid: string;
  name: string;
  namespace: string;
}

/** Reads the pod identity back from CRI labels; undefined for objects the kubelet did not create. */
export function podIdentityFromLabels(labels: Record<string, string>): PodIdentity | undefined {
  const uid = labels[LABEL_POD_UID];
  const name = labels[LABEL_POD_NAME];
  const namespace = labels[LABEL_POD_NAMESPACE];
  if (!uid || !name || namespace === undefined) return undefined;
  return { uid, name, namespace };
}
