import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Clock } from '@groundkube/client';
import {
  type ContainerConfig,
  ContainerState,
  ContainerStatus,
  type CriCallOptions,
  CriError,
  type CriErrorCode,
  type ImageService,
  type PodSandboxConfig,
  PodSandboxState,
  type RuntimeService,
} from '@groundkube/cri-api';

interface FakeSandbox {
  id: string;
  config: PodSandboxConfig;
  ready: boolean;
  createdAt: bigint;
  ip: string;
}

interface FakeContainer {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  state: ContainerState;
  createdAt: bigint;
  startedAt: bigint;
  finishedAt: bigint;
  exitCode: number;
  /** Set when a start failed: StartError and the error, as containerd reports it. */
  startError?: string;
}

type Method = keyof RuntimeService | keyof ImageService;

/**
 * An in-memory CRI runtime for unit tests of the runtime manager: sandboxes and containers are records,
 * containers run until `exit()` is called, and `failNext(method, code)` makes one call fail with a CRI error.
 * Every call is recorded in `calls` (method names, in order). Times come from `clock`, so a test's fake clock
 * and the container times the back-off compares with it agree.
 */
export class FakeRuntime {
  readonly calls: Method[] = [];
  /** The timeout (grace period, seconds) of each stopContainer call, in order. */
  readonly stopTimeouts: number[] = [];
  readonly sandboxes = new Map<string, FakeSandbox>();
  readonly containers = new Map<string, FakeContainer>();
  /** Images present on the "node". */
  readonly images = new Set<string>();
  /** Images a pull succeeds for. */
  readonly registry = new Set<string>();
  /** What every execSync answers (exec probes, exec hooks). */
  execResult = { output: '', exitCode: 0 };
  /** The commands execSync ran, in order. */
  readonly execs: string[][] = [];
  private readonly failures = new Map<Method, { code: CriErrorCode; message: string }>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  failNext(method: Method, code: CriErrorCode, message = `${method} failed`): void {
    this.failures.set(method, { code, message });
  }

  /** The container's process ends with `exitCode`. */
  exit(id: string, exitCode: number): void {
    const c = this.mustContainer(id);
    c.state = ContainerState.CONTAINER_EXITED;
    c.exitCode = exitCode;
    c.finishedAt = this.tick();
  }

  readonly runtime: RuntimeService = {
    version: async (_r, o) => {
      this.enter('version', o);
      return { version: 'v1', runtimeName: 'fake', runtimeVersion: '0.0.1', runtimeApiVersion: 'v1' };
    },
    runPodSandbox: async (r, o) => {
      this.enter('runPodSandbox', o);
      const id = `sb${++this.seq}`;
      this.sandboxes.set(id, {
        id,
        config: r.config as PodSandboxConfig,
        ready: true,
        createdAt: this.tick(),
        ip: `10.0.0.${this.seq}`,
      });
      return { podSandboxId: id };
    },
    stopPodSandbox: async (r, o) => {
      this.enter('stopPodSandbox', o);
      const sb = this.sandboxes.get(r.podSandboxId ?? '');
      if (sb) sb.ready = false;
      for (const c of this.containers.values()) {
        if (c.sandboxId === r.podSandboxId && c.state === ContainerState.CONTAINER_RUNNING)
          this.exit(c.id, 137);
      }
      return {};
    },
    removePodSandbox: async (r, o) => {
      this.enter('removePodSandbox', o);
      for (const c of [...this.containers.values()])
        if (c.sandboxId === r.podSandboxId) this.containers.delete(c.id);
      this.sandboxes.delete(r.podSandboxId ?? '');
      return {};
    },
    podSandboxStatus: async (r, o) => {
      this.enter('podSandboxStatus', o);
      const sb = this.sandboxes.get(r.podSandboxId ?? '');
      if (!sb) throw notFound(`sandbox ${r.podSandboxId}`);
      return {
        status: {
          id: sb.id,
          metadata: sb.config.metadata,
          state: sb.ready ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY,
          createdAt: sb.createdAt,
          network: { ip: sb.ready ? sb.ip : '', additionalIps: [] },
          labels: sb.config.labels,
          annotations: sb.config.annotations,
          runtimeHandler: '',
        },
        info: {},
        containersStatuses: [],
        timestamp: this.tick(),
      };
    },
    listPodSandbox: async (r = {}, o) => {
      this.enter('listPodSandbox', o);
      const selector = r.filter?.labelSelector ?? {};
      const items = [...this.sandboxes.values()]
        .filter((sb) => matches(sb.config.labels, selector))
        .map((sb) => ({
          id: sb.id,
          metadata: sb.config.metadata,
          state: sb.ready ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY,
          createdAt: sb.createdAt,
          labels: sb.config.labels,
          annotations: sb.config.annotations,
          runtimeHandler: '',
        }));
      return { items };
    },
    createContainer: async (r, o) => {
      this.enter('createContainer', o);
      if (!this.sandboxes.has(r.podSandboxId ?? '')) throw notFound(`sandbox ${r.podSandboxId}`);
      const config = r.config as ContainerConfig;
      if (!this.images.has(config.image?.image ?? '')) throw notFound(`image ${config.image?.image}`);
      const id = `c${++this.seq}`;
      this.containers.set(id, {
        id,
        sandboxId: r.podSandboxId ?? '',
        config,
        state: ContainerState.CONTAINER_CREATED,
        createdAt: this.tick(),
        startedAt: 0n,
        finishedAt: 0n,
        exitCode: 0,
      });
      return { containerId: id };
    },
    startContainer: async (r, o) => {
      const c = this.mustContainer(r.containerId ?? '');
      try {
        this.enter('startContainer', o);
      } catch (err) {
        // Like containerd: a failed start leaves the container exited, 128, StartError, the error as message.
        if (!o?.signal?.aborted) {
          c.state = ContainerState.CONTAINER_EXITED;
          c.exitCode = 128;
          c.finishedAt = this.tick();
          c.startError = err instanceof Error ? err.message : String(err);
        }
        throw err;
      }
      c.state = ContainerState.CONTAINER_RUNNING;
      c.startedAt = this.tick();
      return {};
    },
    stopContainer: async (r, o) => {
      this.enter('stopContainer', o);
      this.stopTimeouts.push(Number(r.timeout ?? 0n));
      const c = this.mustContainer(r.containerId ?? '');
      if (c.state === ContainerState.CONTAINER_RUNNING) this.exit(c.id, 143);
      return {};
    },
    removeContainer: async (r, o) => {
      this.enter('removeContainer', o);
      this.containers.delete(r.containerId ?? '');
      return {};
    },
    listContainers: async (r = {}, o) => {
      this.enter('listContainers', o);
      const selector = r.filter?.labelSelector ?? {};
      const containers = [...this.containers.values()]
        .filter((c) => matches(c.config.labels, selector))
        .map((c) => ({
          id: c.id,
          podSandboxId: c.sandboxId,
          metadata: c.config.metadata,
          image: c.config.image,
          imageRef: c.config.image?.image ?? '',
          state: c.state,
          createdAt: c.createdAt,
          labels: c.config.labels,
          annotations: c.config.annotations,
          imageId: c.config.image?.image ?? '',
        }));
      return { containers };
    },
    containerStatus: async (r, o) => {
      this.enter('containerStatus', o);
      const c = this.mustContainer(r.containerId ?? '');
      const exited = c.state === ContainerState.CONTAINER_EXITED;
      return {
        status: ContainerStatus.fromPartial({
          id: c.id,
          metadata: c.config.metadata,
          state: c.state,
          createdAt: c.createdAt,
          startedAt: c.startedAt,
          finishedAt: c.finishedAt,
          exitCode: c.exitCode,
          image: c.config.image,
          imageRef: `fake://${c.config.image?.image ?? ''}`,
          reason:
            c.startError !== undefined
              ? 'StartError'
              : exited
                ? c.exitCode === 0
                  ? 'Completed'
                  : 'Error'
                : '',
          message: c.startError ?? '',
          labels: c.config.labels,
          annotations: c.config.annotations,
          logPath: '',
        }),
        info: {},
      };
    },
    execSync: async (r, o) => {
      this.enter('execSync', o);
      this.execs.push(r.cmd ?? []);
      const { output, exitCode } = this.execResult;
      return { stdout: Buffer.from(output), stderr: Buffer.alloc(0), exitCode };
    },
    status: async (_r, o) => {
      this.enter('status', o);
      return { status: { conditions: [] }, info: {} };
    },
  };

  readonly image: ImageService = {
    listImages: async (_r, o) => {
      this.enter('listImages', o);
      return { images: [] };
    },
    imageStatus: async (r, o) => {
      this.enter('imageStatus', o);
      const name = r.image?.image ?? '';
      if (!this.images.has(name)) return { info: {} };
      return {
        image: {
          id: name,
          repoTags: [name],
          repoDigests: [],
          size: 1000n,
          username: '',
          pinned: false,
          imageSource: '',
        },
        info: {},
      };
    },
    pullImage: async (r, o) => {
      this.enter('pullImage', o);
      const name = r.image?.image ?? '';
      if (!this.registry.has(name))
        throw new CriError({
          code: 'CRI_NOT_FOUND',
          grpcStatus: GrpcStatus.NOT_FOUND,
          method: 'PullImage',
          message: `manifest for ${name} not found`,
        });
      this.images.add(name);
      return { imageRef: name };
    },
    removeImage: async (r, o) => {
      this.enter('removeImage', o);
      this.images.delete(r.image?.image ?? '');
      return {};
    },
    imageFsInfo: async (_r, o) => {
      this.enter('imageFsInfo', o);
      return { imageFilesystems: [], containerFilesystems: [] };
    },
  };

  private enter(method: Method, options: CriCallOptions | undefined): void {
    options?.signal?.throwIfAborted();
    this.calls.push(method);
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw new CriError({ ...failure, grpcStatus: GrpcStatus.UNKNOWN, method });
    }
  }

  private tick(): bigint {
    return BigInt(this.clock.now()) * 1_000_000n;
  }

  private mustContainer(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw notFound(`container ${id}`);
    return c;
  }
}

function matches(labels: Record<string, string>, selector: Record<string, string | undefined>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function notFound(what: string): CriError {
  return new CriError({
    code: 'CRI_NOT_FOUND',
    grpcStatus: GrpcStatus.NOT_FOUND,
    method: 'fake',
    message: `${what} not found`,
  });
}
