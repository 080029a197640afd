// A watch stream: the server sends one JSON WatchEvent per line over a chunked response.

import type { IncomingMessage } from 'node:http';

import type { KubeObject, Status } from '@groundkube/api';

import { ConnectionError, ResponseDecodeError } from './errors';

/** One watch event: an object change, a bookmark (object carries only metadata.resourceVersion), or an error. */
export type WatchStreamEvent<T extends KubeObject = KubeObject> =
  { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T } | { type: 'ERROR'; object: Status };

const WATCH_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * The events of one watch request, in order. Iterate it once. The iteration ends when the server closes the
 * stream (a normal end: resume from the last resourceVersion seen) or when `close()` is called or the
 * request's signal aborts (both end it quietly, without an error). A connection reset mid-stream throws
 * ConnectionError; a line that is not a WatchEvent throws ResponseDecodeError. ERROR events (e.g. a 410
 * Expired Status) are yielded like any other event: the caller decides.
 */
export class WatchStream<T extends KubeObject = KubeObject> implements AsyncIterable<WatchStreamEvent<T>> {
  private closed = false;

  constructor(
    private readonly response: IncomingMessage,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Stops the stream and frees the connection. Safe to call more than once. */
  close(): void {
    this.closed = true;
    this.response.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchStreamEvent<T>> {
    let pending = '';
    try {
      for await (const chunk of this.response) {
        pending += (chunk as Buffer).toString('utf8');
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          const line = pending.slice(0, newline).trim();
          pending = pending.slice(newline + 1);
          if (line !== '') yield decodeWatchLine<T>(line);
          newline = pending.indexOf('\n');
        }
      }
    } catch (err) {
      if (this.closed || this.signal?.aborted) return;
      if (err instanceof ResponseDecodeError) throw err;
      throw new ConnectionError('watch stream broke', {
        cause: err,
        syscallCode: (err as NodeJS.ErrnoException).code,
      });
    } finally {
      this.response.destroy();
    }
    // A final line without a newline still counts.
    const rest = pending.trim();
    if (rest !== '' && !this.closed && !this.signal?.aborted) yield decodeWatchLine<T>(rest);
  }
}

/** Parses one line of a watch stream. Exported for tests. */
export function decodeWatchLine<T extends KubeObject>(line: string): WatchStreamEvent<T> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new ResponseDecodeError(`watch line is not JSON: ${line.slice(0, 200)}`, { cause: err });
  }
  const event = value as { type?: unknown; object?: unknown };
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.type !== 'string' ||
    !WATCH_TYPES.has(event.type) ||
    typeof event.object !== 'object' ||
    event.object === null
  ) {
    throw new ResponseDecodeError(`watch line is not a WatchEvent: ${line.slice(0, 200)}`);
  }
  return value as WatchStreamEvent<T>;
}
