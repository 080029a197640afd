import type { Container, Pod, RestartPolicy } from '@groundkube/api';
import type { BackOff } from './back-off';
import { findNextInitContainerToRun, isRestartableInitContainer } from './init-containers';
import type { RuntimeContainerStatus, RuntimePodStatus } from './runtime-pod';

export interface ContainerToStart {
  name: string;
  /** Index in pod.spec.containers (pod.spec.initContainers for PodActions.initContainerToStart). */
  index: number;
  /** The CRI attempt (= restart count) for the new instance. */
  attempt: number;
  /** The previous instance that exited, if this is a restart. */
  previous?: RuntimeContainerStatus;
  /**
   * When the previous instance of the current spec died, if it did: this start is a crash-loop restart and
   * advances the container's back-off from then. Unset for a first start and for a start after a spec change
   * (the old instance was killed by the kubelet, it did not fail).
   */
  backOffFrom?: Date;
}

export interface ContainerToKill {
  id: string;
  name: string;
  /** Why, for the Killing event, e.g. "Container nginx definition changed". */
  message: string;
}

export interface ContainerInBackOff {
  name: string;
  remainingMs: number;
  delayMs: number;
  previous: RuntimeContainerStatus;
}

/** A container the kubelet will not run, and why: shown as its waiting reason and in a Failed event. */
export interface ContainerRefusal {
  name: string;
  message: string;
}

/** What syncPod must do to move the runtime towards the pod spec (kuberuntime's podActions). */
export interface PodActions {
  /** Stop everything of the pod first (its sandbox is gone or changed). */
  killPod: boolean;
  createSandbox: boolean;
  /** The ready sandbox to use when none is created. */
  sandboxId: string;
  /** Attempt number for a new sandbox. */
  sandboxAttempt: number;
  /** Why the sandbox is (re)created, '' if it is not. */
  sandboxReason: '' | 'NoSandbox' | 'SandboxNotReady' | 'MultipleSandboxes';
  containersToStart: ContainerToStart[];
  /** The init container to start in this sync; while one is set or runs, no main container starts. */
  initContainerToStart?: ContainerToStart | undefined;
  containersToKill: ContainerToKill[];
  /** Containers that should restart but must wait for their crash-loop back-off. */
  backingOff: ContainerInBackOff[];
  /** Containers this kubelet does not support (sidecar init containers): nothing of the pod runs. */
  refused: ContainerRefusal[];
}

/** The prober's verdicts as the runtime needs them: which running instances to kill. */
export interface ContainerHealth {
  /** The probe kind whose Failure condemns this instance (`docker://…`), if one does. */
  failedProbe(containerID: string): 'liveness' | 'startup' | undefined;
}

export interface ComputePodActionsOptions {
  backOff: BackOff;
  /** Liveness and startup verdicts; a running container that failed one is killed. */
  health?: ContainerHealth | undefined;
  /** Current spec hash per container (see containerHash); a running container with another hash restarts. */
  hashOf: (container: Container) => string;
}

export function restartPolicyOf(pod: Pod): RestartPolicy {
  return pod.spec?.restartPolicy ?? 'Always';
}

/** Whether a container that exited with `exitCode` should run again under the pod's restart policy. */
export function shouldRestart(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return exitCode !== 0;
  return false;
}

/** Back-off key of one container of one pod. */
export function containerBackOffKey(uid: string, name: string): string {
  return `${uid}/${name}`;
}

/**
 * Compares the pod spec with what the runtime holds and decides the steps of one sync. Pure: reads the
 * back-off but never advances it (syncPod calls `next` when it really restarts a container).
 */
export function computePodActions(
  pod: Pod,
  status: RuntimePodStatus,
  options: ComputePodActionsOptions,
): PodActions {
  const containers = pod.spec?.containers ?? [];
  const policy = restartPolicyOf(pod);
  const readySandboxes = status.sandboxes.filter((s) => s.state === 'ready');
  const newest = status.sandboxes[0];
  const sandboxReason: PodActions['sandboxReason'] =
    newest === undefined
      ? 'NoSandbox'
      : readySandboxes.length > 1
        ? 'MultipleSandboxes'
        : newest.state !== 'ready'
          ? 'SandboxNotReady'
          : '';
  const actions: PodActions = {
    killPod: false,
    createSandbox: sandboxReason !== '',
    sandboxId: sandboxReason === '' && newest ? newest.id : '',
    sandboxAttempt: newest ? newest.attempt + 1 : 0,
    sandboxReason,
    containersToStart: [],
    containersToKill: [],
    backingOff: [],
    refused: [],
  };

  const sidecars = (pod.spec?.initContainers ?? []).filter(isRestartableInitContainer);
  if (sidecars.length > 0) {
    // TODO(#4): run restartable init containers beside the main containers instead of refusing them.
    actions.refused = sidecars.map((c) => ({
      name: c.name,
      message: `init container ${c.name} has restartPolicy Always (a sidecar), which this kubelet does not support`,
    }));
    return { ...actions, killPod: false, createSandbox: false, sandboxId: '', sandboxReason: '' };
  }

  if (actions.createSandbox) {
    actions.killPod = status.sandboxes.length > 0 || status.containers.some((c) => c.state === 'running');
    // A Never pod whose containers already ran gets no second sandbox: it is finished.
    if (policy === 'Never' && newest !== undefined && status.containers.length > 0) {
      actions.createSandbox = false;
      actions.sandboxReason = '';
      return actions;
    }
    containers.forEach((container, index) => {
      const last = latest(status, container.name);
      if (last && last.state === 'exited' && policy === 'OnFailure' && last.exitCode === 0) return;
      pushStart(actions, planStart(actions, container, index, last, status, options));
    });
    const [firstInit] = pod.spec?.initContainers ?? [];
    if (firstInit !== undefined && (actions.containersToStart.length > 0 || actions.backingOff.length > 0)) {
      // A new sandbox starts initialisation over: the first init container runs again, the main ones wait.
      actions.containersToStart = [];
      actions.backingOff = [];
      const last = latest(status, firstInit.name);
      actions.initContainerToStart = planStart(actions, firstInit, 0, last, status, options);
    }
    if (
      actions.containersToStart.length === 0 &&
      actions.initContainerToStart === undefined &&
      actions.backingOff.length === 0
    )
      actions.createSandbox = false;
    return actions;
  }

  const init = findNextInitContainerToRun(pod, status);
  if (!init.done) {
    if (init.next === undefined) return actions; // one runs: wait for it
    const { container, index } = init.next;
    if (init.failed !== undefined && policy === 'Never') {
      // A failed init container under Never fails the pod: stop what is left.
      actions.killPod = true;
      return actions;
    }
    if (init.failed?.state === 'unknown') {
      actions.containersToKill.push({
        id: init.failed.id,
        name: container.name,
        message: `Container ${container.name} is in unknown state`,
      });
    }
    const last = init.failed ?? latest(status, container.name);
    actions.initContainerToStart = planStart(actions, container, index, last, status, options);
    return actions;
  }

  const specNames = new Set([...(pod.spec?.initContainers ?? []), ...containers].map((c) => c.name));
  containers.forEach((container, index) => {
    const last = latest(status, container.name);
    if (last?.state === 'running') {
      if (last.hash !== '' && last.hash !== options.hashOf(container)) {
        actions.containersToKill.push({
          id: last.id,
          name: container.name,
          message: `Container ${container.name} definition changed, will be restarted`,
        });
        pushStart(actions, planStart(actions, container, index, last, status, options));
        return;
      }
      const failed = options.health?.failedProbe(last.containerID);
      if (failed !== undefined) {
        // Killed now; the next sync sees it exited and restarts it under the restart policy, with the
        // crash-loop back-off of any other death.
        const restart = policy !== 'Never' ? ', will be restarted' : '';
        actions.containersToKill.push({
          id: last.id,
          name: container.name,
          message: `Container ${container.name} failed ${failed} probe${restart}`,
        });
      }
      return;
    }
    if (last === undefined) {
      pushStart(actions, planStart(actions, container, index, undefined, status, options));
      return;
    }
    if (last.state === 'exited' && !shouldRestart(policy, last.exitCode)) return;
    if (last.state === 'unknown') {
      actions.containersToKill.push({
        id: last.id,
        name: container.name,
        message: `Container ${container.name} is in unknown state`,
      });
    }
    pushStart(actions, planStart(actions, container, index, last, status, options));
  });

  // Running containers the spec no longer has (a pod spec cannot drop containers, but adoption can find them).
  for (const c of status.containers) {
    if (c.state === 'running' && !specNames.has(c.name)) {
      actions.containersToKill.push({
        id: c.id,
        name: c.name,
        message: `Container ${c.name} is not in the pod spec`,
      });
    }
  }
  return actions;
}

function latest(status: RuntimePodStatus, name: string): RuntimeContainerStatus | undefined {
  return status.containers.find((c) => c.name === name);
}

/** The start of `container`, or undefined when its crash-loop back-off holds it (recorded in `backingOff`). */
function planStart(
  actions: PodActions,
  container: Container,
  index: number,
  last: RuntimeContainerStatus | undefined,
  status: RuntimePodStatus,
  options: ComputePodActionsOptions,
): ContainerToStart | undefined {
  const attempt = last ? last.attempt + 1 : 0;
  const diedAt = last ? deathUnderSpec(last, container, options.hashOf) : undefined;
  if (last && diedAt !== undefined) {
    const key = containerBackOffKey(status.uid, container.name);
    const remainingMs = options.backOff.remaining(key, diedAt);
    if (remainingMs > 0) {
      actions.backingOff.push({
        name: container.name,
        remainingMs,
        delayMs: options.backOff.get(key),
        previous: last,
      });
      return undefined;
    }
  }
  const start: ContainerToStart = { name: container.name, index, attempt };
  if (last) start.previous = last;
  if (diedAt !== undefined) start.backOffFrom = diedAt;
  return start;
}

function pushStart(actions: PodActions, start: ContainerToStart | undefined): void {
  if (start !== undefined) actions.containersToStart.push(start);
}

/**
 * When `last` died running the container's current spec (a crash, an exit, a failed start), the time the
 * crash-loop back-off counts from; undefined if it did not die or ran an older spec. An instance the kubelet
 * killed because the spec changed (e.g. a new image) did not fail: the new spec starts without the crash
 * back-off, so what holds it back is what really fails (an image pull shows ErrImagePull/ImagePullBackOff).
 * The real kubelet's back-off key includes the spec hash, so a new spec starts with a fresh back-off there too.
 */
function deathUnderSpec(
  last: RuntimeContainerStatus,
  container: Container,
  hashOf: (container: Container) => string,
): Date | undefined {
  if (last.state !== 'exited' || last.finishedAt === undefined) return undefined;
  if (last.hash !== '' && last.hash !== hashOf(container)) return undefined;
  return last.finishedAt;
}
