// A watch as the API serves it, built on a storage watch: events filtered by the selectors (an
// object that stops matching leaves with DELETED, one that starts matching arrives with ADDED),
// periodic BOOKMARKs, a timeout, and an ERROR event when the start revision is gone.
import type { KubeObject, Status, WatchEvent } from '@groundkube/api';
import type { Clock } from '@groundkube/client';
import { ResourceVersionTooOldError, type Storage, type StorageEvent } from '@groundkube/storage';
import type { Logger } from 'pino';
import { expired, internalError, isApiError } from '../api-errors';
import { tooOldMessage } from '../storage-errors';
import { listAll } from './list-pages';

/** Annotation on the bookmark that ends the initial events of a `sendInitialEvents` watch. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

export interface WatchStreamParams {
  readonly storage: Storage;
  readonly prefix: string;
  /** Undefined when every object matches. */
  readonly filter: ((object: KubeObject) => boolean) | undefined;
  readonly relativeKey: (object: KubeObject) => string;
  /** Revision to resume after; undefined starts from the newest state. */
  readonly startRevision: number | undefined;
  /** Send ADDED for every current (matching) object first. */
  readonly initialEvents: boolean;
  /** With initialEvents and bookmarks: end the initial events with an annotated BOOKMARK. */
  readonly initialEventsEndBookmark: boolean;
  readonly bookmarkIntervalMs: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Sets kind/apiVersion on objects; also makes the bookmark object. */
  readonly decorate: (object: KubeObject) => KubeObject;
}

type Outgoing = WatchEvent<KubeObject | Status>;
type Wake =
  { readonly kind: 'event'; readonly result: IteratorResult<StorageEvent> } | { readonly kind: 'tick' };

/** Decides, per storage event, what a filtered watcher sees. */
class MatchTracker {
  private readonly matching = new Set<string>();

  constructor(
    private readonly filter: (object: KubeObject) => boolean,
    private readonly keyOf: (object: KubeObject) => string,
  ) {}

  seed(object: KubeObject): void {
    if (this.filter(object)) this.matching.add(this.keyOf(object));
  }

  translate(event: StorageEvent): Outgoing['type'] | undefined {
    const key = this.keyOf(event.object);
    const wasMatching = this.matching.has(key);
    if (event.type === 'DELETED') {
      this.matching.delete(key);
      return wasMatching ? 'DELETED' : undefined;
    }
    const matches = this.filter(event.object);
    if (matches) this.matching.add(key);
    else this.matching.delete(key);
    if (matches) return wasMatching ? 'MODIFIED' : 'ADDED';
    return wasMatching ? 'DELETED' : undefined;
  }
}

function errorEvent(error: unknown, oldest: number | undefined): Outgoing {
  if (error instanceof ResourceVersionTooOldError) {
    return { type: 'ERROR', object: expired(tooOldMessage(error, oldest)).toStatus() };
  }
  if (isApiError(error)) return { type: 'ERROR', object: error.toStatus() };
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'ERROR', object: internalError(message).toStatus() };
}

/**
 * Streams events until `signal` aborts, the timeout passes, or the storage watch fails (then one
 * ERROR event ends the stream). Ending the iteration early stops the storage watch.
 */
export async function* watchStream(params: WatchStreamParams): AsyncGenerator<Outgoing> {
  const { storage, clock, decorate } = params;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (params.signal.aborted) return;
  params.signal.addEventListener('abort', onAbort, { once: true });
  if (params.timeoutMs !== undefined) {
    clock.sleep(params.timeoutMs, stop.signal).then(onAbort, () => undefined);
  }
  const tracker = params.filter ? new MatchTracker(params.filter, params.relativeKey) : undefined;
  let lastRevision = params.startRevision ?? 0;

  try {
    // Initial state (or, for a filtered resume, which objects matched at the start revision).
    let from = params.startRevision;
    if (params.initialEvents || (tracker && from !== undefined)) {
      // Initial events show the newest state; a filtered resume needs the state at its start
      // revision (or the newest, for a revision the storage has not reached yet).
      let readAt = params.initialEvents ? undefined : from;
      if (readAt !== undefined && readAt > (await storage.currentRevision({ signal: stop.signal })))
        readAt = undefined;
      const state = await listAll(storage, params.prefix, readAt, stop.signal);
      if (params.initialEvents) from = state.revision;
      lastRevision = from ?? state.revision;
      for (const object of state.items) {
        if (params.initialEvents) {
          if (params.filter && !params.filter(object)) continue;
          tracker?.seed(object);
          yield { type: 'ADDED', object: decorate(object) };
        } else {
          tracker?.seed(object);
        }
      }
      if (params.initialEvents && params.initialEventsEndBookmark) {
        yield { type: 'BOOKMARK', object: bookmark(decorate, lastRevision, true) };
      }
    }

    const events = storage.watch(params.prefix, { revision: from, signal: stop.signal });
    const iterator = events[Symbol.asyncIterator]();
    let pendingEvent: Promise<Wake> = iterator.next().then((result) => ({ kind: 'event', result }));
    let pendingTick = nextTick(params, stop.signal);

    for (;;) {
      const wake = await (pendingTick ? Promise.race([pendingEvent, pendingTick]) : pendingEvent);
      if (stop.signal.aborted) return;
      if (wake.kind === 'tick') {
        yield { type: 'BOOKMARK', object: bookmark(decorate, lastRevision, false) };
        pendingTick = nextTick(params, stop.signal);
        continue;
      }
      if (wake.result.done) return;
      const event = wake.result.value;
      pendingEvent = iterator.next().then((result) => ({ kind: 'event', result }));
      lastRevision = event.revision;
      const type = tracker ? tracker.translate(event) : event.type;
      if (type) yield { type, object: decorate(event.object) };
    }
  } catch (err) {
    if (stop.signal.aborted) return;
    // TODO(#3): etcd's watch cancel carries the compacted revision, but the etcd3 client drops it;
    // the newest revision stands in: one a client can always list and resume from again.
    const oldest = await storage.currentRevision().catch(() => undefined);
    params.logger.debug({ err, prefix: params.prefix }, 'Watch ended with an error');
    yield errorEvent(err, oldest);
  } finally {
    params.signal.removeEventListener('abort', onAbort);
    stop.abort();
  }
}

// TODO(#3): a bookmark carries the last revision seen on this watch's prefix; while the prefix is
// idle it does not advance (Kubernetes' watch cache knows the global revision), so a client idle
// for longer than the compaction interval still resumes into a 410 and relists.
function nextTick(params: WatchStreamParams, signal: AbortSignal): Promise<Wake> | undefined {
  if (params.bookmarkIntervalMs === undefined) return undefined;
  return params.clock.sleep(params.bookmarkIntervalMs, signal).then(
    () => ({ kind: 'tick' }) as const,
    // Aborted: never wake again; the abort itself ends the loop through the storage watch.
    () => new Promise<Wake>(() => undefined),
  );
}

function bookmark(
  decorate: (o: KubeObject) => KubeObject,
  revision: number,
  initialEnd: boolean,
): KubeObject {
  const metadata: KubeObject['metadata'] = { resourceVersion: String(revision) };
  if (initialEnd) metadata.annotations = { [INITIAL_EVENTS_END_ANNOTATION]: 'true' };
  return decorate({ metadata });
}
