// Pods: NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES].
// STATUS is the one-word summary kubectl users know: the phase, overridden by the most telling
// container state (CrashLoopBackOff, ContainerCreating, Completed, Init:1/2 …) and by deletion.
import type { Container, ContainerStatus, Pod, PodCondition } from '@groundkube/api';
import { timestampSince } from './human-duration';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  column,
  type PrintContext,
  type ResourcePrinter,
  type TableRowCondition,
} from './resource-printer';

const NODE_UNREACHABLE_REASON = 'NodeLost';

function isRestartableInit(container: Container | undefined): boolean {
  // Sidecars: init containers with restartPolicy Always (not in our Container type yet, read loosely).
  return (container as { restartPolicy?: string } | undefined)?.restartPolicy === 'Always';
}

function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

interface RestartTally {
  count: number;
  last: number;
}

function tallyRestart(tally: RestartTally, status: ContainerStatus): void {
  tally.count += status.restartCount ?? 0;
  const finishedAt = status.lastState?.terminated?.finishedAt;
  const at = finishedAt ? Date.parse(finishedAt) : NaN;
  if (!Number.isNaN(at) && at > tally.last) tally.last = at;
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: RestartTally;
}

/** Walks init containers in order; returns true while the pod is still initialising. */
function summariseInit(pod: Pod, summary: PodSummary, sidecarRestarts: RestartTally): boolean {
  const specs = new Map((pod.spec?.initContainers ?? []).map((c) => [c.name, c]));
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (const [index, status] of statuses.entries()) {
    tallyRestart(summary.restarts, status);
    const sidecar = isRestartableInit(specs.get(status.name));
    if (sidecar) tallyRestart(sidecarRestarts, status);
    const terminated = status.state?.terminated;
    const waiting = status.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && status.started === true) {
      if (status.ready) summary.ready++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) summary.reason = `Init:${terminated.reason}`;
      else if (terminated.signal) summary.reason = `Init:Signal:${terminated.signal}`;
      else summary.reason = `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      summary.reason = `Init:${waiting.reason}`;
    } else {
      summary.reason = `Init:${index}/${specs.size}`;
    }
    return true;
  }
  return false;
}

/** Walks app containers from last to first, so the first container's state has the final word. */
function summariseContainers(pod: Pod, summary: PodSummary): void {
  const statuses = pod.status?.containerStatuses ?? [];
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const status = statuses[i];
    if (status === undefined) continue;
    tallyRestart(summary.restarts, status);
    const waiting = status.state?.waiting;
    const terminated = status.state?.terminated;
    if (waiting?.reason) summary.reason = waiting.reason;
    else if (terminated?.reason) summary.reason = terminated.reason;
    else if (terminated) {
      summary.reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
    } else if (status.ready && status.state?.running) {
      hasRunning = true;
      summary.ready++;
    }
  }
  // A pod whose first container completed while another still runs is not "Completed".
  if (summary.reason === 'Completed' && hasRunning) {
    summary.reason = conditionTrue(pod.status?.conditions, 'Ready') ? 'Running' : 'NotReady';
  }
}

/** The READY, STATUS and RESTARTS figures of a pod, as Kubernetes computes them. */
export function summarisePod(pod: Pod): PodSummary {
  const phase = pod.status?.phase ?? '';
  const initContainers = pod.spec?.initContainers ?? [];
  const summary: PodSummary = {
    ready: 0,
    total: (pod.spec?.containers ?? []).length + initContainers.filter(isRestartableInit).length,
    reason: pod.status?.reason || phase,
    restarts: { count: 0, last: 0 },
  };
  for (const condition of pod.status?.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated')
      summary.reason = 'SchedulingGated';
  }

  const sidecarRestarts: RestartTally = { count: 0, last: 0 };
  const initializing = summariseInit(pod, summary, sidecarRestarts);
  if (!initializing || conditionTrue(pod.status?.conditions, 'Initialized')) {
    summary.restarts = sidecarRestarts;
    summariseContainers(pod, summary);
  }

  if (pod.metadata.deletionTimestamp && pod.status?.reason === NODE_UNREACHABLE_REASON)
    summary.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    summary.reason = 'Terminating';
  }
  return summary;
}

function restartsCell(restarts: RestartTally, now: Date): string {
  if (restarts.count === 0 || restarts.last === 0) return String(restarts.count);
  return `${restarts.count} (${timestampSince(new Date(restarts.last).toISOString(), now)} ago)`;
}

function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passing = gates.filter(
    (gate) => conditions.find((c) => c.type === gate.conditionType)?.status === 'True',
  );
  return `${passing.length}/${gates.length}`;
}

export const podPrinter: ResourcePrinter<Pod> = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    column('IP', 'string', 'The IP address allocated to the pod (the first of status.podIPs).', {
      priority: 1,
    }),
    column('Node', 'string', 'The node the pod is bound to (spec.nodeName).', { priority: 1 }),
    column('Nominated Node', 'string', 'The node the scheduler nominated for preemption, if any.', {
      priority: 1,
    }),
    column('Readiness Gates', 'string', 'Readiness gates whose condition is True, out of all declared.', {
      priority: 1,
    }),
  ],
  cells(pod: Pod, { now }: PrintContext): unknown[] {
    const summary = summarisePod(pod);
    return [
      pod.metadata.name ?? '',
      `${summary.ready}/${summary.total}`,
      summary.reason,
      restartsCell(summary.restarts, now),
      timestampSince(pod.metadata.creationTimestamp, now),
      pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGatesCell(pod),
    ];
  },
  conditions(pod: Pod): TableRowCondition[] | undefined {
    if (pod.status?.phase === 'Succeeded') {
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ];
    }
    if (pod.status?.phase === 'Failed') {
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    }
    return undefined;
  },
};
