// The pod conditions the kubelet owns: PodScheduled, Initialized, ContainersReady, Ready.

import type { ContainerStatus, Pod, PodCondition, PodPhase } from '@groundkube/api';

interface ConditionValue {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

/**
 * Computes the four conditions and keeps `lastTransitionTime` from `previous` when a condition's status did
 * not change. `now` is an RFC 3339 timestamp (seconds).
 */
export function podConditions(options: {
  pod: Pod;
  phase: PodPhase;
  statuses: ContainerStatus[];
  initStatuses?: ContainerStatus[];
  previous: PodCondition[];
  now: string;
}): PodCondition[] {
  const { pod, phase, statuses, previous, now } = options;
  const values: [string, ConditionValue][] = [
    ['PodScheduled', { status: 'True' }],
    ['Initialized', initialized(pod, options.initStatuses ?? [])],
    ['ContainersReady', containersReady(pod, phase, statuses)],
    ['Ready', containersReady(pod, phase, statuses)],
  ];
  const owned = new Set(values.map(([type]) => type));
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
