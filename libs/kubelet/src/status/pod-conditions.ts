// The pod conditions the kubelet owns: PodReadyToStartContainers, Initialized, Ready, ContainersReady and
// PodScheduled, in the order the 1.32 kubelet writes them (after the conditions others own).

import type { ContainerStatus, Pod, PodCondition, PodPhase } from '@groundkube/api';

import type { RuntimePodStatus } from '../kuberuntime/runtime-pod';

interface ConditionValue {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

/** The condition types the kubelet owns: a status it writes drops the previous ones of these types. */
export const KUBELET_CONDITION_TYPES: readonly string[] = [
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
];

/**
 * Computes the kubelet's conditions, after the ones others own (kept from `previous` as they are), and keeps
 * `lastTransitionTime` from `previous` when a condition's status did not change. `now` is an RFC 3339
 * timestamp (seconds). Without `runtime` (no sandbox known) PodReadyToStartContainers is False.
 */
export function podConditions(options: {
  pod: Pod;
  phase: PodPhase;
  statuses: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  runtime?: RuntimePodStatus | undefined;
  previous: PodCondition[];
  now: string;
}): PodCondition[] {
  const { pod, phase, statuses, previous, now } = options;
  const values: [string, ConditionValue][] = [
    ['PodReadyToStartContainers', readyToStartContainers(pod, options.runtime)],
    ['Initialized', initialized(pod, options.initStatuses ?? [])],
    ['Ready', containersReady(pod, phase, statuses)],
    ['ContainersReady', containersReady(pod, phase, statuses)],
    ['PodScheduled', { status: 'True' }],
  ];
  const owned = new Set(KUBELET_CONDITION_TYPES);
  const others = previous.filter((c) => !owned.has(c.type));

  const computed = values.map(([type, value]): PodCondition => {
    const old = previous.find((c) => c.type === type);
    const lastTransitionTime =
      old !== undefined && old.status === value.status && old.lastTransitionTime
        ? old.lastTransitionTime
        : now;
    const condition: PodCondition = { type, status: value.status, lastProbeTime: null, lastTransitionTime };
    if (value.reason !== undefined) condition.reason = value.reason;
    if (value.message !== undefined) condition.message = value.message;
    return condition;
  });
  return [...others, ...computed];
}

/**
 * True once the pod's sandbox is up with its network configured: the newest sandbox is the only ready one
 * and (outside the host network) has an IP. False while none exists, while it is being created, or after it
 * died or was stopped, i.e. whenever the next sync would have to create a sandbox.
 */
function readyToStartContainers(pod: Pod, runtime: RuntimePodStatus | undefined): ConditionValue {
  const sandboxes = runtime?.sandboxes ?? [];
  const newest = sandboxes[0];
  const ready = sandboxes.filter((s) => s.state === 'ready').length;
  if (newest === undefined || ready !== 1 || newest.state !== 'ready') return { status: 'False' };
  if (!pod.spec?.hostNetwork && newest.ip === '') return { status: 'False' };
  return { status: 'True' };
}

function initialized(pod: Pod, initStatuses: ContainerStatus[]): ConditionValue {
  const pending = (pod.spec?.initContainers ?? [])
    .filter((c) => initStatuses.find((s) => s.name === c.name)?.state?.terminated?.exitCode !== 0)
    .map((c) => c.name);
  if (pending.length === 0) return { status: 'True' };
  return {
    status: 'False',
    reason: 'ContainersNotInitialized',
    message: `containers with incomplete status: [${pending.join(' ')}]`,
  };
}

function containersReady(pod: Pod, phase: PodPhase, statuses: ContainerStatus[]): ConditionValue {
  if (phase === 'Succeeded' || phase === 'Failed') {
    return { status: 'False', reason: 'PodCompleted' };
  }
  const unready = (pod.spec?.containers ?? [])
    .filter((c) => statuses.find((s) => s.name === c.name)?.ready !== true)
    .map((c) => c.name);
  if (unready.length === 0) return { status: 'True' };
  return {
    status: 'False',
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${unready.join(' ')}]`,
  };
}
