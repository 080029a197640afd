import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type sendUnaryData,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import Docker from 'dockerode';
import {
  CriStatusError,
  ImageServiceService,
  type ImageServiceServer,
  RuntimeServiceService,
  type RuntimeServiceServer,
} from '@groundkube/cri-api';
import type { Logger } from '@groundkube/logging';
import { ContainerStore } from './containers';
import { DockerContext } from './docker-context';
import { translateDockerError } from './docker-errors';
import { ImageStore } from './images';
import { SandboxStore } from './pod-sandboxes';

export const DEFAULT_SANDBOX_IMAGE = 'registry.k8s.io/pause:3.10';
export const RUNTIME_NAME = 'docker';
const RUNTIME_API_VERSION = 'v1';

export interface RuntimeServiceOptions {
  /** Unix socket to serve on (a stale socket file there is replaced). */
  socketPath: string;
  /** The engine; default: dockerode's defaults (DOCKER_HOST or /var/run/docker.sock). */
  docker?: Docker;
  logger: Logger;
  /** Names this runtime's objects (label io.groundkube.runtime.instance); objects of other instances are invisible. */
  instance: string;
  /** Infra container image of pod sandboxes. Default registry.k8s.io/pause:3.10. */
  sandboxImage?: string;
}

export interface RuntimeServiceHandle {
  /** The `unix://…` endpoint clients connect to. */
  readonly endpoint: string;
  /** Stops serving (in-flight calls get a moment to finish) and removes the socket. Containers keep running. */
  close(): Promise<void>;
}

type Handler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

/**
 * Serves the CRI RuntimeService and ImageService over gRPC on a unix socket, backed by Docker: pod sandboxes
 * are pause containers on the default bridge, app containers join their namespaces.
 */
export async function startRuntimeService(options: RuntimeServiceOptions): Promise<RuntimeServiceHandle> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(options.instance)) {
    throw new Error(
      `invalid runtime instance name ${JSON.stringify(options.instance)}: use letters, digits, . _ -`,
    );
  }
  const log = options.logger;
  const docker = options.docker ?? new Docker();
  const ctx = new DockerContext(docker, options.instance, log);
  const images = new ImageStore(ctx);
  const sandboxes = new SandboxStore(ctx, images, options.sandboxImage ?? DEFAULT_SANDBOX_IMAGE);
  const containers = new ContainerStore(ctx, images);

  const unary = <Req, Res>(method: string, fn: (req: Req) => Promise<Res>): Handler<Req, Res> => {
    return (call, callback) => {
      log.trace({ method }, 'CRI call');
      fn(call.request).then(
        (res) => callback(null, res),
        (err: unknown) => {
          const translated = err instanceof CriStatusError ? err : translateDockerError(err, method);
          const serviceError = translated as Partial<ServiceError>;
          log.debug({ method, code: serviceError.code, err: translated.message }, 'CRI call failed');
          callback(serviceError);
        },
      );
    };
  };

  const runtime: RuntimeServiceServer = {
    version: unary('Version', async () => {
      let engine = '';
      try {
        engine = ((await docker.version()) as { Version?: string }).Version ?? '';
      } catch (err) {
        throw translateDockerError(err, 'docker version');
      }
      return {
        version: '0.1.0',
        runtimeName: RUNTIME_NAME,
        runtimeVersion: engine,
        runtimeApiVersion: RUNTIME_API_VERSION,
      };
    }),
    runPodSandbox: unary('RunPodSandbox', async (req) => ({ podSandboxId: await sandboxes.run(req.config) })),
    stopPodSandbox: unary('StopPodSandbox', async (req) => {
      await sandboxes.stop(req.podSandboxId);
      return {};
    }),
    removePodSandbox: unary('RemovePodSandbox', async (req) => {
      await sandboxes.remove(req.podSandboxId);
      return {};
    }),
    podSandboxStatus: unary('PodSandboxStatus', async (req) => ({
      status: await sandboxes.status(req.podSandboxId),
      info: {},
      containersStatuses: [],
      timestamp: BigInt(Date.now()) * 1_000_000n,
    })),
    listPodSandbox: unary('ListPodSandbox', async (req) => ({ items: await sandboxes.list(req.filter) })),
    createContainer: unary('CreateContainer', async (req) => ({
      containerId: await containers.create(req.podSandboxId, req.config, req.sandboxConfig),
    })),
    startContainer: unary('StartContainer', async (req) => {
      await containers.start(req.containerId);
      return {};
    }),
    stopContainer: unary('StopContainer', async (req) => {
      await containers.stop(req.containerId, Number(req.timeout));
      return {};
    }),
    removeContainer: unary('RemoveContainer', async (req) => {
      await containers.remove(req.containerId);
      return {};
    }),
    listContainers: unary('ListContainers', async (req) => ({
      containers: await containers.list(req.filter),
    })),
    containerStatus: unary('ContainerStatus', async (req) => ({
      status: await containers.status(req.containerId),
      info: {},
    })),
    execSync: unary('ExecSync', (req) => containers.execSync(req.containerId, req.cmd, Number(req.timeout))),
    status: unary('Status', async () => {
      let ready = true;
      let message = '';
      try {
        await docker.ping();
      } catch (err) {
        ready = false;
        message = `docker engine unreachable: ${String(err)}`;
      }
      const reason = ready ? '' : 'DockerDaemonNotReady';
      return {
        status: {
          conditions: [
            { type: 'RuntimeReady', status: ready, reason, message },
            { type: 'NetworkReady', status: ready, reason, message },
          ],
        },
        info: {},
      };
    }),
  };

  const image: ImageServiceServer = {
    listImages: unary('ListImages', async (req) => ({ images: await images.list(req.filter?.image?.image) })),
    imageStatus: unary('ImageStatus', async (req) => {
      const found = await images.status(req.image?.image ?? '');
      return found ? { image: found, info: {} } : { info: {} };
    }),
    pullImage: unary('PullImage', async (req) => ({ imageRef: await images.pull(req.image?.image ?? '') })),
    removeImage: unary('RemoveImage', async (req) => {
      await images.remove(req.image?.image ?? '');
      return {};
    }),
    imageFsInfo: unary('ImageFsInfo', async () => ({
      imageFilesystems: await images.fsInfo(BigInt(Date.now()) * 1_000_000n),
      containerFilesystems: [],
    })),
  };

  const server = new Server();
  server.addService(RuntimeServiceService, runtime as unknown as UntypedServiceImplementation);
  server.addService(ImageServiceService, image as unknown as UntypedServiceImplementation);
  await mkdir(dirname(options.socketPath), { recursive: true });
  await rm(options.socketPath, { force: true });
  const endpoint = `unix://${options.socketPath}`;
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(endpoint, ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())),
  );
  log.info({ endpoint, instance: options.instance }, 'CRI runtime service listening');

  let closed = false;
  return {
    endpoint,
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await rm(options.socketPath, { force: true });
      log.info({ endpoint }, 'CRI runtime service stopped');
    },
  };
}
