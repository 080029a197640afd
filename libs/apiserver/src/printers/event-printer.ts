// Events: LAST SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE [FIRST SEEN COUNT NAME].
import type { Event } from '@groundkube/api';
import { timestampSince } from './human-duration';
import { column, type PrintContext, type ResourcePrinter } from './resource-printer';

/** "component, host", falling back to the reporting controller/instance of newer-style events. */
export function eventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance === '' ? component : `${component}, ${instance}`;
}

/** `kind/name` with the kind lower-cased, or just the kind when the object has no name. */
export function eventObject(event: Event): string {
  const kind = (event.involvedObject?.kind ?? '').toLowerCase();
  const name = event.involvedObject?.name ?? '';
  return name === '' ? kind : `${kind}/${name}`;
}

export const eventPrinter: ResourcePrinter<Event> = {
  columns: [
    column('Last Seen', 'string', 'When the event was most recently observed (lastTimestamp).'),
    column('Type', 'string', 'Normal or Warning.'),
    column('Reason', 'string', 'A short, machine-readable reason for the transition the event reports.'),
    column('Object', 'string', 'The object the event is about (involvedObject).'),
    column('Subobject', 'string', 'The part of the object the event is about (involvedObject.fieldPath).', {
      priority: 1,
    }),
    column('Source', 'string', 'The component, and host, that reported the event.', { priority: 1 }),
    column('Message', 'string', 'A human-readable description of the event.'),
    column('First Seen', 'string', 'When the event was first observed (firstTimestamp).', { priority: 1 }),
    column('Count', 'string', 'How many times the event has occurred.', { priority: 1 }),
    column('Name', 'string', 'The name of the Event object.', { priority: 1, format: 'name' }),
  ],
  cells(event: Event, { now }: PrintContext): unknown[] {
    const firstSeen = event.firstTimestamp
      ? timestampSince(event.firstTimestamp, now)
      : timestampSince(event.eventTime, now);
    const lastSeen = event.lastTimestamp ? timestampSince(event.lastTimestamp, now) : firstSeen;
    // Events recorded the events.k8s.io way carry no count: a single occurrence.
    const count = event.count && event.count > 0 ? event.count : 1;
    return [
      lastSeen,
      event.type ?? '',
      event.reason ?? '',
      eventObject(event),
      event.involvedObject?.fieldPath ?? '',
      eventSource(event),
      (event.message ?? '').trim(),
      firstSeen,
      count,
      event.metadata.name ?? '',
    ];
  },
};
