// The kubelet's container runtime manager over the CRI (kuberuntime).
export * from './back-off';
export * from './container-config';
export * from './container-logs';
export * from './container-resources';
export * from './container-statuses';
export * from './image-puller';
export * from './init-containers';
export * from './kube-runtime-manager';
export * from './labels';
export * from './pod-actions';
export * from './runtime-pod';
export * from './security-context';
export * from './service-env';
export * from './sync-result';
export * from './lifecycle-handlers';
