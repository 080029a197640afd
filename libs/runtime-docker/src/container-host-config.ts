// How a CRI container's Linux config becomes Docker create options, as dockershim mapped it (helpers_linux.go
// updateCreateConfig, security_context.go modifyContainerConfig / modifyHostConfig / namespace options).

import type { ContainerCreateOptions, HostConfig } from 'dockerode';
import {
  type LinuxContainerResources,
  type LinuxContainerSecurityContext,
  NamespaceMode,
  type NamespaceOption,
} from '@groundkube/cri-api';
import { invalidArgument } from './docker-errors';

/**
 * Docker's User: the uid (or the name, when the runtime was given a name), with `:gid` when a group is
 * set. A group needs a user to go with; the kubelet always sends one (the image's when the pod sets none).
 */
export function dockerUser(sc: LinuxContainerSecurityContext | undefined): string | undefined {
  if (!sc) return undefined;
  const user = sc.runAsUsername || (sc.runAsUser ? String(sc.runAsUser.value) : '');
  if (!sc.runAsGroup) return user || undefined;
  if (user === '') throw invalidArgument('runAsGroup is specified without a runAsUser');
  return `${user}:${sc.runAsGroup.value}`;
}

/**
 * Privileges: privileged, a read-only root, capabilities to add and drop, no-new-privileges, extra groups.
 * Docker applies drops before adds, so drop ALL + add NET_BIND_SERVICE leaves just that one.
 */
export function securityHostConfig(sc: LinuxContainerSecurityContext | undefined): HostConfig {
  if (!sc) return {};
  const host: HostConfig = {};
  if (sc.privileged) host.Privileged = true;
  if (sc.readonlyRootfs) host.ReadonlyRootfs = true;
  if (sc.capabilities?.addCapabilities.length) host.CapAdd = [...sc.capabilities.addCapabilities];
  if (sc.capabilities?.dropCapabilities.length) host.CapDrop = [...sc.capabilities.dropCapabilities];
  if (sc.noNewPrivs) host.SecurityOpt = ['no-new-privileges'];
  if (sc.supplementalGroups.length > 0) host.GroupAdd = sc.supplementalGroups.map((g) => String(g));
  return host;
}

/** cgroup limits: memory (and memory+swap), cpu shares, and the CFS quota with its period. 0 means unset. */
export function resourcesHostConfig(resources: LinuxContainerResources | undefined): HostConfig {
  if (!resources) return {};
  const host: HostConfig = {};
  if (resources.memoryLimitInBytes > 0n) host.Memory = Number(resources.memoryLimitInBytes);
  if (resources.memorySwapLimitInBytes > 0n) host.MemorySwap = Number(resources.memorySwapLimitInBytes);
  if (resources.cpuShares > 0n) host.CpuShares = Number(resources.cpuShares);
  if (resources.cpuQuota !== 0n) host.CpuQuota = Number(resources.cpuQuota);
  if (resources.cpuPeriod > 0n) host.CpuPeriod = Number(resources.cpuPeriod);
  if (resources.oomScoreAdj !== 0n) host.OomScoreAdj = Number(resources.oomScoreAdj);
  if (resources.cpusetCpus) host.CpusetCpus = resources.cpusetCpus;
  if (resources.cpusetMems) host.CpusetMems = resources.cpusetMems;
  return host;
}

/**
 * Namespaces of an app container: it always joins the sandbox's network and IPC (the sandbox holds the
 * node's when the pod asked for them); its PID namespace is the node's, the sandbox's, or its own; a
 * container in the node's network also gets the node's hostname (UTS), as under dockershim.
 */
export function namespaceHostConfig(sandboxId: string, ns: NamespaceOption | undefined): HostConfig {
  const host: HostConfig = {
    NetworkMode: `container:${sandboxId}`,
    IpcMode: `container:${sandboxId}`,
  };
  if (ns?.pid === NamespaceMode.NODE) host.PidMode = 'host';
  else if (ns?.pid === NamespaceMode.POD) host.PidMode = `container:${sandboxId}`;
  if (ns?.network === NamespaceMode.NODE) host.UTSMode = 'host';
  return host;
}

/** The part of Docker's create options that comes from the CRI container's Linux config. */
export function linuxCreateOptions(
  sandboxId: string,
  linux: { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext } | undefined,
): Pick<ContainerCreateOptions, 'User'> & { HostConfig: HostConfig } {
  const sc = linux?.securityContext;
  const user = dockerUser(sc);
  return {
    ...(user !== undefined ? { User: user } : {}),
    HostConfig: {
      ...namespaceHostConfig(sandboxId, sc?.namespaceOptions),
      ...resourcesHostConfig(linux?.resources),
      ...securityHostConfig(sc),
    },
  };
}
