// What one syncPod/killPod did, for events and for the waiting reasons shown in container statuses.

import type { Pod } from '@groundkube/api';

export type PodEventType = 'Normal' | 'Warning';

/** Event reasons as the real kubelet records them. */
export type PodEventReason =
  | 'Pulling'
  | 'Pulled'
  | 'Failed'
  | 'BackOff'
  | 'Created'
  | 'Started'
  | 'Killing'
  | 'SandboxChanged'
  | 'FailedCreatePodSandBox'
  | 'FailedMount'
  | 'FailedKillPod'
  | 'InspectFailed'
  | 'ErrImageNeverPull'
  | 'FailedPostStartHook'
  | 'FailedPreStopHook';

/**
 * One event to post about the pod; `fieldPath` is set for container events: `spec.containers{name}`, or
 * `spec.initContainers{name}` for an init container.
 */
export interface PodEvent {
  type: PodEventType;
  reason: PodEventReason;
  message: string;
  fieldPath?: string;
}

/**
 * Posts an event as it happens (the kubelet's recorder): a Killing event must not wait for the kill to end.
 */
export type PodEventSink = (event: PodEvent) => void;

/** Why a container is waiting (or failed to start) as shown in its status: ContainerStatus.state.waiting. */
export type WaitingReason =
  | 'ContainerCreating'
  | 'PodInitializing'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'ErrImageNeverPull'
  | 'InvalidImageName'
  | 'CrashLoopBackOff'
  | 'CreateContainerConfigError'
  | 'CreateContainerError'
  | 'RunContainerError'
  | 'PreStartHookError'
  | 'PostStartHookError';

export type SyncAction =
  'CreatePodSandbox' | 'KillPodSandbox' | 'PullImage' | 'StartContainer' | 'KillContainer' | 'SetupVolumes';

/** One step that failed (or was held back) for one container or the sandbox. */
export interface SyncFailure {
  action: SyncAction;
  /** Container name; unset for sandbox steps. */
  container?: string;
  reason:
    | WaitingReason
    | 'CreatePodSandboxError'
    | 'KillPodSandboxError'
    | 'KillContainerError'
    | 'VolumeSetupError';
  message: string;
}

/**
 * The outcome of one syncPod or killPod. It does not throw for container-level failures: they land in
 * `failures` (and `events`), so one bad container does not hide what happened to the others.
 */
export class SyncResult {
  readonly events: PodEvent[] = [];
  readonly failures: SyncFailure[] = [];
  /** Containers started in this sync. */
  readonly started: string[] = [];
  /** Containers killed in this sync. */
  readonly killed: string[] = [];
  /** Set when a new sandbox was created (the pod got a new IP). */
  sandboxCreated?: { id: string; ip: string };
  /** When a step held back by a back-off may go ahead: the soonest of those recorded with `holdBack`. */
  retryAfterMs?: number;
  /** The pod's init container names, whose events point at spec.initContainers. */
  private readonly initContainers: ReadonlySet<string>;

  /** How many of `events` (the first ones) went to the sink as they were recorded. */
  private posted = 0;

  /**
   * `pod` (when known) tells init containers from main ones in event field paths. With a `sink`, each event
   * is posted when recorded, not when the sync ends; `unposted` then stays empty.
   */
  constructor(
    pod?: Pod,
    private readonly sink?: PodEventSink,
  ) {
    this.initContainers = new Set((pod?.spec?.initContainers ?? []).map((c) => c.name));
  }

  /** The events no sink has posted yet: the caller records these once the sync is done. */
  get unposted(): PodEvent[] {
    return this.events.slice(this.posted);
  }

  get ok(): boolean {
    return this.failures.length === 0;
  }

  event(type: PodEventType, reason: PodEventReason, message: string, container?: string): void {
    const event: PodEvent =
      container === undefined
        ? { type, reason, message }
        : {
            type,
            reason,
            message,
            fieldPath: containerFieldPath(container, this.initContainers.has(container)),
          };
    this.events.push(event);
    if (this.sink !== undefined && this.posted === this.events.length - 1) {
      this.sink(event);
      this.posted++;
    }
  }

  fail(failure: SyncFailure): void {
    this.failures.push(failure);
  }

  /** Records that a step is backing off for `ms` more: looking again sooner would only repeat the BackOff. */
  holdBack(ms: number): void {
    this.retryAfterMs = this.retryAfterMs === undefined ? ms : Math.min(this.retryAfterMs, ms);
  }

  /** The waiting reason per container from this sync's failures (for toContainerStatuses). */
  waitingReasons(): Map<string, { reason: string; message: string }> {
    const out = new Map<string, { reason: string; message: string }>();
    for (const f of this.failures) {
      if (f.container !== undefined) out.set(f.container, { reason: f.reason, message: f.message });
    }
    return out;
  }

  /** A one-line summary of the failures, or '' when ok. */
  errorMessage(): string {
    return this.failures
      .map((f) => `${f.action}${f.container ? ` ${f.container}` : ''}: ${f.reason}: ${f.message}`)
      .join('; ');
  }
}

export function containerFieldPath(container: string, init = false): string {
  return init ? `spec.initContainers{${container}}` : `spec.containers{${container}}`;
}
