// CRI runtime.v1: the generated messages, enums and grpc-js service definitions (from proto/ by
// `nx run cri-api:codegen`), plus promise clients and typed errors for the kubelet side.
export * from './generated/runtime/v1/api';
export * from './cri-error';
export * from './runtime-client';
export * from './time';
