import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Container, EnvVar, Pod } from '@groundkube/api';
import {
  type ContainerConfig,
  type KeyValue,
  type Mount,
  type PodSandboxConfig,
  type PortMapping,
  Protocol,
} from '@groundkube/cri-api';
import type { ContainerMount } from '../volume';
import { podHostname } from './pod-hostname';
import { podLogsDirectoryName } from './pod-logs-directory';
import { ContainerConfigError } from './container-config-error';
import { makeContainerResources } from './container-resources';
import { resourceFieldValue } from './resource-field-ref';
import {
  ANNOTATION_CONTAINER_HASH,
  ANNOTATION_CONTAINER_RESTART_COUNT,
  ANNOTATION_CONTAINER_TERMINATION_MESSAGE_PATH,
  ANNOTATION_CONTAINER_TERMINATION_MESSAGE_POLICY,
  ANNOTATION_POD_TERMINATION_GRACE_PERIOD,
  LABEL_CONTAINER_NAME,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
} from './labels';
import {
  type ImageUser,
  makeContainerSecurityContext,
  makeSandboxSecurityContext,
  verifyRunAsNonRoot,
} from './security-context';

export { ContainerConfigError } from './container-config-error';

export const DEFAULT_POD_LOGS_DIR = '/var/log/pods';

/** `<podLogsDir>/<namespace>_<name>_<uid>` (see podLogsDirectoryName): where a pod's container logs live. */
export function podLogsDirectory(podLogsDir: string, pod: Pod): string {
  const { namespace = 'default', name = '', uid = '' } = pod.metadata;
  return join(podLogsDir, podLogsDirectoryName(namespace, name, uid));
}

/** `<container>/<attempt>.log`, relative to the pod's log directory. */
export function containerLogPath(container: string, attempt: number): string {
  return join(container, `${attempt}.log`);
}

function podLabels(pod: Pod): Record<string, string> {
  return {
    [LABEL_POD_NAME]: pod.metadata.name ?? '',
    [LABEL_POD_NAMESPACE]: pod.metadata.namespace ?? 'default',
    [LABEL_POD_UID]: pod.metadata.uid ?? '',
  };
}

/**
 * The sandbox config of a pod: identity, hostname, log directory, host ports, labels, annotations, and its
 * Linux security context (which namespaces it shares with the node: hostNetwork, hostPID, hostIPC).
 */
export function makeSandboxConfig(pod: Pod, attempt: number, podLogsDir: string): PodSandboxConfig {
  const ports: PortMapping[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      ports.push({
        protocol: p.protocol === 'UDP' ? Protocol.UDP : p.protocol === 'SCTP' ? Protocol.SCTP : Protocol.TCP,
        containerPort: p.containerPort,
        hostPort: p.hostPort,
        hostIp: p.hostIP ?? '',
      });
    }
  }
  return {
    metadata: {
      name: pod.metadata.name ?? '',
      namespace: pod.metadata.namespace ?? 'default',
      uid: pod.metadata.uid ?? '',
      attempt,
    },
    hostname: podHostname(pod),
    logDirectory: podLogsDirectory(podLogsDir, pod),
    portMappings: ports,
    labels: { ...pod.metadata.labels, ...podLabels(pod) },
    annotations: { ...pod.metadata.annotations },
    linux: { cgroupParent: '', securityContext: makeSandboxSecurityContext(pod), sysctls: {} },
  };
}

/**
 * A stable hash of the parts of a container spec that need a restart to take effect. Kept in an annotation,
 * so a running container whose spec changed is noticed (pod specs are mostly immutable: the image is not).
 */
export function containerHash(container: Container): string {
  const relevant = {
    name: container.name,
    image: container.image,
    command: container.command,
    args: container.args,
    workingDir: container.workingDir,
    env: container.env,
    ports: container.ports,
    volumeMounts: container.volumeMounts,
  };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex').slice(0, 8);
}

/** Values the kubelet knows about the pod at container start, for env valueFrom.fieldRef. */
export interface PodFieldValues {
  podIP: string;
  nodeName: string;
  hostIP: string;
}

/**
 * Resolves env vars in order; `$(NAME)` refers to an earlier one, else to a service variable (`$$` escapes),
 * like Kubernetes. The service variables (see serviceEnvVarMap) follow the container's own, which win over a
 * service variable of the same name.
 */
export function makeEnvironment(
  pod: Pod,
  container: Container,
  fields: PodFieldValues,
  serviceEnv: ReadonlyMap<string, string> = new Map(),
): KeyValue[] {
  const resolved = new Map<string, string>();
  const lookup = new FallbackMap(resolved, serviceEnv);
  for (const env of container.env ?? []) {
    const value = env.valueFrom
      ? valueFromSource(pod, container, env, fields)
      : expandReferences(env.value ?? '', lookup);
    resolved.set(env.name, value);
  }
  const environment = [...resolved].map(([key, value]) => ({ key, value }));
  for (const [key, value] of serviceEnv) {
    if (!resolved.has(key)) environment.push({ key, value });
  }
  return environment;
}

/** The variables `$(NAME)` may name: the container's resolved so far, then the service variables. */
class FallbackMap {
  constructor(
    private readonly first: ReadonlyMap<string, string>,
    private readonly second: ReadonlyMap<string, string>,
  ) {}

  has(name: string): boolean {
    return this.first.has(name) || this.second.has(name);
  }

  get(name: string): string | undefined {
    return this.first.has(name) ? this.first.get(name) : this.second.get(name);
  }
}

function valueFromSource(pod: Pod, container: Container, env: EnvVar, fields: PodFieldValues): string {
  const resourceRef = env.valueFrom?.resourceFieldRef;
  if (resourceRef !== undefined) return resourceFieldValue(pod, container, resourceRef, env.name);
  const path = env.valueFrom?.fieldRef?.fieldPath;
  if (path === undefined) {
    // TODO(#4): configMapKeyRef and secretKeyRef need the kubelet to read ConfigMaps and Secrets.
    throw new ContainerConfigError(
      `env ${env.name}: only valueFrom.fieldRef and resourceFieldRef are supported`,
    );
  }
  const labelMatch = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labelMatch) {
    const map = labelMatch[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[labelMatch[2] ?? ''] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? fields.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP':
    case 'status.podIPs':
      return fields.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return fields.hostIP;
    default:
      throw new ContainerConfigError(`env ${env.name}: unsupported fieldRef ${path}`);
  }
}

/** Replaces `$(VAR)` with the value of VAR when known (unknown references stay as written); `$$` → `$`. */
export function expandReferences(
  input: string,
  vars: Pick<ReadonlyMap<string, string>, 'has' | 'get'>,
): string {
  return input.replace(
    /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g,
    (match: string, name: string | undefined) => {
      if (match === '$$') return '$';
      return name !== undefined && vars.has(name) ? (vars.get(name) ?? '') : match;
    },
  );
}

export interface MakeContainerConfigOptions {
  pod: Pod;
  container: Container;
  attempt: number;
  /** The image reference the runtime resolved when pulling (an id or digest), else the spec's image. */
  imageRef: string;
  mounts: ContainerMount[];
  fields: PodFieldValues;
  /** The image's default user (see imageUser), for runAsNonRoot and for a runAsGroup without runAsUser. */
  imageUser: ImageUser;
  /** The pod's service variables (see podServiceEnvironment); none if absent. */
  serviceEnv?: ReadonlyMap<string, string> | undefined;
}

/**
 * The CRI ContainerConfig for one container instance, with its Linux resources and security context.
 * Throws ContainerConfigError for bad specs and for a runAsNonRoot container that would run as root.
 */
export function makeContainerConfig(options: MakeContainerConfigOptions): ContainerConfig {
  const { pod, container, attempt } = options;
  verifyRunAsNonRoot(pod, container, options.imageUser);
  const envs = makeEnvironment(pod, container, options.fields, options.serviceEnv);
  const vars = new Map(envs.map((e) => [e.key, e.value]));
  const mounts: Mount[] = options.mounts.map((m) => ({
    hostPath: m.hostPath,
    containerPath: m.containerPath,
    readonly: m.readonly,
    selinuxRelabel: false,
    propagation: 0,
    recursiveReadOnly: false,
  }));
  return {
    metadata: { name: container.name, attempt },
    image: {
      image: options.imageRef,
      annotations: {},
      userSpecifiedImage: container.image ?? '',
      runtimeHandler: '',
    },
    command: (container.command ?? []).map((s) => expandReferences(s, vars)),
    args: (container.args ?? []).map((s) => expandReferences(s, vars)),
    workingDir: container.workingDir ?? '',
    envs,
    mounts,
    devices: [],
    labels: { ...podLabels(pod), [LABEL_CONTAINER_NAME]: container.name },
    annotations: {
      [ANNOTATION_CONTAINER_HASH]: containerHash(container),
      [ANNOTATION_CONTAINER_RESTART_COUNT]: String(attempt),
      [ANNOTATION_POD_TERMINATION_GRACE_PERIOD]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
      [ANNOTATION_CONTAINER_TERMINATION_MESSAGE_PATH]:
        container.terminationMessagePath ?? '/dev/termination-log',
      [ANNOTATION_CONTAINER_TERMINATION_MESSAGE_POLICY]: container.terminationMessagePolicy ?? 'File',
    },
    logPath: containerLogPath(container.name, attempt),
    stdin: container.stdin ?? false,
    stdinOnce: container.stdinOnce ?? false,
    tty: container.tty ?? false,
    linux: {
      resources: makeContainerResources(container),
      securityContext: makeContainerSecurityContext(pod, container, options.imageUser),
    },
  };
}
