// The Events table at the end of describe, and the fieldSelector kubectl uses to find an object's events.

import type { Event, EventList } from '@groundkube/api';
import { EVENTS } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { ageSince } from '../printers/age';
import { DescribeWriter, LEVEL_0, LEVEL_1 } from './describe-writer';

export interface InvolvedObject {
  name: string;
  namespace: string;
  uid: string;
  /**
   * Also filters on the kind when given (kubectl does for every kind; the uid alone already picks one
   * object).
   */
  kind?: string;
}

/** Events of one object: for namespaced objects in their namespace; for nodes across all namespaces. */
export async function fetchEvents(ctx: CommandContext, involved: InvolvedObject): Promise<Event[]> {
  const selector =
    involved.kind === 'Node'
      ? `involvedObject.namespace=,involvedObject.kind=Node,involvedObject.uid=${involved.uid},involvedObject.name=${involved.name}`
      : [
          `involvedObject.name=${involved.name}`,
          `involvedObject.namespace=${involved.namespace}`,
          ...(involved.kind ? [`involvedObject.kind=${involved.kind}`] : []),
          `involvedObject.uid=${involved.uid}`,
        ].join(',');
  const list = await ctx.client.list<Event>(
    { resource: EVENTS, namespace: involved.kind === 'Node' ? undefined : involved.namespace },
    { fieldSelector: selector, limit: 500, signal: ctx.io.signal },
  );
  return (list as EventList).items;
}

export function writeEvents(w: DescribeWriter, events: Event[], now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  const sorted = [...events].sort((a, b) => eventTime(a) - eventTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const event of sorted) {
    const first = event.eventTime
      ? ageSince(event.eventTime, now)
      : ageSince(event.firstTimestamp ?? undefined, now);
    const interval =
      (event.count ?? 0) > 1
        ? `${ageSince(event.lastTimestamp ?? undefined, now)} (x${event.count ?? 0} over ${first})`
        : first;
    const source = event.source?.component || event.reportingComponent || '';
    w.write(
      LEVEL_1,
      `${event.type ?? ''}\t${event.reason ?? ''}\t${interval}\t${source}\t${(event.message ?? '').trim()}\n`,
    );
  }
}

function eventTime(event: Event): number {
  const stamp = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp;
  return stamp ? Date.parse(stamp) : 0;
}
