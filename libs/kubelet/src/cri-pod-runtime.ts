// PodRuntime over the CRI: engineer C's KubeRuntimeManager plus the state it needs across syncs (crash-loop
// back-off) and the log reader, behind the interface the rest of the kubelet uses.

import type { Writable } from 'node:stream';

import type { ContainerStatus, Pod } from '@groundkube/api';
import { realClock, type Clock } from '@groundkube/client';
import { CriError, type RuntimeConnection } from '@groundkube/cri-api';
import { silentLogger, type Logger } from '@groundkube/logging';

import {
  BackOff,
  ContainerLogError,
  KubeRuntimeManager,
  readContainerLogs,
  toContainerStatuses,
  toInitContainerStatuses,
  type ContainerHealth,
  type PodEventSink,
  type RuntimePod,
  type RuntimePodStatus,
  type ServiceLister,
  type SyncResult,
} from './kuberuntime';
import {
  CommandTimeoutError,
  ContainerNotStartedError,
  type ContainerLogOptions,
  type PodIdentity,
  type PodRuntime,
  type RuntimeVersion,
  type StopPodOptions,
} from './pod-runtime';
import { VolumeManager } from './volume';

export interface CriPodRuntimeOptions {
  connection: RuntimeConnection;
  /** The kubelet's root directory (volumes under <rootDir>/pods). */
  rootDir: string;
  /** Container logs; default <rootDir>/logs/pods (kept beside the root so tests need no /var/log). */
  podLogsDir?: string | undefined;
  nodeName: string;
  hostIP: string;
  /** The cluster's services, for the containers' service variables (see ServiceInformer); absent = none. */
  services?: ServiceLister | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

/** Asked for a container or log the runtime does not have. */
export class ContainerNotFoundError extends Error {
  readonly code = 'KUBELET_CONTAINER_NOT_FOUND';
}

export class CriPodRuntime implements PodRuntime {
  readonly manager: KubeRuntimeManager;
  private readonly backOff: BackOff;
  private readonly connection: RuntimeConnection;
  private readonly clock: Clock;

  constructor(options: CriPodRuntimeOptions) {
    const logger = (options.logger ?? silentLogger()).child({ component: 'kuberuntime' });
    this.clock = options.clock ?? realClock;
    this.connection = options.connection;
    this.backOff = new BackOff({ clock: this.clock });
    const volumes = new VolumeManager({ rootDir: options.rootDir, logger });
    this.manager = new KubeRuntimeManager({
      runtime: options.connection.runtime,
      images: options.connection.image,
      volumes,
      logger,
      clock: this.clock,
      podLogsDir: options.podLogsDir ?? `${options.rootDir}/logs/pods`,
      nodeName: options.nodeName,
      hostIP: options.hostIP,
      services: options.services,
    });
  }

  async version(signal?: AbortSignal): Promise<RuntimeVersion> {
    const v = await this.connection.runtime.version({ version: 'v1' }, signal ? { signal } : {});
    return { runtimeName: v.runtimeName, runtimeVersion: v.runtimeVersion };
  }

  getPods(signal?: AbortSignal): Promise<RuntimePod[]> {
    return this.manager.getPods(signal);
  }

  getPodStatus(pod: PodIdentity, signal?: AbortSignal): Promise<RuntimePodStatus> {
    return this.manager.getPodStatus(pod.uid, pod.name, pod.namespace, signal);
  }

  syncPod(
    pod: Pod,
    status: RuntimePodStatus,
    signal?: AbortSignal,
    health?: ContainerHealth,
    events?: PodEventSink,
  ): Promise<SyncResult> {
    return this.manager.syncPod(pod, status, {
      backOff: this.backOff,
      health,
      events,
      ...(signal ? { signal } : {}),
    });
  }

  /** CRI ExecSync with the command's timeout; the RPC itself gets a few seconds more to report it. */
  async runInContainer(
    containerId: string,
    cmd: string[],
    timeoutSeconds: number,
    signal?: AbortSignal,
  ): Promise<{ output: string; exitCode: number }> {
    try {
      const r = await this.connection.runtime.execSync(
        { containerId, cmd, timeout: BigInt(timeoutSeconds) },
        { ...(signal ? { signal } : {}), timeoutMs: (timeoutSeconds + 5) * 1000 },
      );
      return { output: Buffer.concat([r.stdout, r.stderr]).toString(), exitCode: r.exitCode };
    } catch (err) {
      if (err instanceof CriError && err.code === 'CRI_DEADLINE_EXCEEDED') {
        throw new CommandTimeoutError(cmd, { cause: err });
      }
      throw err;
    }
  }

  async killPod(pod: Pod | RuntimePod, options: StopPodOptions): Promise<SyncResult> {
    const { signal } = options;
    const kill = { signal, events: options.events };
    if (isApiPod(pod)) {
      const status = await this.getPodStatus(
        {
          uid: pod.metadata.uid ?? '',
          name: pod.metadata.name ?? '',
          namespace: pod.metadata.namespace ?? '',
        },
        signal,
      );
      return this.manager.killPod(pod, status, options.gracePeriodSeconds, kill);
    }
    return this.manager.killPod(undefined, pod, options.gracePeriodSeconds, kill);
  }

  async stopPod(pod: Pod, options: StopPodOptions): Promise<SyncResult> {
    const { signal } = options;
    const status = await this.getPodStatus(
      { uid: pod.metadata.uid ?? '', name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '' },
      signal,
    );
    return this.manager.stopPod(pod, status, options.gracePeriodSeconds, {
      signal,
      events: options.events,
    });
  }

  async cleanupPod(pod: PodIdentity): Promise<void> {
    this.backOff.resetPrefix(`${pod.uid}/`);
    await this.manager.cleanupPod(pod);
  }

  toContainerStatuses(pod: Pod, status: RuntimePodStatus, result?: SyncResult): ContainerStatus[] {
    return toContainerStatuses(pod, status, result ? { waitingReasons: result.waitingReasons() } : {});
  }

  toInitContainerStatuses(pod: Pod, status: RuntimePodStatus, result?: SyncResult): ContainerStatus[] {
    return toInitContainerStatuses(pod, status, result ? { waitingReasons: result.waitingReasons() } : {});
  }

  async readContainerLogs(
    pod: PodIdentity,
    container: string,
    options: ContainerLogOptions,
    out: Writable,
    signal?: AbortSignal,
  ): Promise<void> {
    const status = await this.getPodStatus(pod, signal);
    const instances = status.containers.filter((c) => c.name === container);
    const instance = options.previous ? instances[1] : instances[0];
    if (instance === undefined) {
      if (!options.previous) throw new ContainerNotStartedError(pod.name, container);
      throw new ContainerNotFoundError(
        `previous terminated container "${container}" in pod "${pod.name}" not found`,
      );
    }
    const isRunning = async (): Promise<boolean> => {
      const now = await this.getPodStatus(pod, signal);
      return now.containers.some((c) => c.id === instance.id && c.state === 'running');
    };
    try {
      await readContainerLogs(
        instance.logPath,
        {
          ...definedOnly(options),
          ...(options.follow && instance.state === 'running' ? { isRunning } : { follow: false }),
          clock: this.clock,
        },
        out,
        signal,
      );
    } catch (err) {
      if (err instanceof ContainerLogError && err.code === 'LOG_NOT_FOUND') {
        throw new ContainerNotFoundError(`log of container "${container}" in pod "${pod.name}" not found`, {
          cause: err,
        });
      }
      throw err;
    }
  }
}

function isApiPod(pod: Pod | RuntimePod): pod is Pod {
  return (pod as Pod).metadata !== undefined;
}

/**
 * The options the caller set, without `previous` (it chose the instance) and without the ones left undefined.
 */
function definedOnly(options: ContainerLogOptions): Omit<ContainerLogOptions, 'previous'> {
  const { previous: _previous, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}
