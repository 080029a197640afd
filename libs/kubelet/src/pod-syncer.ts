// The kubelet's three per-pod steps (syncPod, syncTerminatingPod, syncTerminatedPod) over the runtime, the
// status manager and the event recorder.

import type { Pod } from '@groundkube/api';
import { realClock, type Clock } from '@groundkube/client';
import { silentLogger, type Logger } from '@groundkube/logging';

import {
  activeDeadlineRemainingMs,
  DEADLINE_EXCEEDED_MESSAGE,
  DEADLINE_EXCEEDED_REASON,
} from './active-deadline';
import { podReference, type EventRecorder } from './events/event-recorder';
import type { RuntimePod, RuntimePodStatus } from './kuberuntime/runtime-pod';
import type { PodEventSink, SyncResult } from './kuberuntime/sync-result';
import type { PodRuntime } from './pod-runtime';
import type { PodSyncer, SyncOutcome } from './pod-workers/pod-workers';
import type { ProberManager } from './prober/prober-manager';
import { generatePodStatus } from './status/pod-status';
import type { StatusManager } from './status/status-manager';

export interface KubeletPodSyncerOptions {
  runtime: PodRuntime;
  statusManager: StatusManager;
  recorder: EventRecorder;
  hostIPs: string[];
  /** Liveness, readiness and startup probes; without it a running container is ready. */
  prober?: ProberManager | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** How soon to look again at a pod that is not fully running yet. Default 1 s. */
  startingRequeueMs?: number | undefined;
  /**
   * How soon, at the latest, to look again at a pod whose sync failed (a failed pull, a crash-looping
   * container). Default 10 s, the real kubelet's; a back-off that ends sooner brings the next sync forward.
   */
  failedRequeueMs?: number | undefined;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class KubeletPodSyncer implements PodSyncer {
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(private readonly options: KubeletPodSyncerOptions) {
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? silentLogger()).child({ component: 'pod-syncer' });
  }

  async syncPod(pod: Pod, signal: AbortSignal): Promise<SyncOutcome> {
    const { runtime } = this.options;
    const identity = identityOf(pod);
    // startTime is when the kubelet took the pod on, before any container starts; the informer's copy may
    // not show the one written last time yet, so the status manager's is asked too.
    const startTime =
      pod.status?.startTime ??
      this.options.statusManager.lastStatus(identity.uid)?.startTime ??
      rfc3339(this.clock.now());
    const deadlineMs = activeDeadlineRemainingMs(pod, startTime, this.clock.now());
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (deadlineMs !== undefined && deadlineMs <= 0 && !finished) {
      return this.failPastDeadline(pod, startTime, signal);
    }
    const before = await runtime.getPodStatus(identity, signal);
    // A pod the API already shows as finished is not started again.
    let result: SyncResult | undefined;
    if (!finished) {
      this.options.prober?.addPod(pod);
      result = await runtime.syncPod(pod, before, signal, this.options.prober, this.eventSink(pod));
      this.recordEvents(pod, result);
    }
    const after = await runtime.getPodStatus(identity, signal);
    const status = this.statusFor(pod, after, result, startTime);
    await this.options.statusManager.setPodStatus(pod, status, signal);

    const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
    const allReady = (status.containerStatuses ?? []).every((c) => c.ready);
    if (terminal) return { terminal, requeueAfterMs: undefined };
    // Look again when the active deadline passes, if nothing brings the pod back sooner.
    const delay = this.requeueDelay(result, allReady);
    const untilDeadline = deadlineMs === undefined ? undefined : Math.max(0, deadlineMs);
    const requeueAfterMs =
      untilDeadline === undefined ? delay : Math.min(delay ?? untilDeadline, untilDeadline);
    return { terminal, requeueAfterMs };
  }

  /**
   * The pod outlived spec.activeDeadlineSeconds: it fails (phase Failed, reason DeadlineExceeded) with a
   * Normal DeadlineExceeded event, as the kubelet's active deadline handler does; the worker then stops it.
   */
  private async failPastDeadline(pod: Pod, startTime: string, signal: AbortSignal): Promise<SyncOutcome> {
    this.log.debug({ pod: `${pod.metadata.namespace}/${pod.metadata.name}` }, 'Pod past its active deadline');
    this.options.recorder.event(
      podReference(pod),
      'Normal',
      DEADLINE_EXCEEDED_REASON,
      DEADLINE_EXCEEDED_MESSAGE,
    );
    const now = await this.options.runtime.getPodStatus(identityOf(pod), signal);
    const status = {
      ...this.statusFor(pod, now, undefined, startTime),
      phase: 'Failed' as const,
      reason: DEADLINE_EXCEEDED_REASON,
      message: DEADLINE_EXCEEDED_MESSAGE,
    };
    await this.options.statusManager.setPodStatus(pod, status, signal);
    return { terminal: true, requeueAfterMs: undefined };
  }

  /**
   * A pod still starting is looked at again soon; one whose sync failed waits for its back-off (at most
   * failedRequeueMs), so a bad image or a crash loop costs a sync, and a BackOff event, every few seconds
   * rather than every second; a running pod waits for the next change or resync.
   */
  private requeueDelay(result: SyncResult | undefined, allReady: boolean): number | undefined {
    const startingMs = this.options.startingRequeueMs ?? 1000;
    if (result !== undefined && !result.ok) {
      const failedMs = this.options.failedRequeueMs ?? 10_000;
      return Math.max(startingMs, Math.min(result.retryAfterMs ?? failedMs, failedMs));
    }
    return allReady ? undefined : startingMs;
  }

  async syncTerminatingPod(
    pod: Pod | undefined,
    runtimePod: RuntimePod | undefined,
    gracePeriodSeconds: number | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    const { runtime } = this.options;
    const target = pod ?? runtimePod;
    if (target === undefined) return;
    this.options.prober?.removePod(pod?.metadata.uid ?? runtimePod?.uid ?? '');
    if (pod !== undefined) {
      // Stop what runs but keep the exited containers: their final states are reported before anything is
      // removed, so watchers see the containers terminated and the pod not ready (a finished pod keeps them,
      // with its logs, until it is deleted; a deleted one loses them in syncTerminatedPod).
      const stopped = await runtime.stopPod(pod, { gracePeriodSeconds, signal, events: this.eventSink(pod) });
      this.recordEvents(pod, stopped);
      if (!stopped.ok) throw new Error(`stopping pod failed: ${stopped.errorMessage()}`);
      await this.reportStopped(pod, signal);
      return;
    }
    // Only the runtime knows this pod (an orphan): there is no status to report.
    const result = await runtime.killPod(target, { gracePeriodSeconds, signal });
    if (!result.ok) throw new Error(`killing pod failed: ${result.errorMessage()}`);
  }

  async syncTerminatedPod(
    pod: Pod | undefined,
    runtimePod: RuntimePod | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    const uid = pod?.metadata.uid ?? runtimePod?.uid;
    const target = pod ?? runtimePod;
    if (uid === undefined || target === undefined) return;
    const { runtime, statusManager } = this.options;
    this.options.prober?.removePod(uid);
    // Finished but not deleted: the API pod stays (with its final status) until someone deletes it.
    if (pod !== undefined && this.isFinishedNotDeleted(pod)) return;

    // Removes what a finished pod kept (exited containers, sandbox); a no-op after a kill.
    const result = await runtime.killPod(target, { gracePeriodSeconds: 0, signal });
    if (!result.ok) throw new Error(`removing pod failed: ${result.errorMessage()}`);
    const identity = pod ? identityOf(pod) : runtimePod!;
    await runtime.cleanupPod({ uid, name: identity.name, namespace: identity.namespace }, signal);
    if (pod !== undefined) {
      await statusManager.deletePod(pod, signal);
      this.log.debug({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, podUID: uid }, 'Pod removed');
    }
  }

  /** Writes the status of a stopped pod as the runtime shows it: containers terminated, none ready. */
  private async reportStopped(pod: Pod, signal: AbortSignal): Promise<void> {
    const identity = identityOf(pod);
    const startTime =
      pod.status?.startTime ??
      this.options.statusManager.lastStatus(identity.uid)?.startTime ??
      rfc3339(this.clock.now());
    const stopped = await this.options.runtime.getPodStatus(identity, signal);
    // The status written last (IP, phase) may not be in the informer's copy yet: build on it.
    const written = this.options.statusManager.lastStatus(identity.uid);
    const latest = written === undefined ? pod : { ...pod, status: { ...pod.status, ...written } };
    await this.options.statusManager.setPodStatus(
      pod,
      this.statusFor(latest, stopped, undefined, startTime),
      signal,
    );
  }

  /** Finished (by the API's phase, or the one we just wrote, which the informer may not show yet), not deleted. */
  private isFinishedNotDeleted(pod: Pod): boolean {
    const phase = pod.status?.phase ?? 'Pending';
    const written = this.options.statusManager.lastStatus(pod.metadata.uid ?? '')?.phase;
    const finished = (p: string | undefined): boolean => p === 'Succeeded' || p === 'Failed';
    return pod.metadata.deletionTimestamp === undefined && (finished(phase) || finished(written));
  }

  private statusFor(
    pod: Pod,
    runtimeStatus: RuntimePodStatus,
    result: SyncResult | undefined,
    startTime: string,
  ) {
    const { runtime, hostIPs } = this.options;
    const containerStatuses = runtime.toContainerStatuses(pod, runtimeStatus, result);
    const initContainerStatuses = runtime.toInitContainerStatuses(pod, runtimeStatus, result);
    this.options.prober?.updatePodStatus(pod.metadata.uid ?? '', containerStatuses);
    return generatePodStatus({
      pod,
      runtime: runtimeStatus,
      containerStatuses,
      initContainerStatuses,
      hostIPs,
      now: rfc3339(this.clock.now()),
      startTime,
    });
  }

  /** Posts the runtime's events as they happen: a Killing event must be seen while the container stops. */
  private eventSink(pod: Pod): PodEventSink {
    return (e) => this.options.recorder.event(podReference(pod, e.fieldPath), e.type, e.reason, e.message);
  }

  /** Posts what the runtime recorded without the sink (a runtime that does not take one). */
  private recordEvents(pod: Pod, result: SyncResult): void {
    const post = this.eventSink(pod);
    for (const e of result.unposted) post(e);
  }
}

function identityOf(pod: Pod): { uid: string; name: string; namespace: string } {
  return {
    uid: pod.metadata.uid ?? '',
    name: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
  };
}
