// The seam between the HTTP endpoints and the registry: what a served resource can do, in API terms.
// Endpoints parse requests into these calls; registries store objects through @groundkube/storage and
// answer with API objects or throw ApiError (./api-errors), never a storage error.

import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '@groundkube/api';

/** Who asks and where: the namespace from the URL ('' for cluster-scoped resources). */
export interface RequestContext {
  readonly namespace: string;
  /**
   * The object named on the URL, for writes to a named object's subresource (`pods/NAME/eviction`):
   * what the body must name too. Undefined for requests without one and for server-internal callers.
   */
  readonly name?: string | undefined;
  /** Aborted when the client goes away; every long-running call stops on it. */
  readonly signal: AbortSignal;
}

/** Query parameters of list and watch, already validated by the endpoint. */
export interface ListRequest {
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  readonly limit?: number | undefined;
  readonly continue?: string | undefined;
  /** '' or undefined: newest; '0': any (served as newest); other: a revision. */
  readonly resourceVersion?: string | undefined;
  readonly resourceVersionMatch?: 'Exact' | 'NotOlderThan' | undefined;
}

export interface WatchRequest extends ListRequest {
  readonly allowWatchBookmarks?: boolean | undefined;
  /** Seconds after which the watch ends normally; undefined means until the signal aborts. */
  readonly timeoutSeconds?: number | undefined;
  readonly sendInitialEvents?: boolean | undefined;
}

export interface WriteRequest {
  readonly dryRun?: boolean | undefined;
  readonly fieldManager?: string | undefined;
  /** Unknown-field checking is done by the endpoint; registries see it for completeness. */
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore' | undefined;
}

/**
 * Computes the object to write from the stored one (undefined when absent): a PUT body, a patch
 * applied to the live object. May be called more than once when writes race; must be pure.
 */
export type ObjectUpdater = (live: KubeObject | undefined) => KubeObject | Promise<KubeObject>;

export interface UpdateResult {
  readonly object: KubeObject;
  /** True when the update created the object (PUT or apply on a missing object where allowed): 201. */
  readonly created: boolean;
}

export interface DeleteResult {
  /**
   * The object as last stored, or, for a graceful delete that only marked the object
   * (deletionTimestamp set), the marked object; endpoints answer 200 with it, or 202 when not gone.
   */
  readonly object: KubeObject;
  /** False when the object still exists (graceful deletion pending). */
  readonly deleted: boolean;
}

/** One served resource (pods, nodes, pods/status, ...). Each method throws ApiError on failure. */
export interface ResourceRegistry {
  /** For errors and lists: `pods`, `pods/status`. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;

  create(ctx: RequestContext, object: KubeObject, request: WriteRequest): Promise<KubeObject>;
  get(ctx: RequestContext, name: string): Promise<KubeObject>;
  list(ctx: RequestContext, request: ListRequest): Promise<KubeList>;
  update(
    ctx: RequestContext,
    name: string,
    updater: ObjectUpdater,
    request: WriteRequest,
  ): Promise<UpdateResult>;
  delete(
    ctx: RequestContext,
    name: string,
    options: DeleteOptions,
    request: WriteRequest,
  ): Promise<DeleteResult>;
  deleteCollection(
    ctx: RequestContext,
    options: DeleteOptions,
    list: ListRequest,
    request: WriteRequest,
  ): Promise<KubeList>;
  /**
   * Events after request.resourceVersion (ADDED for every current object first when it is
   * unset or '0' or sendInitialEvents is true), filtered by the selectors, until ctx.signal aborts.
   * A too-old resourceVersion yields one ERROR event with a 410 Expired Status, then ends.
   */
  watch(ctx: RequestContext, request: WatchRequest): AsyncIterable<WatchEvent<KubeObject | Status>>;
}
