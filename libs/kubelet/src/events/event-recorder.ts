// Posts core/v1 Events about pods and the node, as the kubelet does, folding repeats into one Event whose
// count grows.

import type { Event, ObjectReference, Pod } from '@groundkube/api';
import { EVENTS, isNotFound, realClock, type Clock, type RestClient } from '@groundkube/client';
import { silentLogger, type Logger } from '@groundkube/logging';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: RestClient;
  /** The node name: source.host. */
  host: string;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

const MAX_REMEMBERED = 4096;

interface Recorded {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

/** A reference to a pod (or to one of its containers when `fieldPath` is set). */
export function podReference(pod: Pod, fieldPath?: string): ObjectReference {
  const ref: ObjectReference = {
    kind: 'Pod',
    apiVersion: 'v1',
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
  };
  if (pod.metadata.resourceVersion !== undefined) ref.resourceVersion = pod.metadata.resourceVersion;
  if (fieldPath !== undefined) ref.fieldPath = fieldPath;
  return ref;
}

/** A reference to the node; the kubelet uses the node name as its uid (kubectl describe node looks for it). */
export function nodeReference(nodeName: string): ObjectReference {
  return { kind: 'Node', name: nodeName, uid: nodeName, namespace: '' };
}

/**
 * Records events without blocking the caller: writes go out in order in the background and failures are
 * logged at debug (events are best effort). `flush()` waits for what was recorded so far.
 */
export class EventRecorder {
  private readonly client: RestClient;
  private readonly host: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly recorded = new Map<string, Recorded>();
  private tail: Promise<void> = Promise.resolve();
  private sequence = 0;

  constructor(options: EventRecorderOptions) {
    this.client = options.client;
    this.host = options.host;
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? silentLogger()).child({ component: 'event-recorder' });
  }

  event(ref: ObjectReference, type: EventType, reason: string, message: string): void {
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const key = [ref.uid, ref.fieldPath ?? '', type, reason, message].join('\u0000');
    this.tail = this.tail.then(() => this.write(key, ref, type, reason, message, now));
  }

  flush(): Promise<void> {
    return this.tail;
  }

  private async write(
    key: string,
    ref: ObjectReference,
    type: EventType,
    reason: string,
    message: string,
    now: string,
  ): Promise<void> {
    const namespace = ref.namespace || 'default';
    const previous = this.recorded.get(key);
    try {
      if (previous !== undefined) {
        const count = previous.count + 1;
        await this.client.patch(
          { resource: EVENTS, namespace: previous.namespace, name: previous.name },
          { count, lastTimestamp: now },
          { contentType: 'application/merge-patch+json' },
        );
        previous.count = count;
        return;
      }
    } catch (err) {
      if (!isNotFound(err)) {
        this.log.debug({ err, reason }, 'Event update failed');
        return;
      }
      // The earlier event expired or was deleted: start a new one.
    }
    const name = eventName(ref.name ?? 'unknown', this.uniqueSuffix());
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: ref,
      reason,
      message,
      source: { component: 'kubelet', host: this.host },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: this.host,
    };
    try {
      await this.client.create({ resource: EVENTS, namespace }, event);
      this.recorded.set(key, { name, namespace, count: 1, firstTimestamp: now });
      // Remember a bounded number of events for folding repeats; the oldest go first (Map keeps insertion order).
      if (this.recorded.size > MAX_REMEMBERED) this.recorded.delete(this.recorded.keys().next().value!);
      this.log.trace({ reason, object: `${ref.kind}/${ref.name}` }, 'Event recorded');
    } catch (err) {
      this.log.debug({ err, reason }, 'Event create failed');
    }
  }

  /** Hex of nanoseconds since the epoch, as the real kubelet names events; a sequence keeps it unique. */
  private uniqueSuffix(): string {
    const nanos = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    return nanos.toString(16);
  }
}

/** An object name's limit (a DNS subdomain); an Event's name is one too. */
const NAME_MAX_LENGTH = 253;

/**
 * `<object name>.<suffix>`, as the real kubelet names events, with the object's name cut when both would pass
 * 253 characters (a pod name may use all 253): an Event the API server refuses is an event nobody sees.
 * Trailing '.' and '-' of the cut are dropped, so the name stays a DNS subdomain.
 */
export function eventName(objectName: string, suffix: string): string {
  const room = NAME_MAX_LENGTH - suffix.length - 1;
  const base = objectName.length <= room ? objectName : objectName.slice(0, room).replace(/[-.]+$/, '');
  return `${base}.${suffix}`;
}
