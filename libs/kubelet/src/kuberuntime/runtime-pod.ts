// The kubelet's view of what the container runtime holds for one pod, built from CRI list/status calls.
// Pure data: the runtime manager fills it, the status code and syncPod read it.

export type SandboxState = 'ready' | 'notready';
export type RuntimeContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface RuntimeSandboxStatus {
  /** CRI sandbox id. */
  id: string;
  /** Increments each time the kubelet re-creates the pod's sandbox. */
  attempt: number;
  state: SandboxState;
  createdAt: Date;
  /** The pod IP while the sandbox is ready (empty for a dead sandbox). */
  ip: string;
}

export interface RuntimeContainerStatus {
  /** CRI container id. */
  id: string;
  /** As the API shows it: `<runtime>://<id>`, e.g. `docker://3f2a…`. */
  containerID: string;
  /** Sandbox the container runs in. */
  sandboxId: string;
  /** The container's name in the pod spec. */
  name: string;
  /** 0 for the first run of this container in the pod, then 1, 2, … (the restart count). */
  attempt: number;
  state: RuntimeContainerState;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  exitCode: number;
  /** CamelCase reason for the state, e.g. Completed, Error, OOMKilled, StartError (the start failed). */
  reason: string;
  message: string;
  /** The image as the spec named it. */
  image: string;
  /** The image's id or digest (e.g. `docker-pullable://busybox@sha256:…`): the API's imageID. */
  imageID: string;
  /** Host path of the container's log (CRI format symlink; see readContainerLogs). */
  logPath: string;
  /** Hash of the container spec that created it (annotation), to notice spec changes. */
  hash: string;
}

/** Everything the runtime knows of one pod (kubecontainer.PodStatus). Lists are newest first. */
export interface RuntimePodStatus {
  uid: string;
  name: string;
  namespace: string;
  /** Pod IPs from the newest ready sandbox; empty if none. */
  ips: string[];
  sandboxes: RuntimeSandboxStatus[];
  containers: RuntimeContainerStatus[];
  /** When this status was read (from the injected clock). */
  timestamp: Date;
}

/** A pod as found in the runtime by labels, without detail: for adoption after a restart and orphan cleanup. */
export interface RuntimePod {
  uid: string;
  name: string;
  namespace: string;
  sandboxes: { id: string; state: SandboxState; attempt: number; createdAt: Date }[];
  containers: {
    id: string;
    name: string;
    state: RuntimeContainerState;
    attempt: number;
    sandboxId: string;
    image: string;
    /** The pod's grace period as recorded on the container when it was created (for orphans). */
    terminationGracePeriodSeconds?: number;
  }[];
}

/** An empty status for a pod the runtime does not hold (nothing created yet). */
export function emptyPodStatus(uid: string, name: string, namespace: string, now: Date): RuntimePodStatus {
  return { uid, name, namespace, ips: [], sandboxes: [], containers: [], timestamp: now };
}

/** The newest status of the named container (the current or last instance), if any. */
export function findContainerStatus(
  status: RuntimePodStatus,
  name: string,
): RuntimeContainerStatus | undefined {
  return status.containers.find((c) => c.name === name);
}
