import { mkdir, rm, stat, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import {
  type Container,
  type ContainerConfig,
  type ContainerFilter,
  ContainerState,
  type ContainerStatus,
  CriStatusError,
  type ExecSyncResponse,
  type Mount,
  type PodSandboxConfig,
} from '@groundkube/cri-api';
import { linuxCreateOptions } from './container-host-config';
import { type DockerContext, dockerTimeToNanos } from './docker-context';
import { invalidArgument, translateDockerError } from './docker-errors';
import {
  containerName,
  DOCKER_TYPE_CONTAINER,
  fromDockerLabels,
  LABEL_ATTEMPT,
  LABEL_CONTAINER_LOG_PATH,
  LABEL_CONTAINER_NAME,
  LABEL_DOCKER_TYPE,
  LABEL_IMAGE,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_RUNTIME_INSTANCE,
  LABEL_SANDBOX_ID,
  toDockerLabels,
} from './docker-labels';
import { type ImageStore, pullableImageRef } from './images';
import { removeQuietly, stopQuietly } from './pod-sandboxes';

/** ExecSync output is capped like the CRI asks (16 MiB per stream). */
const EXEC_OUTPUT_LIMIT = 16 << 20;
/** The exit code containerd reports for a container whose start failed (with reason StartError). */
const START_ERROR_EXIT_CODE = 128;

function toCriState(dockerState: string): ContainerState {
  switch (dockerState) {
    case 'created':
      return ContainerState.CONTAINER_CREATED;
    case 'running':
    case 'paused':
    case 'restarting':
      return ContainerState.CONTAINER_RUNNING;
    case 'exited':
    case 'dead':
      return ContainerState.CONTAINER_EXITED;
    default:
      return ContainerState.CONTAINER_UNKNOWN;
  }
}

/**
 * App containers inside a sandbox: they join the infra container's network and IPC namespaces, get CRI
 * mounts as bind mounts, and their CRI log path becomes a symlink to Docker's json-file log.
 */
export class ContainerStore {
  constructor(
    private readonly ctx: DockerContext,
    private readonly images: ImageStore,
  ) {}

  async create(
    sandboxId: string,
    config: ContainerConfig | undefined,
    sandboxConfig: PodSandboxConfig | undefined,
  ): Promise<string> {
    const meta = config?.metadata;
    if (!config || !meta?.name) throw invalidArgument('container config must have metadata with a name');
    const imageRef = config.image?.image ?? '';
    if (imageRef === '') throw invalidArgument(`container ${meta.name}: image is empty`);
    const sandbox = await this.ctx.inspectOwned(sandboxId, 'podsandbox');
    const sandboxLabels = sandbox.Config.Labels ?? {};
    const pod = {
      name: sandboxLabels[LABEL_POD_NAME] ?? '',
      namespace: sandboxLabels[LABEL_POD_NAMESPACE] ?? '',
      uid: sandboxLabels[LABEL_POD_UID] ?? '',
    };
    const image = await this.images.inspect(imageRef);
    if (!image)
      throw new CriStatusError(
        GrpcStatus.NOT_FOUND,
        `container ${meta.name}: image ${imageRef} is not present`,
      );
    const binds = await Promise.all(config.mounts.map((m) => bindOf(m)));
    const logDirectory = sandboxConfig?.logDirectory ?? '';
    const logPath = logDirectory && config.logPath ? join(logDirectory, config.logPath) : '';

    const internal = {
      [LABEL_DOCKER_TYPE]: DOCKER_TYPE_CONTAINER,
      [LABEL_RUNTIME_INSTANCE]: this.ctx.instance,
      [LABEL_SANDBOX_ID]: sandbox.Id,
      [LABEL_POD_NAME]: pod.name,
      [LABEL_POD_NAMESPACE]: pod.namespace,
      [LABEL_POD_UID]: pod.uid,
      [LABEL_CONTAINER_NAME]: meta.name,
      [LABEL_ATTEMPT]: String(meta.attempt),
      [LABEL_IMAGE]: config.image?.userSpecifiedImage || imageRef,
      [LABEL_CONTAINER_LOG_PATH]: logPath,
    };
    const linux = linuxCreateOptions(sandbox.Id, config.linux);
    const create: ContainerCreateOptions = {
      name: containerName(meta, pod),
      Image: image.Id,
      Env: config.envs.map((e) => `${e.key}=${e.value}`),
      Labels: toDockerLabels(config.labels, config.annotations, internal),
      Tty: config.tty,
      OpenStdin: config.stdin,
      StdinOnce: config.stdinOnce,
      AttachStdin: config.stdin,
      ...linux,
      HostConfig: {
        ...linux.HostConfig,
        Binds: binds,
        RestartPolicy: { Name: 'no' },
        LogConfig: { Type: 'json-file', Config: {} },
      },
    };
    if (config.command.length > 0) create.Entrypoint = config.command;
    if (config.args.length > 0) create.Cmd = config.args;
    if (config.workingDir) create.WorkingDir = config.workingDir;
    try {
      const created = await this.ctx.docker.createContainer(create);
      this.ctx.log.debug({ containerId: created.id, name: create.name }, 'Container created');
      return created.id;
    } catch (err) {
      throw translateDockerError(err, `create container ${create.name}`);
    }
  }

  /** Starts the container, then links its CRI log path to Docker's json-file log. */
  async start(id: string): Promise<void> {
    const info = await this.ctx.inspectOwned(id, 'container');
    try {
      await this.ctx.docker.getContainer(info.Id).start();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 304)
        // No id in the message: the kubelet's Failed events of repeated attempts then fold into one.
        throw translateDockerError(err, 'start container');
    }
    const logPath = info.Config.Labels?.[LABEL_CONTAINER_LOG_PATH] ?? '';
    if (logPath === '') return;
    const started = await this.ctx.docker.getContainer(info.Id).inspect();
    if (!started.LogPath) return;
    try {
      await mkdir(dirname(logPath), { recursive: true });
      await rm(logPath, { force: true });
      await symlink(started.LogPath, logPath);
    } catch (err) {
      // The container runs; only `kubectl logs` will miss it. Say so rather than fail the start.
      this.ctx.log.warn({ containerId: info.Id, logPath, err: String(err) }, 'Failed to link container log');
    }
  }

  /** TERM (or the image's stop signal), then KILL after `timeoutSeconds`. Already stopped: fine. */
  async stop(id: string, timeoutSeconds: number): Promise<void> {
    const info = await this.ctx.inspectOwned(id, 'container');
    await stopQuietly(this.ctx, info.Id, Math.max(0, timeoutSeconds));
  }

  /** Forcibly removes the container and its log link. Missing: fine. */
  async remove(id: string): Promise<void> {
    let info: ContainerInspectInfo;
    try {
      info = await this.ctx.inspectOwned(id, 'container');
    } catch (err) {
      if ((err as { code?: number }).code === GrpcStatus.NOT_FOUND) return;
      throw err;
    }
    await removeQuietly(this.ctx, info.Id);
    const logPath = info.Config.Labels?.[LABEL_CONTAINER_LOG_PATH];
    if (logPath) await rm(logPath, { force: true }).catch(() => undefined);
  }

  async list(filter: ContainerFilter | undefined): Promise<Container[]> {
    const selector = { ...filter?.labelSelector };
    if (filter?.podSandboxId) selector[LABEL_SANDBOX_ID] = await this.resolveSandboxId(filter.podSandboxId);
    const items = await this.ctx.listOwned('container', selector, filter?.id ?? '');
    const out: Container[] = [];
    for (const c of items) {
      const state = toCriState(c.State);
      if (filter?.state && filter.state.state !== state) continue;
      const { labels, annotations } = fromDockerLabels(c.Labels);
      const image = c.Labels[LABEL_IMAGE] ?? c.Image;
      out.push({
        id: c.Id,
        podSandboxId: c.Labels[LABEL_SANDBOX_ID] ?? '',
        metadata: {
          name: c.Labels[LABEL_CONTAINER_NAME] ?? '',
          attempt: Number(c.Labels[LABEL_ATTEMPT] ?? 0) || 0,
        },
        image: { image, annotations: {}, userSpecifiedImage: image, runtimeHandler: '' },
        imageRef: c.ImageID,
        imageId: c.ImageID,
        state,
        createdAt: dockerTimeToNanos(c.Created),
        labels,
        annotations,
      });
    }
    return out;
  }

  async status(id: string): Promise<ContainerStatus> {
    const info = await this.ctx.inspectOwned(id, 'container');
    const labels = info.Config.Labels ?? {};
    const { labels: criLabels, annotations } = fromDockerLabels(labels);
    const createdAt = dockerTimeToNanos(info.Created);
    const startedAt = dockerTimeToNanos(info.State.StartedAt);
    // A start that failed (the process could not be exec'd) leaves Docker's container "created" with the
    // error and no times. Report it as containerd does: exited, StartError, 128, the error as message, so
    // the kubelet restarts it per policy and with back-off like a crash. Docker keeps no time for the
    // failure; the creation is the closest (the kubelet starts right after it creates).
    const startError = startedAt === 0n && (info.State.Error ?? '') !== '';
    const state = startError ? ContainerState.CONTAINER_EXITED : toCriState(info.State.Status);
    // Docker stamps StartedAt after the start call returns and FinishedAt from the exit event, so a
    // process that exits at once can show a finish a little before its start: report it no earlier.
    const exitedAt =
      state === ContainerState.CONTAINER_EXITED ? dockerTimeToNanos(info.State.FinishedAt) : 0n;
    const finishedAt = startError ? createdAt : exitedAt > 0n && exitedAt < startedAt ? startedAt : exitedAt;
    let reason = '';
    let message = '';
    let exitCode = 0;
    if (startError) {
      reason = 'StartError';
      message = info.State.Error ?? '';
      exitCode = START_ERROR_EXIT_CODE;
    } else if (state === ContainerState.CONTAINER_EXITED) {
      reason = info.State.OOMKilled ? 'OOMKilled' : info.State.ExitCode === 0 ? 'Completed' : 'Error';
      message = info.State.Error ?? '';
      exitCode = info.State.ExitCode;
    }
    const image = await this.images.inspect(info.Image).catch(() => undefined);
    const spec = labels[LABEL_IMAGE] ?? info.Config.Image;
    const mounts: Mount[] = (info.Mounts ?? [])
      .filter((m) => m.Type === 'bind')
      .map((m) => ({
        containerPath: m.Destination,
        hostPath: m.Source,
        readonly: !m.RW,
        selinuxRelabel: false,
        propagation: 0,
        recursiveReadOnly: false,
      }));
    return {
      id: info.Id,
      metadata: {
        name: labels[LABEL_CONTAINER_NAME] ?? '',
        attempt: Number(labels[LABEL_ATTEMPT] ?? 0) || 0,
      },
      state,
      createdAt,
      startedAt,
      finishedAt,
      exitCode,
      image: { image: spec, annotations: {}, userSpecifiedImage: spec, runtimeHandler: '' },
      imageRef: image ? pullableImageRef(image) : `docker://${info.Image}`,
      imageId: info.Image,
      reason,
      message,
      labels: criLabels,
      annotations,
      mounts,
      logPath: labels[LABEL_CONTAINER_LOG_PATH] ?? '',
    };
  }

  /** Runs `cmd` in the container and collects its output and exit code; DEADLINE_EXCEEDED past `timeoutSeconds`. */
  async execSync(id: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResponse> {
    if (cmd.length === 0) throw invalidArgument('exec command is empty');
    const info = await this.ctx.inspectOwned(id, 'container');
    if (!info.State.Running) {
      throw new CriStatusError(GrpcStatus.FAILED_PRECONDITION, `container ${id} is not running`);
    }
    try {
      const exec = await this.ctx.docker
        .getContainer(info.Id)
        .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: false });
      const stdout = collector();
      const stderr = collector();
      this.ctx.docker.modem.demuxStream(stream, stdout.stream, stderr.stream);
      const ended = new Promise<void>((resolve, reject) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      });
      if (timeoutSeconds > 0) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new CriStatusError(
                  GrpcStatus.DEADLINE_EXCEEDED,
                  `exec in ${id} timed out after ${timeoutSeconds}s`,
                ),
              ),
            timeoutSeconds * 1000,
          );
        });
        try {
          await Promise.race([ended, timeout]);
        } finally {
          clearTimeout(timer);
          stream.destroy();
        }
      } else {
        await ended;
      }
      const result = await exec.inspect();
      return { stdout: stdout.bytes(), stderr: stderr.bytes(), exitCode: result.ExitCode ?? 0 };
    } catch (err) {
      throw translateDockerError(err, `exec in container ${id}`);
    }
  }

  private async resolveSandboxId(id: string): Promise<string> {
    try {
      return (await this.ctx.inspectOwned(id, 'podsandbox')).Id;
    } catch {
      return id; // an unknown sandbox simply matches nothing
    }
  }
}

async function bindOf(m: Mount): Promise<string> {
  if (!isAbsolute(m.hostPath) || !isAbsolute(m.containerPath)) {
    throw invalidArgument(`mount ${m.hostPath}:${m.containerPath}: both paths must be absolute`);
  }
  try {
    await stat(m.hostPath);
  } catch {
    throw invalidArgument(`mount host path ${m.hostPath} does not exist`);
  }
  return `${m.hostPath}:${m.containerPath}${m.readonly ? ':ro' : ''}`;
}

function collector(): { stream: PassThrough; bytes(): Buffer } {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    if (size >= EXEC_OUTPUT_LIMIT) return;
    const part = chunk.subarray(0, EXEC_OUTPUT_LIMIT - size);
    chunks.push(part);
    size += part.length;
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}
