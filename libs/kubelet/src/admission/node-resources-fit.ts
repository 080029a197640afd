// The kubelet's admission check for resources: a pod fits when, for each resource it requests, what it asks
// is no more than the node's allocatable less what the pods already admitted here request, and when one more
// pod stays within the node's pod count. This is the scheduler's NodeResourcesFit filter, run on the node.

import type { Node, Pod } from '@groundkube/api';

import { podRequests, resourceAmounts, type ResourceAmounts } from './pod-requests';

/** One resource the node is short of, in the unit Kubernetes reports it (millicores for cpu). */
export interface InsufficientResource {
  resourceName: string;
  requested: bigint;
  used: bigint;
  capacity: bigint;
}

/** The status reason for a shortage, e.g. OutOfcpu, OutOfmemory, OutOfpods, OutOfhugepages-2Mi. */
export function insufficientResourceReason(shortage: InsufficientResource): string {
  return `OutOf${shortage.resourceName}`;
}

/** The event's message for a shortage (the status adds the rejection prefix). */
export function insufficientResourceMessage(shortage: InsufficientResource): string {
  const { resourceName, requested, used, capacity } = shortage;
  return `Node didn't have enough resource: ${resourceName}, requested: ${requested}, used: ${used}, capacity: ${capacity}`;
}

/** Resources the filter checks by name, in its order; every other resource is checked after them. */
const NAMED_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * An extended resource is one outside the kubernetes.io domain (`example.com/gpu`). The kubelet ignores those
 * its node does not offer at all: a cluster-level resource the scheduler accounts for, not this node.
 */
function isExtendedResource(resource: string): boolean {
  if (!resource.includes('/') || resource.startsWith('requests.')) return false;
  const domain = resource.slice(0, resource.indexOf('/'));
  return domain !== 'kubernetes.io' && !domain.endsWith('.kubernetes.io');
}

/**
 * Every resource `pod` does not fit in: pods first, then cpu, memory, ephemeral-storage, then the rest in
 * the pod's order. `admitted` are the non-terminal pods this node already runs (not `pod` itself).
 */
export function insufficientResources(
  pod: Pod,
  node: Node,
  admitted: readonly Pod[],
): InsufficientResource[] {
  const allocatable = resourceAmounts(node.status?.allocatable);
  const others = admitted.filter((p) => p.metadata.uid !== pod.metadata.uid);
  const shortages: InsufficientResource[] = [];

  const allowedPods = allocatable.get('pods') ?? 0n;
  if (BigInt(others.length) + 1n > allowedPods) {
    shortages.push({
      resourceName: 'pods',
      requested: 1n,
      used: BigInt(others.length),
      capacity: allowedPods,
    });
  }

  const wanted = podRequests(pod);
  for (const [resource] of wanted) {
    if (isExtendedResource(resource) && !allocatable.has(resource)) wanted.delete(resource);
  }
  wanted.delete('pods');
  if ([...wanted.values()].every((amount) => amount === 0n)) return shortages;

  const used: ResourceAmounts = new Map();
  for (const other of others) {
    for (const [resource, amount] of podRequests(other))
      used.set(resource, (used.get(resource) ?? 0n) + amount);
  }
  const order = [
    ...NAMED_RESOURCES.filter((r) => wanted.has(r)),
    ...[...wanted.keys()].filter((r) => !NAMED_RESOURCES.includes(r)),
  ];
  for (const resource of order) {
    const requested = wanted.get(resource) ?? 0n;
    const capacity = allocatable.get(resource) ?? 0n;
    const inUse = used.get(resource) ?? 0n;
    if (requested > 0n && requested > capacity - inUse) {
      shortages.push({ resourceName: resource, requested, used: inUse, capacity });
    }
  }
  return shortages;
}
