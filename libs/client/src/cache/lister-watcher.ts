// The two calls a Reflector needs, as a seam: the real one goes through a RestClient, tests pass fakes.

import type { KubeList, KubeObject } from '@groundkube/api';

import type { ResourceTarget } from '../resource-path';
import type { RestClient } from '../rest-client';
import type { WatchStreamEvent } from '../watch';

export interface ListCall {
  resourceVersion?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  signal: AbortSignal;
}

export interface WatchCall {
  resourceVersion: string;
  allowWatchBookmarks: boolean;
  /** Asks the server to end the watch after this long, so watches rotate. */
  timeoutSeconds?: number | undefined;
  signal: AbortSignal;
}

/**
 * Lists and watches one set of objects (one resource, one selector). `list` throws StatusError on failure
 * (410 for an expired continue token); `watch` resolves once the watch is open, throws StatusError 410 if the
 * resourceVersion is too old, and its events end when the server closes the stream or the signal aborts.
 */
export interface ListerWatcher<T extends KubeObject> {
  list(call: ListCall): Promise<KubeList<T>>;
  watch(call: WatchCall): Promise<AsyncIterable<WatchStreamEvent<T>>>;
}

export interface SelectorOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/** A ListerWatcher over the API server for `target` (namespace optional) and selectors. */
export function restListerWatcher<T extends KubeObject>(
  client: RestClient,
  target: ResourceTarget,
  selectors: SelectorOptions = {},
): ListerWatcher<T> {
  return {
    list: (call) => client.list<T>(target, { ...selectors, ...call }),
    watch: (call) => client.watch<T>(target, { ...selectors, ...call }),
  };
}
