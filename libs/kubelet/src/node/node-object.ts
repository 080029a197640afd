// The Node object the kubelet registers and the status it reports on each heartbeat.

import {
  KUBERNETES_VERSION,
  LABEL_ARCH,
  LABEL_HOSTNAME,
  LABEL_OS,
  type Node,
  type NodeCondition,
  type NodeStatus,
} from '@groundkube/api';

import type { HostInfo } from './host-info';
import { nodeAllocatable, nodeCapacity } from './node-resources';

export { MAX_PODS } from './node-resources';

export interface NodeFacts {
  nodeName: string;
  host: HostInfo;
  /** e.g. docker://20.10.24 */
  containerRuntimeVersion: string;
  kubeletPort: number;
}

/** The Node to create at registration: labels and spec; status is written separately through nodes/status. */
export function initialNode(facts: NodeFacts, now: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: facts.nodeName,
      labels: {
        'beta.kubernetes.io/arch': facts.host.architecture,
        'beta.kubernetes.io/os': facts.host.operatingSystem,
        [LABEL_ARCH]: facts.host.architecture,
        [LABEL_HOSTNAME]: facts.nodeName,
        [LABEL_OS]: facts.host.operatingSystem,
      },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: nodeStatus(facts, [], now),
  };
}

const HEALTHY_CONDITIONS: Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>[] = [
  {
    type: 'MemoryPressure',
    status: 'False',
    reason: 'KubeletHasSufficientMemory',
    message: 'kubelet has sufficient memory available',
  },
  {
    type: 'DiskPressure',
    status: 'False',
    reason: 'KubeletHasNoDiskPressure',
    message: 'kubelet has no disk pressure',
  },
  {
    type: 'PIDPressure',
    status: 'False',
    reason: 'KubeletHasSufficientPID',
    message: 'kubelet has sufficient PID available',
  },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

/**
 * The node status for a heartbeat at `now` (RFC 3339). Conditions keep their lastTransitionTime from
 * `previous` when their status did not change.
 */
export function nodeStatus(facts: NodeFacts, previous: NodeCondition[], now: string): NodeStatus {
  const conditions = HEALTHY_CONDITIONS.map((c): NodeCondition => {
    const old = previous.find((p) => p.type === c.type);
    const lastTransitionTime =
      old !== undefined && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime };
  });
  const { host } = facts;
  return {
    capacity: nodeCapacity(host),
    allocatable: nodeAllocatable(host),
    conditions,
    addresses: [
      { type: 'InternalIP', address: host.internalIP },
      { type: 'Hostname', address: facts.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: facts.kubeletPort } },
    nodeInfo: {
      machineID: host.machineID,
      systemUUID: host.systemUUID,
      bootID: host.bootID,
      kernelVersion: host.kernelVersion,
      osImage: host.osImage,
      containerRuntimeVersion: facts.containerRuntimeVersion,
      kubeletVersion: KUBERNETES_VERSION.gitVersion,
      kubeProxyVersion: '',
      operatingSystem: host.operatingSystem,
      architecture: host.architecture,
    },
  };
}
