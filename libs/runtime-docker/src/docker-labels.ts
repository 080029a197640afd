// How CRI objects are written onto Docker containers: names and labels as Kubernetes' Docker integration
// (dockershim, cri-dockerd) wrote them, plus our instance label so runtimes sharing one engine stay apart.

export const LABEL_DOCKER_TYPE = 'io.kubernetes.docker.type';
export const DOCKER_TYPE_SANDBOX = 'podsandbox';
export const DOCKER_TYPE_CONTAINER = 'container';
export const LABEL_SANDBOX_ID = 'io.kubernetes.sandbox.id';
export const LABEL_CONTAINER_LOG_PATH = 'io.kubernetes.container.logpath';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
/** Which runtime instance owns the object: every list and lookup is limited to our own. */
export const LABEL_RUNTIME_INSTANCE = 'io.groundkube.runtime.instance';
/** CRI metadata.attempt (also in the name, but a label is simpler to read back). */
export const LABEL_ATTEMPT = 'io.groundkube.runtime.attempt';
/** The image as the kubelet asked for it (ImageSpec.user_specified_image or image). */
export const LABEL_IMAGE = 'io.groundkube.runtime.image';
/** The sandbox's CRI log directory. */
export const LABEL_LOG_DIRECTORY = 'io.groundkube.runtime.log-directory';
/** CRI annotations live in Docker labels under this prefix. */
export const ANNOTATION_PREFIX = 'annotation.';

const INTERNAL_LABELS = new Set([
  LABEL_DOCKER_TYPE,
  LABEL_SANDBOX_ID,
  LABEL_CONTAINER_LOG_PATH,
  LABEL_RUNTIME_INSTANCE,
  LABEL_ATTEMPT,
  LABEL_IMAGE,
  LABEL_LOG_DIRECTORY,
]);

/** `k8s_POD_<pod>_<namespace>_<uid>_<attempt>` */
export function sandboxName(meta: { name: string; namespace: string; uid: string; attempt: number }): string {
  return `k8s_POD_${meta.name}_${meta.namespace}_${meta.uid}_${meta.attempt}`;
}

/** `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>` */
export function containerName(
  container: { name: string; attempt: number },
  pod: { name: string; namespace: string; uid: string },
): string {
  return `k8s_${container.name}_${pod.name}_${pod.namespace}_${pod.uid}_${container.attempt}`;
}

/** Docker labels for CRI labels + annotations + our internal ones. */
export function toDockerLabels(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  internal: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = { ...labels };
  for (const [k, v] of Object.entries(annotations)) out[`${ANNOTATION_PREFIX}${k}`] = v;
  return { ...out, ...internal };
}

/** Splits Docker labels back into the CRI labels and annotations (internal labels dropped). */
export function fromDockerLabels(docker: Record<string, string> | undefined): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(docker ?? {})) {
    if (k.startsWith(ANNOTATION_PREFIX)) annotations[k.slice(ANNOTATION_PREFIX.length)] = v;
    else if (!INTERNAL_LABELS.has(k)) labels[k] = v;
  }
  return { labels, annotations };
}
