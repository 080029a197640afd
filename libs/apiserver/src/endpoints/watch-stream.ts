// A watch response: chunked JSON, one WatchEvent per line, headers flushed before the first event
// (kubectl wait on an already-true condition otherwise waits for bytes that never come).
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { KubeObject, Status, WatchEvent } from '@groundkube/api';
import type { Logger } from '@groundkube/logging';
import { createWatchTableEncoder } from '../printers';
import { groupVersionString, type ResourceDefinition } from '../discovery';
import { partialObjectMetadata } from '../printers';
import { toApiError } from './errors-to-status';
import { printedResource, withTypeMeta, type OutputForm } from './response-encoding';

export interface WatchStreamOptions {
  readonly definition: ResourceDefinition;
  readonly form: OutputForm;
  readonly now: () => Date;
  /** Aborted when the client goes away or the watch times out. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

type Encode = (event: WatchEvent<KubeObject | Status>) => unknown;

function eventEncoder(options: WatchStreamOptions): Encode {
  const { definition, form } = options;
  const apiVersion = groupVersionString(definition.group, definition.version);
  const typed = (object: KubeObject): KubeObject => withTypeMeta(object, definition.kind, apiVersion);
  const carriesObject = (event: WatchEvent<KubeObject | Status>): boolean =>
    event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED';

  switch (form.as) {
    case 'object':
      return (event) =>
        carriesObject(event) ? { ...event, object: typed(event.object as KubeObject) } : event;
    case 'PartialObjectMetadata':
      return (event) =>
        carriesObject(event)
          ? { type: event.type, object: partialObjectMetadata(typed(event.object as KubeObject)) }
          : event;
    case 'Table': {
      const encoder = createWatchTableEncoder(printedResource(definition), {
        now: options.now,
        includeObject: form.includeObject,
      });
      return (event) =>
        carriesObject(event)
          ? { type: event.type, object: encoder.encode(typed(event.object as KubeObject)) }
          : event;
    }
  }
}

/**
 * Streams `events` to `res` until they end, the client disconnects or the signal aborts. Headers go
 * out at once. Backpressure: waits for 'drain' when the socket buffer is full.
 */
export async function streamWatch(
  res: ServerResponse,
  events: AsyncIterable<WatchEvent<KubeObject | Status>>,
  options: WatchStreamOptions,
): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.flushHeaders();

  const encode = eventEncoder(options);
  try {
    for await (const event of events) {
      if (options.signal.aborted || res.destroyed) break;
      const ok = res.write(`${JSON.stringify(encode(event))}\n`);
      if (!ok) await once(res, 'drain', { signal: options.signal });
    }
  } catch (error) {
    if (options.signal.aborted || res.destroyed) return;
    // Headers are gone: say why in an ERROR event, then end; clients re-list and watch again.
    const status = toApiError(error);
    options.logger.warn({ err: error, code: status.code }, 'Watch stream failed');
    res.write(`${JSON.stringify({ type: 'ERROR', object: status.toStatus() })}\n`);
  } finally {
    if (!res.destroyed) res.end();
  }
}
