// Watch streams with `as=Table`: each event's object is a one-row Table.
import type { KubeObject, Table } from '@groundkube/api';
import type { PrintedResource } from './printer-registry';
import { tableForObject, type TableOptions } from './table';

export interface WatchTableOptions {
  /** Called per event, so ages are measured when the event is sent. */
  readonly now: () => Date;
  readonly includeObject?: TableOptions['includeObject'];
}

/** Renders the objects of one watch stream, in the order they are sent. */
export interface WatchTableEncoder {
  /** The Table for the next event; `columnDefinitions` is filled on the first call only. */
  encode(object: KubeObject): Table;
}

/** One encoder per watch stream (it remembers whether the headers went out). */
export function createWatchTableEncoder(
  resource: PrintedResource,
  options: WatchTableOptions,
): WatchTableEncoder {
  let first = true;
  return {
    encode(object) {
      const noHeaders = !first;
      first = false;
      return tableForObject(resource, object, { ...options, now: options.now(), noHeaders });
    },
  };
}
