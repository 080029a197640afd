// Pod and container securityContext → the CRI's Linux security contexts, and the kubelet's own check of
// runAsNonRoot, as the real kubelet does them (kuberuntime/security_context.go, security_context_others.go,
// pkg/securitycontext/util.go, kubelet/container/runtime/util NamespacesForPod).

import type { Container, Pod } from '@groundkube/api';
import {
  type ImageService,
  type LinuxContainerSecurityContext,
  type LinuxSandboxSecurityContext,
  NamespaceMode,
  type NamespaceOption,
} from '@groundkube/cri-api';
import { ContainerConfigError } from './container-config-error';

// TODO(#4): libs/api types securityContext as Record<string, unknown>; these are the fields the kubelet reads.
/** The fields of a PodSecurityContext the kubelet acts on. */
export interface PodSecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  supplementalGroups?: number[];
  fsGroup?: number;
}

/** The fields of a container's SecurityContext the kubelet acts on. */
export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

/** The user an image runs as by default, as the runtime's ImageStatus reports it: a uid, or a name. */
export interface ImageUser {
  uid?: bigint;
  username: string;
}

/** Largest uid the API accepts (validation.IsValidUserID: 0..2^31-1). */
const MAX_USER_ID = 2n ** 31n - 1n;

function podSecurityContext(pod: Pod): PodSecurityContext | undefined {
  return pod.spec?.securityContext as PodSecurityContext | undefined;
}

/**
 * The container's security context with the pod's filled in where the container sets nothing: runAsUser,
 * runAsGroup and runAsNonRoot come from either (the container's wins); the rest only from the container.
 */
export function effectiveSecurityContext(pod: Pod, container: Container): SecurityContext {
  const podSc = podSecurityContext(pod) ?? {};
  const sc = { ...(container.securityContext as SecurityContext | undefined) };
  sc.runAsUser ??= podSc.runAsUser;
  sc.runAsGroup ??= podSc.runAsGroup;
  sc.runAsNonRoot ??= podSc.runAsNonRoot;
  return sc;
}

/**
 * The image's default user, as the real kubelet's getImageUser reads it from ImageStatus: its uid when
 * numeric, else its name; an image that names no user runs as root (uid 0).
 */
export async function imageUser(
  images: ImageService,
  image: string,
  signal?: AbortSignal,
): Promise<ImageUser> {
  const { image: status } = await images.imageStatus({ image: { image } }, signal ? { signal } : {});
  if (status?.uid) return { uid: status.uid.value, username: '' };
  if (status?.username) return { username: status.username };
  return { uid: 0n, username: '' };
}

/** `name_namespace(uid)`, the pod as the kubelet's messages name it (format.Pod). */
function formatPod(pod: Pod): string {
  const { name = '', namespace = 'default', uid = '' } = pod.metadata;
  return `${name}_${namespace}(${uid})`;
}

/**
 * Refuses (ContainerConfigError, so CreateContainerConfigError) a container with runAsNonRoot that would
 * run as root: its runAsUser is 0, or it sets none and the image's user is uid 0 or unset. An image user
 * given by name cannot be checked and is refused too; only numeric users can be verified.
 */
export function verifyRunAsNonRoot(pod: Pod, container: Container, user: ImageUser): void {
  const sc = effectiveSecurityContext(pod, container);
  if (!sc.runAsNonRoot) return;
  const where = `(pod: ${JSON.stringify(formatPod(pod))}, container: ${container.name})`;
  if (sc.runAsUser !== undefined) {
    if (sc.runAsUser === 0)
      throw new ContainerConfigError(`container's runAsUser breaks non-root policy ${where}`);
    return;
  }
  if (user.uid === undefined) {
    if (user.username === '') return;
    throw new ContainerConfigError(
      `container has runAsNonRoot and image has non-numeric user (${user.username}), cannot verify user is non-root ${where}`,
    );
  }
  if (user.uid === 0n)
    throw new ContainerConfigError(`container has runAsNonRoot and image will run as root ${where}`);
  if (user.uid < 0n || user.uid > MAX_USER_ID) {
    throw new ContainerConfigError(
      `container has runAsNonRoot and image has an invalid user id (${user.uid}). (Must be 1-(${MAX_USER_ID})) ${where}`,
    );
  }
}

/**
 * Which namespaces the pod shares with the node: network (hostNetwork), PID (hostPID, else the pod's when
 * shareProcessNamespace, else the container's own) and IPC (hostIPC, else the pod's).
 */
export function namespacesForPod(pod: Pod): NamespaceOption {
  const spec = pod.spec;
  let pid = spec?.shareProcessNamespace ? NamespaceMode.POD : NamespaceMode.CONTAINER;
  if (spec?.hostPID) pid = NamespaceMode.NODE;
  return {
    network: spec?.hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD,
    pid,
    ipc: spec?.hostIPC ? NamespaceMode.NODE : NamespaceMode.POD,
    targetId: '',
  };
}

function supplementalGroups(pod: Pod): bigint[] {
  const podSc = podSecurityContext(pod);
  const groups = [
    ...(podSc?.fsGroup !== undefined ? [podSc.fsGroup] : []),
    ...(podSc?.supplementalGroups ?? []),
  ];
  return groups.map((g) => BigInt(g));
}

/** The sandbox's security context: the pod's namespaces and its pod-level user, group and groups. */
export function makeSandboxSecurityContext(pod: Pod): LinuxSandboxSecurityContext {
  const podSc = podSecurityContext(pod);
  return {
    namespaceOptions: namespacesForPod(pod),
    ...(podSc?.runAsUser !== undefined ? { runAsUser: { value: BigInt(podSc.runAsUser) } } : {}),
    ...(podSc?.runAsGroup !== undefined ? { runAsGroup: { value: BigInt(podSc.runAsGroup) } } : {}),
    readonlyRootfs: false,
    supplementalGroups: supplementalGroups(pod),
    privileged: false,
  };
}

/**
 * The container's CRI security context. The user is the effective runAsUser, else the image's user (so a
 * runAsGroup alone still has a user to go with); noNewPrivs only when allowPrivilegeEscalation is false.
 */
export function makeContainerSecurityContext(
  pod: Pod,
  container: Container,
  user: ImageUser,
): LinuxContainerSecurityContext {
  const sc = effectiveSecurityContext(pod, container);
  const runAsUser = sc.runAsUser !== undefined ? BigInt(sc.runAsUser) : user.uid;
  return {
    capabilities: {
      addCapabilities: [...(sc.capabilities?.add ?? [])],
      dropCapabilities: [...(sc.capabilities?.drop ?? [])],
      addAmbientCapabilities: [],
    },
    privileged: sc.privileged ?? false,
    namespaceOptions: namespacesForPod(pod),
    ...(runAsUser !== undefined ? { runAsUser: { value: runAsUser } } : {}),
    runAsUsername: sc.runAsUser === undefined ? user.username : '',
    readonlyRootfs: sc.readOnlyRootFilesystem ?? false,
    supplementalGroups: supplementalGroups(pod),
    noNewPrivs: sc.allowPrivilegeEscalation === false,
    ...(sc.runAsGroup !== undefined ? { runAsGroup: { value: BigInt(sc.runAsGroup) } } : {}),
  };
}
