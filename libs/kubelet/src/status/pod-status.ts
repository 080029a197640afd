// The API PodStatus the kubelet reports, computed from the pod, the runtime's view and the previous status.

import type { ContainerStatus, Pod, PodStatus } from '@groundkube/api';

import type { RuntimePodStatus } from '../kuberuntime/runtime-pod';
import { podConditions } from './pod-conditions';
import { podPhase } from './pod-phase';

export interface GeneratePodStatusOptions {
  pod: Pod;
  runtime: RuntimePodStatus;
  containerStatuses: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[] | undefined;
  hostIPs: string[];
  /** RFC 3339, seconds. */
  now: string;
  /** When the kubelet first took the pod on (RFC 3339); used when the pod has no startTime yet. Default `now`. */
  startTime?: string | undefined;
}

export function generatePodStatus(options: GeneratePodStatusOptions): PodStatus {
  const { pod, runtime, containerStatuses, hostIPs, now } = options;
  const previous = pod.status ?? {};
  const initStatuses = options.initContainerStatuses ?? [];
  const phase = podPhase(pod, containerStatuses, initStatuses);
  const status: PodStatus = {
    phase,
    conditions: podConditions({
      pod,
      phase,
      statuses: containerStatuses,
      initStatuses,
      runtime,
      previous: previous.conditions ?? [],
      now,
    }),
    startTime: previous.startTime ?? options.startTime ?? now,
    containerStatuses,
  };
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;

  if (hostIPs[0] !== undefined) {
    status.hostIP = hostIPs[0];
    status.hostIPs = hostIPs.map((ip) => ({ ip }));
  }
  const podIPs = pod.spec?.hostNetwork ? hostIPs : runtime.ips;
  if (podIPs.length > 0) {
    status.podIP = podIPs[0];
    status.podIPs = podIPs.map((ip) => ({ ip }));
  } else if (
    previous.podIP !== undefined &&
    (phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp !== undefined)
  ) {
    // A finished or deleted pod whose sandbox has stopped keeps the IP it had, as the real kubelet does.
    status.podIP = previous.podIP;
    if (previous.podIPs) status.podIPs = previous.podIPs;
  }
  status.qosClass = previous.qosClass ?? qosClass(pod);
  for (const key of ['message', 'reason', 'nominatedNodeName'] as const) {
    if (previous[key] !== undefined) status[key] = previous[key];
  }
  return status;
}

/** Guaranteed when every container sets equal cpu and memory requests and limits; BestEffort when none set any. */
export function qosClass(pod: Pod): NonNullable<PodStatus['qosClass']> {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    if (Object.keys(limits).length > 0 || Object.keys(requests).length > 0) any = true;
    for (const resource of ['cpu', 'memory']) {
      const limit = limits[resource];
      const request = requests[resource] ?? limit;
      if (limit === undefined || request !== limit) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Compares statuses ignoring key order and lastProbeTime noise. */
export function sameStatus(a: PodStatus | undefined, b: PodStatus | undefined): boolean {
  return canonical(a ?? {}) === canonical(b ?? {});
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
