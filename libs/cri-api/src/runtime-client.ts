import { type CallOptions, type Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  ContainerStatusRequest,
  type ContainerStatusResponse,
  CreateContainerRequest,
  type CreateContainerResponse,
  ExecSyncRequest,
  type ExecSyncResponse,
  ImageFsInfoRequest,
  type ImageFsInfoResponse,
  ImageServiceClient,
  ImageStatusRequest,
  type ImageStatusResponse,
  ListContainersRequest,
  type ListContainersResponse,
  ListImagesRequest,
  type ListImagesResponse,
  ListPodSandboxRequest,
  type ListPodSandboxResponse,
  PodSandboxStatusRequest,
  type PodSandboxStatusResponse,
  PullImageRequest,
  type PullImageResponse,
  RemoveContainerRequest,
  type RemoveContainerResponse,
  RemoveImageRequest,
  type RemoveImageResponse,
  RemovePodSandboxRequest,
  type RemovePodSandboxResponse,
  RunPodSandboxRequest,
  type RunPodSandboxResponse,
  RuntimeServiceClient,
  StartContainerRequest,
  type StartContainerResponse,
  StatusRequest,
  type StatusResponse,
  StopContainerRequest,
  type StopContainerResponse,
  StopPodSandboxRequest,
  type StopPodSandboxResponse,
  VersionRequest,
  type VersionResponse,
} from './generated/runtime/v1/api';
import { CriError } from './cri-error';

/** Per-call options. */
export interface CriCallOptions {
  /** Aborting cancels the RPC; the promise then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** A deadline for this call; past it the promise rejects with a CriError `CRI_DEADLINE_EXCEEDED`. */
  timeoutMs?: number;
}

/** What a request may be given as: any subset of its fields (the rest take proto3 defaults). */
type In<M extends { fromPartial(object: never): unknown }> = Parameters<M['fromPartial']>[0];

/**
 * The CRI RuntimeService as promises. Requests are partial messages; responses are complete. A failed call
 * rejects with a CriError whose `code` tells NOT_FOUND etc. apart.
 */
export interface RuntimeService {
  version(request?: In<typeof VersionRequest>, options?: CriCallOptions): Promise<VersionResponse>;
  runPodSandbox(
    request: In<typeof RunPodSandboxRequest>,
    options?: CriCallOptions,
  ): Promise<RunPodSandboxResponse>;
  stopPodSandbox(
    request: In<typeof StopPodSandboxRequest>,
    options?: CriCallOptions,
  ): Promise<StopPodSandboxResponse>;
  removePodSandbox(
    request: In<typeof RemovePodSandboxRequest>,
    options?: CriCallOptions,
  ): Promise<RemovePodSandboxResponse>;
  podSandboxStatus(
    request: In<typeof PodSandboxStatusRequest>,
    options?: CriCallOptions,
  ): Promise<PodSandboxStatusResponse>;
  listPodSandbox(
    request?: In<typeof ListPodSandboxRequest>,
    options?: CriCallOptions,
  ): Promise<ListPodSandboxResponse>;
  createContainer(
    request: In<typeof CreateContainerRequest>,
    options?: CriCallOptions,
  ): Promise<CreateContainerResponse>;
  startContainer(
    request: In<typeof StartContainerRequest>,
    options?: CriCallOptions,
  ): Promise<StartContainerResponse>;
  stopContainer(
    request: In<typeof StopContainerRequest>,
    options?: CriCallOptions,
  ): Promise<StopContainerResponse>;
  removeContainer(
    request: In<typeof RemoveContainerRequest>,
    options?: CriCallOptions,
  ): Promise<RemoveContainerResponse>;
  listContainers(
    request?: In<typeof ListContainersRequest>,
    options?: CriCallOptions,
  ): Promise<ListContainersResponse>;
  containerStatus(
    request: In<typeof ContainerStatusRequest>,
    options?: CriCallOptions,
  ): Promise<ContainerStatusResponse>;
  execSync(request: In<typeof ExecSyncRequest>, options?: CriCallOptions): Promise<ExecSyncResponse>;
  status(request?: In<typeof StatusRequest>, options?: CriCallOptions): Promise<StatusResponse>;
}

/** The CRI ImageService as promises (same conventions as RuntimeService). */
export interface ImageService {
  listImages(request?: In<typeof ListImagesRequest>, options?: CriCallOptions): Promise<ListImagesResponse>;
  /** An absent image resolves with `image` unset; it is not an error. */
  imageStatus(request: In<typeof ImageStatusRequest>, options?: CriCallOptions): Promise<ImageStatusResponse>;
  pullImage(request: In<typeof PullImageRequest>, options?: CriCallOptions): Promise<PullImageResponse>;
  removeImage(request: In<typeof RemoveImageRequest>, options?: CriCallOptions): Promise<RemoveImageResponse>;
  imageFsInfo(
    request?: In<typeof ImageFsInfoRequest>,
    options?: CriCallOptions,
  ): Promise<ImageFsInfoResponse>;
}

/** Both services over one endpoint. `close()` closes the channels; pending calls fail with CRI_CANCELLED. */
export interface RuntimeConnection {
  readonly endpoint: string;
  readonly runtime: RuntimeService;
  readonly image: ImageService;
  close(): void;
}

type Callback<Res> = (err: ServiceError | null, res: Res) => void;
type UnaryMethod<Req, Res> = (
  this: Client,
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<Res>,
) => { cancel(): void };

function unary<Req, Res>(
  client: Client,
  name: string,
  method: UnaryMethod<Req, Res>,
  request: Req,
  options: CriCallOptions = {},
): Promise<Res> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<Res>((resolve, reject) => {
    const callOptions: Partial<CallOptions> =
      timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
    const onAbort = (): void => call.cancel();
    const call = method.call(client, request, new Metadata(), callOptions, (err, res) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else if (err) reject(CriError.fromServiceError(name, err));
      else resolve(res);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `unix:///run/x.sock`, `unix:/run/x.sock` or a bare absolute path all name a unix socket. */
export function normalizeEndpoint(endpoint: string): string {
  if (endpoint.startsWith('/')) return `unix://${endpoint}`;
  return endpoint;
}

/**
 * Opens promise-based CRI clients for the runtime listening at `endpoint` (a unix socket, see
 * normalizeEndpoint). Connecting is lazy: a runtime that is down makes calls fail with CRI_UNAVAILABLE.
 */
export function connectRuntime(endpoint: string): RuntimeConnection {
  const address = normalizeEndpoint(endpoint);
  const creds = credentials.createInsecure();
  // The runtime is local; grpc-js would otherwise resolve "localhost" as the authority for unix sockets.
  const channelOptions = {
    'grpc.default_authority': 'localhost',
    'grpc.max_receive_message_length': 16 << 20,
  };
  const rc = new RuntimeServiceClient(address, creds, channelOptions);
  const ic = new ImageServiceClient(address, creds, channelOptions);

  const runtime: RuntimeService = {
    version: (r = {}, o) => unary(rc, 'Version', rc.version, VersionRequest.fromPartial(r), o),
    runPodSandbox: (r, o) =>
      unary(rc, 'RunPodSandbox', rc.runPodSandbox, RunPodSandboxRequest.fromPartial(r), o),
    stopPodSandbox: (r, o) =>
      unary(rc, 'StopPodSandbox', rc.stopPodSandbox, StopPodSandboxRequest.fromPartial(r), o),
    removePodSandbox: (r, o) =>
      unary(rc, 'RemovePodSandbox', rc.removePodSandbox, RemovePodSandboxRequest.fromPartial(r), o),
    podSandboxStatus: (r, o) =>
      unary(rc, 'PodSandboxStatus', rc.podSandboxStatus, PodSandboxStatusRequest.fromPartial(r), o),
    listPodSandbox: (r = {}, o) =>
      unary(rc, 'ListPodSandbox', rc.listPodSandbox, ListPodSandboxRequest.fromPartial(r), o),
    createContainer: (r, o) =>
      unary(rc, 'CreateContainer', rc.createContainer, CreateContainerRequest.fromPartial(r), o),
    startContainer: (r, o) =>
      unary(rc, 'StartContainer', rc.startContainer, StartContainerRequest.fromPartial(r), o),
    stopContainer: (r, o) =>
      unary(rc, 'StopContainer', rc.stopContainer, StopContainerRequest.fromPartial(r), o),
    removeContainer: (r, o) =>
      unary(rc, 'RemoveContainer', rc.removeContainer, RemoveContainerRequest.fromPartial(r), o),
    listContainers: (r = {}, o) =>
      unary(rc, 'ListContainers', rc.listContainers, ListContainersRequest.fromPartial(r), o),
    containerStatus: (r, o) =>
      unary(rc, 'ContainerStatus', rc.containerStatus, ContainerStatusRequest.fromPartial(r), o),
    execSync: (r, o) => unary(rc, 'ExecSync', rc.execSync, ExecSyncRequest.fromPartial(r), o),
    status: (r = {}, o) => unary(rc, 'Status', rc.status, StatusRequest.fromPartial(r), o),
  };

  const image: ImageService = {
    listImages: (r = {}, o) => unary(ic, 'ListImages', ic.listImages, ListImagesRequest.fromPartial(r), o),
    imageStatus: (r, o) => unary(ic, 'ImageStatus', ic.imageStatus, ImageStatusRequest.fromPartial(r), o),
    pullImage: (r, o) => unary(ic, 'PullImage', ic.pullImage, PullImageRequest.fromPartial(r), o),
    removeImage: (r, o) => unary(ic, 'RemoveImage', ic.removeImage, RemoveImageRequest.fromPartial(r), o),
    imageFsInfo: (r = {}, o) =>
      unary(ic, 'ImageFsInfo', ic.imageFsInfo, ImageFsInfoRequest.fromPartial(r), o),
  };

  return {
    endpoint: address,
    runtime,
    image,
    close: () => {
      rc.close();
      ic.close();
    },
  };
}
