// What a pod asks of its node, as the scheduler and the kubelet's admission count it: the containers'
// requests
// summed, or the largest need of the init phase when that is higher, plus the pod's overhead.

import type { Container, Pod, Quantity, ResourceList } from '@groundkube/api';

import { scaledQuantity } from '../kuberuntime/container-resources';

/**
 * Resource name → amount in the unit the admission messages use: millicores for cpu, else bytes or a count.
 */
export type ResourceAmounts = Map<string, bigint>;

/** The unit Kubernetes compares a resource in: cpu in millicores (MilliValue), the rest whole (Value). */
export function resourceAmount(resource: string, quantity: Quantity): bigint {
  try {
    return scaledQuantity(quantity, resource === 'cpu' ? 1000n : 1n, resource);
  } catch {
    // The API server validated the quantity; one it let through that we cannot read counts as nothing.
    return 0n;
  }
}

/** A ResourceList as amounts, keeping its keys' order. */
export function resourceAmounts(list: ResourceList | undefined): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [resource, quantity] of Object.entries(list ?? {}))
    out.set(resource, resourceAmount(resource, quantity));
  return out;
}

function add(into: ResourceAmounts, more: ResourceAmounts): void {
  for (const [resource, amount] of more) into.set(resource, (into.get(resource) ?? 0n) + amount);
}

function raiseTo(into: ResourceAmounts, other: ResourceAmounts): void {
  for (const [resource, amount] of other) if (amount > (into.get(resource) ?? 0n)) into.set(resource, amount);
}

/**
 * Only requests count. A container that sets limits alone gets requests equal to them from the API server's
 * defaulting before any kubelet sees it, so reading limits here would count them twice over nothing.
 */
function containerRequests(container: Container): ResourceAmounts {
  return resourceAmounts(container.resources?.requests);
}

/**
 * The pod's effective requests. Regular containers run together, so theirs add up. Init containers run one
 * at a time before them, except restartable ones (sidecars), which keep running alongside whatever starts
 * after them: each init step needs its own requests plus those of the sidecars started before it, and the
 * sidecars also add to the regular containers' sum. The pod needs the larger of the init phase's peak and
 * that sum, per resource, and then its overhead (the runtime's own cost, set from the RuntimeClass).
 */
export function podRequests(pod: Pod): ResourceAmounts {
  const spec = pod.spec;
  const requests: ResourceAmounts = new Map();
  for (const container of spec?.containers ?? []) add(requests, containerRequests(container));

  const sidecars: ResourceAmounts = new Map();
  const initPeak: ResourceAmounts = new Map();
  for (const container of spec?.initContainers ?? []) {
    const own = containerRequests(container);
    if (container.restartPolicy === 'Always') {
      add(requests, own);
      add(sidecars, own);
      raiseTo(initPeak, sidecars);
    } else {
      const step = new Map(own);
      add(step, sidecars);
      raiseTo(initPeak, step);
    }
  }
  raiseTo(requests, initPeak);

  const overhead = (spec as { overhead?: ResourceList } | undefined)?.overhead;
  add(requests, resourceAmounts(overhead));
  return requests;
}
