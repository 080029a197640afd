// Names, labels and annotations with meaning across components.

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_OS = 'kubernetes.io/os';
export const LABEL_ARCH = 'kubernetes.io/arch';
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export const NAMESPACE_DEFAULT = 'default';
export const NAMESPACE_SYSTEM = 'kube-system';
export const NAMESPACE_PUBLIC = 'kube-public';
export const NAMESPACE_NODE_LEASE = 'kube-node-lease';

/** The Kubernetes release whose API and kubectl behaviour groundkube follows. */
export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.4' } as const;
