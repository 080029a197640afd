import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container, Pod } from '@groundkube/api';
import { type Clock, realClock } from '@groundkube/client';
import {
  type ContainerConfig,
  type ContainerStatus as CriContainerStatus,
  ContainerState,
  type ImageService,
  isNotFound,
  nanosToDate,
  type PodSandboxConfig,
  PodSandboxState,
  type RuntimeService,
} from '@groundkube/cri-api';
import type { Logger } from '@groundkube/logging';
import { mountFailedMessage, type PodVolume, type VolumeManager } from '../volume';
import { BackOff } from './back-off';
import {
  ContainerConfigError,
  containerHash,
  DEFAULT_POD_LOGS_DIR,
  makeContainerConfig,
  makeSandboxConfig,
  podLogsDirectory,
} from './container-config';
import { ImagePuller } from './image-puller';
import { LifecycleHandlerRunner } from './lifecycle-handlers';
import {
  ANNOTATION_CONTAINER_HASH,
  ANNOTATION_POD_TERMINATION_GRACE_PERIOD,
  LABEL_CONTAINER_NAME,
  LABEL_POD_UID,
  podIdentityFromLabels,
} from './labels';
import {
  computePodActions,
  containerBackOffKey,
  type ContainerHealth,
  type ContainerToStart,
  type PodActions,
} from './pod-actions';
import { podLogsDirectoryName } from './pod-logs-directory';
import type {
  RuntimeContainerState,
  RuntimeContainerStatus,
  RuntimePod,
  RuntimePodStatus,
  RuntimeSandboxStatus,
} from './runtime-pod';
import { imageUser } from './security-context';
import { podServiceEnvironment, type ServiceLister } from './service-env';
import { type PodEventSink, type SyncFailure, SyncResult } from './sync-result';

/** Kubernetes never gives a container less than this between TERM and KILL when killing a pod. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;
const DEFAULT_GRACE_PERIOD_SECONDS = 30;

export interface KubeRuntimeManagerOptions {
  runtime: RuntimeService;
  images: ImageService;
  volumes: VolumeManager;
  logger: Logger;
  clock?: Clock;
  /** Where container logs go: `<podLogsDir>/<ns>_<name>_<uid>/<container>/<attempt>.log`. Default /var/log/pods. */
  podLogsDir?: string;
  /** For env fieldRefs spec.nodeName and status.hostIP. */
  nodeName?: string;
  hostIP?: string;
  /** The cluster's services, for the containers' service variables; absent = none. */
  services?: ServiceLister | undefined;
}

/** Where syncPod starts containers: the sandbox and what the pod's containers share. */
interface StartTarget {
  sandboxId: string;
  sandboxConfig: PodSandboxConfig;
  podIP: string;
  volumes: Map<string, PodVolume>;
  backOff: BackOff;
  status: RuntimePodStatus;
  signal: AbortSignal | undefined;
}

export interface SyncPodOptions {
  /** Crash-loop and image-pull back-off, owned by the caller so it outlives single syncs. */
  backOff: BackOff;
  /** The prober's liveness and startup verdicts: running containers that failed one are killed. */
  health?: ContainerHealth | undefined;
  /** Aborting stops the sync between steps and cancels the CRI call in flight; the promise rejects with the reason. */
  signal?: AbortSignal;
  /** Posts each event as it happens (a Killing event before the container stops), not when the sync ends. */
  events?: PodEventSink | undefined;
}

/** Options of killPod and stopPod besides the grace period. */
export interface KillPodOptions {
  signal?: AbortSignal | undefined;
  /** Posts each event as it happens: the Killing event comes before the container stops. */
  events?: PodEventSink | undefined;
}

/** The part of a runtime pod killPod needs: RuntimePod (from getPods) and RuntimePodStatus both fit. */
export interface PodToKill {
  uid: string;
  name: string;
  namespace: string;
  sandboxes: { id: string }[];
  /** The pod's IPs, for preStop httpGet hooks without a host. */
  ips?: string[];
  containers: {
    id: string;
    name: string;
    state: RuntimeContainerState;
    terminationGracePeriodSeconds?: number;
  }[];
}

/**
 * The kubelet's container runtime manager (kuberuntime): turns pod specs into CRI calls and CRI state back
 * into pod status. It talks to the runtime only through the CRI clients.
 *
 * Call order per pod: getPodStatus → syncPod (repeatedly, as the spec or the runtime changes) → killPod
 * (when the pod is deleted or finished) → cleanupPod (once the pod is gone, removes volumes and logs).
 * Calls for one pod must not overlap (the pod worker serialises them); calls for different pods may.
 */
export class KubeRuntimeManager {
  readonly podLogsDir: string;
  private readonly runtime: RuntimeService;
  private readonly images: ImageService;
  private readonly volumes: VolumeManager;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly puller: ImagePuller;
  private readonly hooks: LifecycleHandlerRunner;
  private readonly nodeName: string;
  private readonly hostIP: string;
  private readonly services: ServiceLister | undefined;
  private runtimeName: string | undefined;

  constructor(options: KubeRuntimeManagerOptions) {
    this.runtime = options.runtime;
    this.images = options.images;
    this.volumes = options.volumes;
    this.log = options.logger;
    this.clock = options.clock ?? realClock;
    this.podLogsDir = options.podLogsDir ?? DEFAULT_POD_LOGS_DIR;
    this.nodeName = options.nodeName ?? '';
    this.hostIP = options.hostIP ?? '';
    this.services = options.services;
    this.puller = new ImagePuller({ images: options.images, clock: this.clock, logger: this.log });
    this.hooks = new LifecycleHandlerRunner({
      clock: this.clock,
      // No timeout of its own, as the kubelet runs hooks: preStop is bounded by the grace period.
      exec: async (containerId, cmd, signal) => {
        const r = await this.runtime.execSync({ containerId, cmd, timeout: 0n }, signal ? { signal } : {});
        return { output: Buffer.concat([r.stdout, r.stderr]).toString(), exitCode: r.exitCode };
      },
    });
  }

  /** The runtime's name (e.g. "docker"), the scheme of container IDs; asks the runtime once. */
  async getRuntimeName(signal?: AbortSignal): Promise<string> {
    if (this.runtimeName === undefined) {
      const v = await this.runtime.version({ version: 'v1' }, signal ? { signal } : {});
      this.runtimeName = v.runtimeName;
    }
    return this.runtimeName;
  }

  /** Everything the runtime holds for the pod: sandboxes and containers, newest first. */
  async getPodStatus(
    uid: string,
    name: string,
    namespace: string,
    signal?: AbortSignal,
  ): Promise<RuntimePodStatus> {
    const opts = signal ? { signal } : {};
    const runtimeName = await this.getRuntimeName(signal);
    const selector = { [LABEL_POD_UID]: uid };
    const [sandboxList, containerList] = await Promise.all([
      this.runtime.listPodSandbox({ filter: { labelSelector: selector } }, opts),
      this.runtime.listContainers({ filter: { labelSelector: selector } }, opts),
    ]);

    const sandboxes: RuntimeSandboxStatus[] = [];
    for (const item of sandboxList.items) {
      try {
        const { status } = await this.runtime.podSandboxStatus({ podSandboxId: item.id }, opts);
        if (!status) continue;
        const ready = status.state === PodSandboxState.SANDBOX_READY;
        sandboxes.push({
          id: status.id,
          attempt: status.metadata?.attempt ?? 0,
          state: ready ? 'ready' : 'notready',
          createdAt: nanosToDate(status.createdAt) ?? new Date(0),
          ip: ready ? (status.network?.ip ?? '') : '',
        });
      } catch (err) {
        if (!isNotFound(err)) throw err; // removed between list and status: normal
      }
    }
    sandboxes.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.attempt - a.attempt);

    const containers: RuntimeContainerStatus[] = [];
    for (const item of containerList.containers) {
      try {
        const { status } = await this.runtime.containerStatus({ containerId: item.id }, opts);
        if (status) containers.push(toRuntimeContainerStatus(status, item.podSandboxId, runtimeName));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    containers.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.attempt - a.attempt);

    const newestReady = sandboxes.find((s) => s.state === 'ready');
    return {
      uid,
      name,
      namespace,
      ips: newestReady?.ip ? [newestReady.ip] : [],
      sandboxes,
      containers,
      timestamp: new Date(this.clock.now()),
    };
  }

  /** Every pod the runtime holds (by the kubelet's labels), running or not: for adoption and orphan cleanup. */
  async getPods(signal?: AbortSignal): Promise<RuntimePod[]> {
    const opts = signal ? { signal } : {};
    const [sandboxList, containerList] = await Promise.all([
      this.runtime.listPodSandbox({}, opts),
      this.runtime.listContainers({}, opts),
    ]);
    const pods = new Map<string, RuntimePod>();
    const podFor = (labels: Record<string, string>): RuntimePod | undefined => {
      const id = podIdentityFromLabels(labels);
      if (!id) return undefined;
      let pod = pods.get(id.uid);
      if (!pod) {
        pod = { ...id, sandboxes: [], containers: [] };
        pods.set(id.uid, pod);
      }
      return pod;
    };
    for (const s of sandboxList.items) {
      podFor(s.labels)?.sandboxes.push({
        id: s.id,
        state: s.state === PodSandboxState.SANDBOX_READY ? 'ready' : 'notready',
        attempt: s.metadata?.attempt ?? 0,
        createdAt: nanosToDate(s.createdAt) ?? new Date(0),
      });
    }
    for (const c of containerList.containers) {
      podFor(c.labels)?.containers.push({
        id: c.id,
        name: c.labels[LABEL_CONTAINER_NAME] ?? c.metadata?.name ?? '',
        state: toState(c.state),
        attempt: c.metadata?.attempt ?? 0,
        sandboxId: c.podSandboxId,
        image: c.image?.userSpecifiedImage || c.image?.image || '',
        ...recordedGracePeriod(c.annotations),
      });
    }
    return [...pods.values()];
  }

  /**
   * Moves the runtime towards the pod spec: (re)creates the sandbox, starts missing containers in spec
   * order, restarts exited ones per restartPolicy with crash-loop back-off, pulls images per
   * imagePullPolicy. Container-level failures are reported in the result, not thrown; CRI failures that
   * stop the whole sync (e.g. the runtime is down) are recorded as failures too. Rejects only on abort.
   */
  async syncPod(pod: Pod, status: RuntimePodStatus, options: SyncPodOptions): Promise<SyncResult> {
    const { backOff, signal } = options;
    const result = new SyncResult(pod, options.events);
    const actions = computePodActions(pod, status, {
      backOff,
      hashOf: containerHash,
      health: options.health,
    });
    const log = this.log.child({ pod: podRef(pod), podUID: pod.metadata.uid });
    log.debug({ actions: summarize(actions) }, 'Pod actions computed');

    if (actions.killPod) {
      if (actions.createSandbox && status.sandboxes.length > 0) {
        result.event('Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      }
      await this.stopPodContents(pod, status, this.gracePeriod(pod, undefined), result, signal);
      if (!result.ok) return result;
    } else {
      for (const k of actions.containersToKill) {
        signal?.throwIfAborted();
        const kill = { id: k.id, name: k.name, message: k.message, podIP: status.ips[0] ?? '' };
        await this.killContainer(pod, kill, this.gracePeriod(pod, undefined), result, signal);
      }
    }
    for (const refusal of actions.refused) {
      result.event('Warning', 'Failed', `Error: ${refusal.message}`, refusal.name);
      result.fail({
        action: 'StartContainer',
        container: refusal.name,
        reason: 'CreateContainerConfigError',
        message: refusal.message,
      });
    }

    const nothingToStart =
      actions.containersToStart.length === 0 &&
      actions.initContainerToStart === undefined &&
      actions.backingOff.length === 0;
    if (nothingToStart) return result;

    let volumes;
    try {
      volumes = await this.volumes.setUpPodVolumes(pod, signal);
    } catch (err) {
      signal?.throwIfAborted();
      result.fail({ action: 'SetupVolumes', reason: 'VolumeSetupError', message: errorMessage(err) });
      result.event('Warning', 'FailedMount', mountFailedMessage(err));
      return result;
    }

    const sandboxConfig = makeSandboxConfig(pod, actions.sandboxAttempt, this.podLogsDir);
    let sandboxId = actions.sandboxId;
    let podIP = status.ips[0] ?? '';
    if (actions.createSandbox) {
      const created = await this.createSandbox(pod, sandboxConfig, result, signal);
      if (!created) return result;
      sandboxId = created.id;
      podIP = created.ip;
    } else {
      // Keep the original attempt: the runtime was given the config the sandbox was created with.
      sandboxConfig.metadata = { ...sandboxConfig.metadata!, attempt: status.sandboxes[0]?.attempt ?? 0 };
    }

    for (const b of actions.backingOff) {
      const message = `Back-off restarting failed container ${b.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      result.event('Warning', 'BackOff', message, b.name);
      result.holdBack(b.remainingMs);
      result.fail({
        action: 'StartContainer',
        container: b.name,
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(b.delayMs / 1000)}s restarting failed container=${b.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
      });
    }

    const target = { sandboxId, sandboxConfig, podIP, volumes, backOff, status, signal };
    // Initialising: the next init container starts alone; the main containers wait until all succeeded.
    const init = actions.initContainerToStart;
    const initContainer = init && pod.spec?.initContainers?.[init.index];
    if (init && initContainer) await this.startContainer(pod, initContainer, init, target, result, log);

    const containers = pod.spec?.containers ?? [];
    for (const start of actions.containersToStart) {
      signal?.throwIfAborted();
      const container = containers[start.index];
      if (container) await this.startContainer(pod, container, start, target, result, log);
    }
    return result;
  }

  /** Pulls the image, builds the config and creates and starts one container (init or main) of the pod. */
  private async startContainer(
    pod: Pod,
    container: Container,
    start: ContainerToStart,
    target: StartTarget,
    result: SyncResult,
    log: Logger,
  ): Promise<void> {
    const { sandboxId, sandboxConfig, podIP, volumes, backOff, status, signal } = target;
    signal?.throwIfAborted();
    if (start.backOffFrom) {
      backOff.next(
        containerBackOffKey(status.uid || (pod.metadata.uid ?? ''), container.name),
        start.backOffFrom,
      );
    }
    const imageRef = await this.guard(
      result,
      { action: 'PullImage', container: container.name, reason: 'ErrImagePull' },
      signal,
      () => this.puller.ensureImage(pod, container, result, backOff, signal),
    );
    if (imageRef === undefined) return;

    let config;
    try {
      const mounts = await this.volumes.containerMounts(container, volumes);
      const user = await imageUser(this.images, imageRef, signal);
      config = makeContainerConfig({
        pod,
        container,
        attempt: start.attempt,
        imageRef,
        mounts,
        fields: { podIP, nodeName: this.nodeName, hostIP: this.hostIP },
        imageUser: user,
        serviceEnv: podServiceEnvironment(this.services, pod),
      });
      await mkdir(`${sandboxConfig.logDirectory}/${container.name}`, { recursive: true });
    } catch (err) {
      const message = errorMessage(err);
      const reason =
        err instanceof ContainerConfigError ? 'CreateContainerConfigError' : 'CreateContainerError';
      result.event('Warning', 'Failed', `Error: ${message}`, container.name);
      result.fail({ action: 'StartContainer', container: container.name, reason, message });
      return;
    }

    const containerId = await this.createAndStart(
      container.name,
      sandboxId,
      config,
      sandboxConfig,
      result,
      signal,
    );
    // A start that failed left a dead instance too (the runtime reports it exited, StartError): prune
    // either way, or each retry would leave one more.
    await this.pruneOldInstances(status, container.name, start.attempt, signal);
    if (containerId === undefined) return;
    log.debug({ container: container.name, containerId, attempt: start.attempt }, 'Container started');
    const postStart = container.lifecycle?.postStart;
    if (postStart !== undefined) {
      const failed = await this.hooks.run(postStart, { pod, container, containerId, podIP }, signal);
      if (failed !== undefined) {
        signal?.throwIfAborted();
        // The container is killed (its preStop runs too) and restarted under the restart policy.
        result.event('Warning', 'FailedPostStartHook', failed, container.name);
        const kill = { id: containerId, name: container.name, message: 'FailedPostStartHook', podIP };
        await this.killContainer(pod, kill, this.gracePeriod(pod, undefined), result, signal);
        result.fail({
          action: 'StartContainer',
          container: container.name,
          reason: 'PostStartHookError',
          message: failed,
        });
        return;
      }
    }
    result.started.push(container.name);
  }

  /** Creates and starts one container; on failure records the event and the waiting reason, returns undefined. */
  private async createAndStart(
    name: string,
    sandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
    result: SyncResult,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    const opts = signal ? { signal } : {};
    const failed = (reason: 'CreateContainerError' | 'RunContainerError', err: unknown): undefined => {
      signal?.throwIfAborted();
      result.event('Warning', 'Failed', `Error: ${errorMessage(err)}`, name);
      result.fail({ action: 'StartContainer', container: name, reason, message: errorMessage(err) });
      return undefined;
    };
    let containerId: string;
    try {
      containerId = (
        await this.runtime.createContainer({ podSandboxId: sandboxId, config, sandboxConfig }, opts)
      ).containerId;
    } catch (err) {
      return failed('CreateContainerError', err);
    }
    result.event('Normal', 'Created', `Created container: ${name}`, name);
    try {
      await this.runtime.startContainer({ containerId }, opts);
    } catch (err) {
      return failed('RunContainerError', err);
    }
    result.event('Normal', 'Started', `Started container ${name}`, name);
    return containerId;
  }

  /**
   * Stops every container of the pod (TERM, then KILL after the grace period), then stops and removes its
   * sandboxes and containers. The grace period is `gracePeriodSeconds` if given, else the pod's
   * terminationGracePeriodSeconds, else 30; never less than 2. `pod` may be undefined for orphans.
   * Idempotent: objects already gone are skipped.
   */
  async killPod(
    pod: Pod | undefined,
    runningPod: PodToKill,
    gracePeriodSeconds: number | undefined,
    options: KillPodOptions = {},
  ): Promise<SyncResult> {
    const { signal } = options;
    const result = new SyncResult(pod, options.events);
    // An orphan (no API pod) is stopped with the grace period its containers recorded, as the real kubelet
    // restores it from their annotations.
    const recorded = runningPod.containers
      .map((c) => c.terminationGracePeriodSeconds)
      .filter((g): g is number => g !== undefined);
    const fallback = recorded.length > 0 ? Math.max(...recorded) : undefined;
    const grace = this.gracePeriod(pod, gracePeriodSeconds ?? (pod === undefined ? fallback : undefined));
    await this.stopPodContents(pod, runningPod, grace, result, signal);
    const opts = signal ? { signal } : {};
    for (const c of runningPod.containers) {
      const failure = { action: 'KillContainer', container: c.name, reason: 'KillContainerError' } as const;
      await this.guard(result, failure, signal, () =>
        this.runtime.removeContainer({ containerId: c.id }, opts).catch(ignoreNotFound),
      );
    }
    for (const s of runningPod.sandboxes) {
      const failure = { action: 'KillPodSandbox', reason: 'KillPodSandboxError' } as const;
      await this.guard(result, failure, signal, () =>
        this.runtime.removePodSandbox({ podSandboxId: s.id }, opts).catch(ignoreNotFound),
      );
    }
    this.log.debug(
      { pod: `${runningPod.namespace}/${runningPod.name}`, podUID: runningPod.uid, ok: result.ok },
      'Pod killed',
    );
    return result;
  }

  /**
   * Stops a finished pod without removing anything: running containers get TERM, then KILL after the grace
   * period, and the sandboxes stop (the pod IP is released). The exited containers stay for their logs and
   * final state until the pod is deleted (killPod then removes them).
   */
  async stopPod(
    pod: Pod,
    status: RuntimePodStatus,
    gracePeriodSeconds: number | undefined,
    options: KillPodOptions = {},
  ): Promise<SyncResult> {
    const { signal } = options;
    const result = new SyncResult(pod, options.events);
    await this.stopPodContents(pod, status, this.gracePeriod(pod, gracePeriodSeconds), result, signal);
    return result;
  }

  /**
   * Removes what the pod left on the node once it is gone for good: volumes and container logs. Logs that
   * cannot be removed are logged and left: they must not keep a deleted pod from going away.
   */
  async cleanupPod(pod: { uid: string; name: string; namespace: string }): Promise<void> {
    await this.volumes.tearDownPod(pod.uid);
    const logs = join(this.podLogsDir, podLogsDirectoryName(pod.namespace, pod.name, pod.uid));
    await rm(logs, { recursive: true, force: true }).catch((err: unknown) => {
      this.log.warn(
        { pod: `${pod.namespace}/${pod.name}`, podUID: pod.uid, dir: logs, err: errorMessage(err) },
        'Removing pod logs failed',
      );
    });
  }

  /** The CRI log path of a container instance, for `kubectl logs` (see readContainerLogs). */
  containerLogFile(pod: Pod, container: string, attempt: number): string {
    return `${podLogsDirectory(this.podLogsDir, pod)}/${container}/${attempt}.log`;
  }

  private gracePeriod(pod: Pod | undefined, override: number | undefined): number {
    const seconds = override ?? pod?.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS;
    return Math.max(MINIMUM_GRACE_PERIOD_SECONDS, seconds);
  }

  /** Stops running containers in parallel (each gets the full grace period), then stops the sandboxes. */
  private async stopPodContents(
    pod: Pod | undefined,
    target: PodToKill,
    grace: number,
    result: SyncResult,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const running = target.containers.filter(
      (c) => c.state === 'running' || c.state === 'created' || c.state === 'unknown',
    );
    const podIP = target.ips?.[0] ?? '';
    await Promise.all(
      running.map(async (c) => {
        if (c.state !== 'running') return this.stopContainer(c.id, c.name, grace, result, signal);
        const kill = { id: c.id, name: c.name, message: `Stopping container ${c.name}`, podIP };
        return this.killContainer(pod, kill, grace, result, signal);
      }),
    );
    const opts = signal ? { signal } : {};
    for (const s of target.sandboxes) {
      const failure = { action: 'KillPodSandbox', reason: 'KillPodSandboxError' } as const;
      await this.guard(result, failure, signal, () =>
        this.runtime.stopPodSandbox({ podSandboxId: s.id }, opts).catch(ignoreNotFound),
      );
    }
    if (!result.ok) {
      result.event('Warning', 'FailedKillPod', `error killing pod: ${result.errorMessage()}`);
    }
    void pod;
  }

  /**
   * Kills one running container as the kubelet does: the Killing event first (so it is seen while the
   * container stops), then its preStop hook within the grace period, then TERM and, after what is left of
   * the grace period (never less than MINIMUM_GRACE_PERIOD_SECONDS), KILL. A failed hook is an event, and
   * the kill goes on.
   */
  private async killContainer(
    pod: Pod | undefined,
    kill: { id: string; name: string; message: string; podIP: string },
    grace: number,
    result: SyncResult,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    result.event('Normal', 'Killing', kill.message, kill.name);
    const container = pod?.spec?.containers.find((c) => c.name === kill.name);
    const preStop = container?.lifecycle?.preStop;
    let remaining = grace;
    if (pod !== undefined && container !== undefined && preStop !== undefined && grace > 0) {
      const startedAt = this.clock.now();
      const deadline = new AbortController();
      const hookSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
      const timer = this.clock.sleep(grace * 1000, hookSignal).then(
        () => deadline.abort(),
        () => undefined,
      );
      const target = { pod, container, containerId: kill.id, podIP: kill.podIP };
      const failed = await this.hooks.run(preStop, target, hookSignal);
      deadline.abort();
      await timer;
      signal?.throwIfAborted();
      if (failed !== undefined) result.event('Warning', 'FailedPreStopHook', failed, kill.name);
      remaining = grace - Math.floor((this.clock.now() - startedAt) / 1000);
    }
    await this.stopContainer(
      kill.id,
      kill.name,
      Math.max(MINIMUM_GRACE_PERIOD_SECONDS, remaining),
      result,
      signal,
    );
  }

  private async stopContainer(
    id: string,
    name: string,
    grace: number,
    result: SyncResult,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    try {
      // The CRI call blocks for up to the grace period; give the RPC that long plus a margin.
      await this.runtime.stopContainer(
        { containerId: id, timeout: BigInt(grace) },
        { ...(signal ? { signal } : {}), timeoutMs: (grace + 30) * 1000 },
      );
      result.killed.push(name);
    } catch (err) {
      signal?.throwIfAborted();
      if (isNotFound(err)) return;
      result.fail({
        action: 'KillContainer',
        container: name,
        reason: 'KillContainerError',
        message: errorMessage(err),
      });
    }
  }

  private async createSandbox(
    pod: Pod,
    config: PodSandboxConfig,
    result: SyncResult,
    signal: AbortSignal | undefined,
  ): Promise<{ id: string; ip: string } | undefined> {
    const opts = signal ? { signal } : {};
    try {
      await mkdir(config.logDirectory, { recursive: true, mode: 0o755 });
      const { podSandboxId } = await this.runtime.runPodSandbox({ config }, opts);
      const { status } = await this.runtime.podSandboxStatus({ podSandboxId }, opts);
      const ip = status?.network?.ip ?? '';
      result.sandboxCreated = { id: podSandboxId, ip };
      this.log.debug(
        { pod: podRef(pod), sandboxId: podSandboxId, ip, attempt: config.metadata?.attempt },
        'Pod sandbox created',
      );
      return { id: podSandboxId, ip };
    } catch (err) {
      signal?.throwIfAborted();
      const message = `Failed to create pod sandbox: ${errorMessage(err)}`;
      result.event('Warning', 'FailedCreatePodSandBox', message);
      result.fail({ action: 'CreatePodSandbox', reason: 'CreatePodSandboxError', message });
      return undefined;
    }
  }

  /**
   * Removes dead instances of a container older than the one before `attempt`: the previous instance stays
   * (its exit is the API's lastState and `kubectl logs --previous` reads it), older ones go. An old instance
   * still "created" never ran and never will (a newer attempt exists): it is dead too.
   */
  private async pruneOldInstances(
    status: RuntimePodStatus,
    name: string,
    attempt: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const stale = status.containers.filter(
      (c) => c.name === name && (c.state === 'exited' || c.state === 'created') && c.attempt < attempt - 1,
    );
    for (const c of stale) {
      await this.runtime
        .removeContainer({ containerId: c.id }, signal ? { signal } : {})
        .catch((err: unknown) => {
          signal?.throwIfAborted();
          this.log.debug(
            { containerId: c.id, err: errorMessage(err) },
            'Removing an old container instance failed',
          );
        });
    }
  }

  /** Runs one CRI step; a failure (not an abort) becomes `failure` in the result instead of a rejection. */
  private async guard<T>(
    result: SyncResult,
    failure: Omit<SyncFailure, 'message'>,
    signal: AbortSignal | undefined,
    step: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await step();
    } catch (err) {
      signal?.throwIfAborted();
      result.fail({ ...failure, message: errorMessage(err) });
      return undefined;
    }
  }
}

function toState(state: ContainerState): RuntimeContainerState {
  switch (state) {
    case ContainerState.CONTAINER_CREATED:
      return 'created';
    case ContainerState.CONTAINER_RUNNING:
      return 'running';
    case ContainerState.CONTAINER_EXITED:
      return 'exited';
    default:
      return 'unknown';
  }
}

/** CRI ContainerStatus → the kubelet's RuntimeContainerStatus. */
export function toRuntimeContainerStatus(
  s: CriContainerStatus,
  sandboxId: string,
  runtimeName: string,
): RuntimeContainerStatus {
  const startedAt = nanosToDate(s.startedAt);
  const finishedAt = nanosToDate(s.finishedAt);
  return {
    id: s.id,
    containerID: `${runtimeName}://${s.id}`,
    sandboxId,
    name: s.labels[LABEL_CONTAINER_NAME] ?? s.metadata?.name ?? '',
    attempt: s.metadata?.attempt ?? 0,
    state: toState(s.state),
    createdAt: nanosToDate(s.createdAt) ?? new Date(0),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    exitCode: s.exitCode,
    reason: s.reason,
    message: s.message,
    image: s.image?.userSpecifiedImage || s.image?.image || '',
    imageID: s.imageRef || s.imageId,
    logPath: s.logPath,
    hash: s.annotations[ANNOTATION_CONTAINER_HASH] ?? '',
  };
}

function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function podRef(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

function summarize(a: PodActions): Record<string, unknown> {
  return {
    killPod: a.killPod,
    createSandbox: a.createSandbox,
    start: a.containersToStart.map((c) => `${c.name}#${c.attempt}`),
    kill: a.containersToKill.map((c) => c.name),
    backOff: a.backingOff.map((c) => c.name),
  };
}

/** The pod's grace period from a container's annotation, if it carries a valid one. */
function recordedGracePeriod(annotations: Record<string, string> | undefined): {
  terminationGracePeriodSeconds?: number;
} {
  const value = Number(annotations?.[ANNOTATION_POD_TERMINATION_GRACE_PERIOD] ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? { terminationGracePeriodSeconds: value } : {};
}
