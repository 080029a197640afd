// The kubelet's view of the container runtime manager (engineer C's KubeRuntimeManager in ./kuberuntime
// satisfies it). The sync loop, pod workers, status manager and log server only use this interface, so their
// tests run against a fake runtime.

import type { Writable } from 'node:stream';

import type { ContainerStatus, Pod } from '@groundkube/api';

import type { ContainerHealth } from './kuberuntime/pod-actions';
import type { RuntimePod, RuntimePodStatus } from './kuberuntime/runtime-pod';
import type { PodEventSink, SyncResult } from './kuberuntime/sync-result';

export interface PodIdentity {
  uid: string;
  name: string;
  namespace: string;
}

export interface RuntimeVersion {
  /** e.g. "docker" */
  runtimeName: string;
  /** e.g. "20.10.24" */
  runtimeVersion: string;
}

export interface ContainerLogOptions {
  follow?: boolean | undefined;
  tailLines?: number | undefined;
  sinceSeconds?: number | undefined;
  sinceTime?: Date | undefined;
  timestamps?: boolean | undefined;
  previous?: boolean | undefined;
  limitBytes?: number | undefined;
}

/** Runs commands in containers (exec probes). */
export interface ContainerCommandRunner {
  /**
   * Runs `cmd` in the container (its runtime ID, without the `docker://` scheme) and returns its combined
   * stdout and stderr and its exit code. Rejects with CommandTimeoutError when the command outlives
   * `timeoutSeconds`, with the runtime's error when the container cannot run it (not running, gone).
   */
  runInContainer(
    containerId: string,
    cmd: string[],
    timeoutSeconds: number,
    signal?: AbortSignal,
  ): Promise<{ output: string; exitCode: number }>;
}

/** The command ran past its timeout; the message is the kubelet's: `command ["sleep" "10"] timed out`. */
export class CommandTimeoutError extends Error {
  readonly code = 'KUBELET_COMMAND_TIMEOUT';

  constructor(cmd: string[], options?: ErrorOptions) {
    super(`command [${cmd.map((a) => JSON.stringify(a)).join(' ')}] timed out`, options);
    this.name = 'CommandTimeoutError';
  }
}

export interface StopPodOptions {
  gracePeriodSeconds?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Posts each event as it happens: the Killing event comes before the container stops, not after. */
  events?: PodEventSink | undefined;
}

export interface PodRuntime extends ContainerCommandRunner {
  version(signal?: AbortSignal): Promise<RuntimeVersion>;

  /** Every pod the runtime holds that the kubelet created (found by CRI labels), running or not. */
  getPods(signal?: AbortSignal): Promise<RuntimePod[]>;

  /** Detailed status of one pod; an empty status when the runtime holds nothing for it. */
  getPodStatus(pod: PodIdentity, signal?: AbortSignal): Promise<RuntimePodStatus>;

  /**
   * Moves the runtime towards the pod spec: sandbox, volumes, images, containers, restarts with crash-loop
   * back-off. Container-level failures land in the result, not in a rejection. Aborting stops between steps.
   * `health` names the running containers a liveness or startup probe failed: they are killed (and restarted
   * by a later sync under the restart policy). With `events`, each event is posted as it happens (and
   * the result's `unposted` is empty).
   */
  syncPod(
    pod: Pod,
    status: RuntimePodStatus,
    signal?: AbortSignal,
    health?: ContainerHealth,
    events?: PodEventSink,
  ): Promise<SyncResult>;

  /**
   * Stops every container of the pod (TERM, then KILL after the grace period), then removes its containers
   * and sandboxes. `pod` may be only the runtime pod (an orphan whose API object is gone).
   */
  killPod(pod: Pod | RuntimePod, options: StopPodOptions): Promise<SyncResult>;

  /**
   * Stops a finished pod's running containers (TERM, then KILL after the grace period) and its sandboxes,
   * keeping the exited containers (logs, final state) until the pod is deleted.
   */
  stopPod(pod: Pod, options: StopPodOptions): Promise<SyncResult>;

  /** Removes what a killed pod left on the node (volumes, logs) once it is gone for good. */
  cleanupPod(pod: PodIdentity, signal?: AbortSignal): Promise<void>;

  /** API container statuses from runtime state (the converter); `result` gives waiting reasons. */
  toContainerStatuses(pod: Pod, status: RuntimePodStatus, result?: SyncResult | undefined): ContainerStatus[];

  /** The same for the pod's init containers (status.initContainerStatuses). */
  toInitContainerStatuses(
    pod: Pod,
    status: RuntimePodStatus,
    result?: SyncResult | undefined,
  ): ContainerStatus[];

  /**
   * Writes the container's log to `out` (follows until the container ends or the signal aborts). Rejects
   * with ContainerNotStartedError when the container has never run on this node.
   */
  readContainerLogs(
    pod: PodIdentity,
    container: string,
    options: ContainerLogOptions,
    out: Writable,
    signal?: AbortSignal,
  ): Promise<void>;
}

/** The container has no instance yet (its image is still being pulled, say): there is no log to read. */
export class ContainerNotStartedError extends Error {
  readonly code = 'KUBELET_CONTAINER_NOT_STARTED';

  constructor(
    readonly pod: string,
    readonly container: string,
  ) {
    super(`container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`);
  }
}
