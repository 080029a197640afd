// One etcd watch on a key prefix, turned into StorageEvents (ADDED/MODIFIED/DELETED).
import type { Etcd3, IKeyValue, Watcher } from 'etcd3';
import type { Logger } from 'pino';
import { ResourceVersionTooOldError } from '../errors';
import { EventQueue } from '../event-queue';
import { decodeObject } from '../object-codec';
import type { ListOptions, ListResult, StorageEvent, WatchOptions } from '../storage';

export interface EtcdWatchParams {
  readonly client: Etcd3;
  readonly prefix: string;
  readonly rangeEnd: Buffer;
  readonly options: WatchOptions;
  readonly log: Logger;
  readonly list: (prefix: string, options: ListOptions) => Promise<ListResult>;
  readonly currentRevision: () => Promise<number>;
  readonly translate: (error: unknown, revision?: number) => unknown;
}

interface WatchEventMessage {
  type: 'Put' | 'Delete' | 'PUT' | 'DELETE';
  kv: IKeyValue;
  prev_kv?: IKeyValue;
}

/** Translates one etcd event; undefined for events we cannot decode (logged, then skipped). */
function toStorageEvent(event: WatchEventMessage, log: Logger): StorageEvent | undefined {
  const revision = Number(event.kv.mod_revision);
  try {
    if (String(event.type).toLowerCase() === 'delete') {
      // A delete carries no value: the last state comes from prev_kv (requested with withPreviousKV).
      if (!event.prev_kv) return undefined;
      return { type: 'DELETED', object: decodeObject(event.prev_kv.value, revision), revision };
    }
    const added = event.kv.create_revision === event.kv.mod_revision;
    return { type: added ? 'ADDED' : 'MODIFIED', object: decodeObject(event.kv.value, revision), revision };
  } catch (err) {
    log.warn({ err, key: event.kv.key.toString() }, 'Skipping undecodable watch event');
    return undefined;
  }
}

export function watchEtcd(params: EtcdWatchParams): AsyncIterable<StorageEvent> {
  const queue = new EventQueue<StorageEvent>();
  const { options, log } = params;
  let watcher: Watcher | undefined;

  const stop = (): void => {
    queue.end();
    void watcher?.cancel().catch(() => undefined);
  };
  if (options.signal.aborted) {
    queue.end();
    return queue;
  }
  options.signal.addEventListener('abort', stop, { once: true });

  const start = async (): Promise<void> => {
    let from: number;
    if (options.initialEvents) {
      const list = await params.list(params.prefix, { revision: options.revision, signal: options.signal });
      for (const object of list.items) {
        queue.push({ type: 'ADDED', object, revision: Number(object.metadata.resourceVersion) });
      }
      from = list.revision;
    } else if (options.revision !== undefined && options.revision > 0) {
      from = options.revision;
      // Fail fast on a compacted start revision: a read at it tells us before the watch does.
      try {
        await params.client.kv.range({
          key: Buffer.from(params.prefix),
          limit: 1,
          keys_only: true,
          revision: from,
        });
      } catch (err) {
        const translated = params.translate(err, from);
        if (translated instanceof ResourceVersionTooOldError) throw translated;
        // A future revision is fine: the watch waits for it.
      }
    } else {
      from = await params.currentRevision();
    }
    if (options.signal.aborted) return;

    const w = await params.client
      .watch()
      .prefix(params.prefix)
      .startRevision(String(from + 1))
      .withPreviousKV()
      .create();
    watcher = w;
    if (options.signal.aborted) {
      void w.cancel().catch(() => undefined);
      return;
    }
    w.on('data', (res: { events: WatchEventMessage[] }) => {
      for (const event of res.events) {
        const translated = toStorageEvent(event, log);
        if (translated) queue.push(translated);
      }
    });
    w.on('error', (err: Error) => {
      // etcd cancels a watch only when its revision is compacted (or the watcher fell that far behind).
      queue.fail(new ResourceVersionTooOldError(from, undefined, { cause: err }));
      void w.cancel().catch(() => undefined);
    });
    w.on('disconnected', (err: Error) =>
      log.debug({ err, prefix: params.prefix }, 'etcd watch disconnected'),
    );
  };

  start().catch((err: unknown) => {
    if (options.signal.aborted) queue.end();
    else queue.fail(params.translate(err));
  });
  return queue;
}
