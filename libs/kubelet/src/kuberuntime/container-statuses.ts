import type {
  Container,
  ContainerState,
  ContainerStateTerminated,
  ContainerStatus,
  Pod,
} from '@groundkube/api';
import { restartPolicyOf, shouldRestart } from './pod-actions';
import type { RuntimeContainerStatus, RuntimePodStatus } from './runtime-pod';

export interface ToContainerStatusesOptions {
  /**
   * Why each container is not running, from the last sync (SyncResult.waitingReasons()): ErrImagePull,
   * CrashLoopBackOff, … Containers without an entry and without a runtime instance show ContainerCreating,
   * or PodInitializing in a pod with init containers.
   */
  waitingReasons?: ReadonlyMap<string, { reason: string; message: string }>;
  /** Readiness from the prober; undefined (or no entry) means ready when running. */
  readiness?: (containerName: string) => boolean | undefined;
}

/** RFC 3339 with second precision, as the API writes times. */
export function apiTime(date: Date | undefined): string | undefined {
  if (date === undefined) return undefined;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const EPOCH = '1970-01-01T00:00:00Z';

function terminated(c: RuntimeContainerStatus): ContainerStateTerminated {
  const out: ContainerStateTerminated = {
    exitCode: c.exitCode,
    reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
    containerID: c.containerID,
  };
  if (c.message) out.message = c.message;
  // As the real kubelet does, a time the runtime does not know (a container that never started) is the Unix
  // epoch, not absent: kubectl describe then shows 1970, as it does against Kubernetes.
  out.startedAt = apiTime(c.startedAt) ?? EPOCH;
  out.finishedAt = apiTime(c.finishedAt) ?? EPOCH;
  return out;
}

/**
 * The API ContainerStatus of every container in the pod spec (spec order) from what the runtime holds:
 * state (waiting / running / terminated), lastState (the previous instance's exit), ready, started,
 * restartCount (the attempt number of the newest instance), image, imageID and containerID
 * (`docker://…`). Pure; the status manager derives phase and conditions from the result.
 */
export function toContainerStatuses(
  pod: Pod,
  status: RuntimePodStatus,
  options: ToContainerStatusesOptions = {},
): ContainerStatus[] {
  const policy = restartPolicyOf(pod);
  return convert(pod, pod.spec?.containers ?? [], status, options, {
    restarts: (exitCode) => shouldRestart(policy, exitCode),
    ready: (name) => options.readiness?.(name) ?? true,
    readyWhenCompleted: false,
  });
}

/**
 * The API status of every init container (spec order), as toContainerStatuses does for the main ones. An
 * init container that exited 0 is done: ready, never restarted. A failed one waits to run again unless the
 * pod's policy is Never. A running one is started but not ready (readiness is for sidecars).
 */
export function toInitContainerStatuses(
  pod: Pod,
  status: RuntimePodStatus,
  options: ToContainerStatusesOptions = {},
): ContainerStatus[] {
  const policy = restartPolicyOf(pod);
  return convert(pod, pod.spec?.initContainers ?? [], status, options, {
    restarts: (exitCode) => policy !== 'Never' && exitCode !== 0,
    ready: () => false,
    readyWhenCompleted: true,
  });
}

interface ContainerKind {
  /** Whether an instance that exited with this code runs again (its waiting reason then shows). */
  restarts: (exitCode: number) => boolean;
  /** Readiness of a running instance. */
  ready: (name: string) => boolean;
  /** Whether an instance that exited 0 counts as ready (a finished init container does). */
  readyWhenCompleted: boolean;
}

function convert(
  pod: Pod,
  specs: Container[],
  status: RuntimePodStatus,
  options: ToContainerStatusesOptions,
  kind: ContainerKind,
): ContainerStatus[] {
  const reasons = options.waitingReasons ?? new Map<string, { reason: string; message: string }>();
  // As the real kubelet does, every container of a pod with init containers waits "PodInitializing" until
  // it has an instance of its own.
  const defaultReason = (pod.spec?.initContainers ?? []).length > 0 ? 'PodInitializing' : 'ContainerCreating';
  return specs.map((container) => {
    const instances = status.containers.filter((c) => c.name === container.name);
    const current = instances[0];
    const previous = instances[1];
    const waiting = reasons.get(container.name);
    const base: ContainerStatus = {
      name: container.name,
      ready: false,
      restartCount: current?.attempt ?? 0,
      image: container.image ?? current?.image ?? '',
      imageID: current?.imageID ?? '',
      started: false,
    };
    if (!current) {
      base.state = {
        waiting: {
          reason: waiting?.reason ?? defaultReason,
          ...(waiting?.message ? { message: waiting.message } : {}),
        },
      };
      return base;
    }
    base.containerID = current.containerID;
    const lastState: ContainerState | undefined = previous ? { terminated: terminated(previous) } : undefined;

    switch (current.state) {
      case 'running': {
        base.state = { running: { startedAt: apiTime(current.startedAt ?? current.createdAt) ?? '' } };
        base.ready = kind.ready(container.name);
        base.started = true;
        if (lastState) base.lastState = lastState;
        return base;
      }
      case 'exited':
        // A container that will not run again (Never, or OnFailure after exit 0) shows its exit, not the
        // reason its last start failed: that failure is the exit (StartError), as the real kubelet shows it.
        if (waiting && kind.restarts(current.exitCode)) {
          // Waiting to run again (back-off, pull error): the exit that just happened is the last state.
          base.state = {
            waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) },
          };
          base.lastState = { terminated: terminated(current) };
        } else {
          base.state = { terminated: terminated(current) };
          if (lastState) base.lastState = lastState;
          base.ready = kind.readyWhenCompleted && current.exitCode === 0;
        }
        return base;
      case 'created':
        base.state = {
          waiting: {
            reason: waiting?.reason ?? 'ContainerCreating',
            ...(waiting?.message ? { message: waiting.message } : {}),
          },
        };
        if (lastState) base.lastState = lastState;
        return base;
      default:
        base.state = {
          terminated: {
            exitCode: 137,
            reason: 'ContainerStatusUnknown',
            message: 'The container could not be located when the pod was terminated',
            containerID: current.containerID,
          },
        };
        if (lastState) base.lastState = lastState;
        return base;
    }
  });
}
