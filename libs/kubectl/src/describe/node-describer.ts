// `kubectl describe node`: identity, lease, conditions, addresses, capacity, system info, the pods on the node
// with their requests and limits, and events, in kubectl's layout.

import type { Event, Node, Pod } from '@groundkube/api';

import { ageSince } from '../printers/age';
import { DescribeWriter, LEVEL_0, LEVEL_1, formatRfc1123Z, writeMapMultiline } from './describe-writer';
import { writeEvents } from './event-section';
import { formatBytes, formatCpu, parseQuantity } from './quantity';

/** The node's lease, or the error text of fetching it. */
export type LeaseInfo =
  | { found: true; holderIdentity?: string; acquireTime?: string; renewTime?: string }
  | { found: false; error: string };

const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function describeNode(
  node: Node,
  pods: Pod[] | undefined,
  lease: LeaseInfo,
  events: Event[] | undefined,
  now: Date,
): string {
  const w = new DescribeWriter();
  const status = node.status ?? {};
  const labels = node.metadata.labels ?? {};
  w.write(LEVEL_0, `Name:\t${node.metadata.name ?? ''}\n`);
  const roles = Object.keys(labels)
    .filter((key) => key.startsWith('node-role.kubernetes.io/'))
    .map((key) => key.slice('node-role.kubernetes.io/'.length))
    .filter((role) => role !== '')
    .sort();
  w.write(LEVEL_0, `Roles:\t${roles.length === 0 ? '<none>' : roles.join(',')}\n`);
  writeMapMultiline(w, 'Labels', labels, '=');
  writeMapMultiline(w, 'Annotations', node.metadata.annotations, ': ', SKIPPED_ANNOTATIONS);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRfc1123Z(node.metadata.creationTimestamp)}\n`);
  const taints = node.spec?.taints ?? [];
  if (taints.length === 0) w.write(LEVEL_0, 'Taints:\t<none>\n');
  taints.forEach((taint, index) => {
    const text = `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
    w.write(LEVEL_0, `${index === 0 ? 'Taints:' : ''}\t${text}\n`);
  });
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  if (lease.found) {
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${lease.holderIdentity ?? '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${lease.acquireTime ? formatRfc1123Z(lease.acquireTime) : '<unset>'}\n`);
    w.write(LEVEL_1, `RenewTime:\t${lease.renewTime ? formatRfc1123Z(lease.renewTime) : '<unset>'}\n`);
  } else {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease.error}\n`);
  }
  if (status.conditions && status.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(
        LEVEL_1,
        `${c.type} \t${c.status} \t${formatRfc1123Z(c.lastHeartbeatTime)} \t${formatRfc1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const address of status.addresses ?? []) w.write(LEVEL_1, `${address.type}:\t${address.address}\n`);
  const writeList = (title: string, list: Record<string, string> | undefined): void => {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length === 0) return;
    w.write(LEVEL_0, `${title}:\n`);
    for (const key of keys) w.write(LEVEL_1, `${key}:\t${list?.[key] ?? ''}\n`);
  };
  writeList('Capacity', status.capacity);
  writeList('Allocatable', status.allocatable);
  const info = status.nodeInfo;
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs && node.spec.podCIDRs.length > 0)
    w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
  if (pods) writeNodePods(w, node, pods, now);
  if (events !== undefined) writeEvents(w, events, now);
  return w.toString();
}

function writeNodePods(w: DescribeWriter, node: Node, pods: Pod[], now: Date): void {
  const allocatable =
    Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status?.allocatable : node.status?.capacity;
  const cpuTotal = parseQuantity(allocatable?.['cpu']);
  const memTotal = parseQuantity(allocatable?.['memory']);
  // Per pod, the real kubectl divides by allocatable unchecked: with none (a node made by hand) Go turns the
  // NaN/Inf into int64's minimum, and that is what it prints. The totals below check for zero instead.
  const podPct = (value: number, total: number): string =>
    total === 0 ? '-9223372036854775808' : String(Math.trunc((value / total) * 100));
  const pct = (value: number, total: number): number => (total === 0 ? 0 : Math.trunc((value / total) * 100));
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totals = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0, diskReq: 0, diskLim: 0 };
  for (const pod of pods) {
    const sums = podResources(pod);
    totals.cpuReq += sums.cpuReq;
    totals.cpuLim += sums.cpuLim;
    totals.memReq += sums.memReq;
    totals.memLim += sums.memLim;
    totals.diskReq += sums.diskReq;
    totals.diskLim += sums.diskLim;
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t${formatCpu(sums.cpuReq)} (${podPct(sums.cpuReq, cpuTotal)}%)\t${formatCpu(sums.cpuLim)} (${podPct(sums.cpuLim, cpuTotal)}%)\t${formatBytes(sums.memReq)} (${podPct(sums.memReq, memTotal)}%)\t${formatBytes(sums.memLim)} (${podPct(sums.memLim, memTotal)}%)\t${ageSince(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  const diskTotal = parseQuantity(allocatable?.['ephemeral-storage']);
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  w.write(
    LEVEL_1,
    `cpu\t${formatCpu(totals.cpuReq)} (${pct(totals.cpuReq, cpuTotal)}%)\t${formatCpu(totals.cpuLim)} (${pct(totals.cpuLim, cpuTotal)}%)\n`,
  );
  w.write(
    LEVEL_1,
    `memory\t${formatBytes(totals.memReq)} (${pct(totals.memReq, memTotal)}%)\t${formatBytes(totals.memLim)} (${pct(totals.memLim, memTotal)}%)\n`,
  );
  w.write(
    LEVEL_1,
    `ephemeral-storage\t${formatBytes(totals.diskReq)} (${pct(totals.diskReq, diskTotal)}%)\t${formatBytes(totals.diskLim)} (${pct(totals.diskLim, diskTotal)}%)\n`,
  );
  writeOtherAllocatedResources(w, allocatable ?? {}, pods, pct);
}

const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

/**
 * The rows after cpu/memory/ephemeral-storage, for what else the node can allocate: each huge page size with
 * its share of the node's pages, then each extended resource (`example.com/gpu`) with bare totals, both
 * sorted
 * by name as kubectl lists them.
 */
function writeOtherAllocatedResources(
  w: DescribeWriter,
  allocatable: Record<string, string>,
  pods: Pod[],
  pct: (value: number, total: number) => number,
): void {
  const names = Object.keys(allocatable).sort();
  const hugePages = names.filter((name) => name.startsWith('hugepages-'));
  const extended = names.filter((name) => !name.startsWith('hugepages-') && !STANDARD_RESOURCES.has(name));
  const sum = (name: string, kind: 'requests' | 'limits'): number =>
    pods.reduce((total, pod) => total + podResource(pod, name, kind), 0);
  for (const name of hugePages) {
    const total = parseQuantity(allocatable[name]);
    const [requests, limits] = [sum(name, 'requests'), sum(name, 'limits')];
    w.write(
      LEVEL_1,
      `${name}\t${formatBytes(requests)} (${pct(requests, total)}%)\t${formatBytes(limits)} (${pct(limits, total)}%)\n`,
    );
  }
  for (const name of extended) {
    w.write(LEVEL_1, `${name}\t${formatCount(sum(name, 'requests'))}\t${formatCount(sum(name, 'limits'))}\n`);
  }
}

/** One pod's request (a limit without a request counts as the request, the server's defaulting) or limit. */
function podResource(pod: Pod, name: string, kind: 'requests' | 'limits'): number {
  let total = 0;
  for (const container of pod.spec?.containers ?? []) {
    const limit = container.resources?.limits?.[name];
    total += parseQuantity(kind === 'limits' ? limit : (container.resources?.requests?.[name] ?? limit));
  }
  return total;
}

// TODO(#5): an extended resource is counted in whole units; a fractional sum ("500m") prints as a decimal.
function formatCount(value: number): string {
  return String(value);
}

function podResources(pod: Pod): {
  cpuReq: number;
  cpuLim: number;
  memReq: number;
  memLim: number;
  diskReq: number;
  diskLim: number;
} {
  const sums = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0, diskReq: 0, diskLim: 0 };
  for (const container of pod.spec?.containers ?? []) {
    const limits = container.resources?.limits ?? {};
    const requests = container.resources?.requests ?? {};
    // A limit without a request means request = limit (the server's defaulting).
    sums.cpuReq += parseQuantity(requests['cpu'] ?? limits['cpu']);
    sums.cpuLim += parseQuantity(limits['cpu']);
    sums.memReq += parseQuantity(requests['memory'] ?? limits['memory']);
    sums.memLim += parseQuantity(limits['memory']);
    sums.diskReq += parseQuantity(requests['ephemeral-storage'] ?? limits['ephemeral-storage']);
    sums.diskLim += parseQuantity(limits['ephemeral-storage']);
  }
  return sums;
}
