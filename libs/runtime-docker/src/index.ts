// CRI RuntimeService + ImageService backed by Docker, served with @grpc/grpc-js on a unix socket.
export { startRuntimeService, DEFAULT_SANDBOX_IMAGE, RUNTIME_NAME } from './runtime-service';
export type { RuntimeServiceOptions, RuntimeServiceHandle } from './runtime-service';
export * from './docker-labels';
export { withDefaultTag, pullableImageRef } from './images';
