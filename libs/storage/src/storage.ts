// The storage seam between the registry and a key-value backend (etcd3, or memory for unit tests).
import type { KubeObject } from '@groundkube/api';

/**
 * Conditions the stored object must meet for an update or delete to proceed; a mismatch throws
 * ConflictError and changes nothing.
 */
export interface Preconditions {
  readonly uid?: string | undefined;
  readonly resourceVersion?: string | undefined;
}

export interface CallOptions {
  /** Aborting rejects the pending call with the signal's reason; a write may or may not have happened. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Computes the next object from the current one inside guaranteedUpdate. It may be called several
 * times (once per conflicting concurrent write), so it must be free of side effects. Throwing aborts
 * the update with that error. Returning an object equal to `current` writes nothing.
 */
export type UpdateFunction = (current: KubeObject) => KubeObject | Promise<KubeObject>;

export interface UpdateOptions extends CallOptions {
  readonly preconditions?: Preconditions | undefined;
}

export interface DeleteOptions extends CallOptions {
  readonly preconditions?: Preconditions | undefined;
  /** Called with the current object just before deleting; throwing aborts the delete with that error. */
  readonly validate?: ((current: KubeObject) => void) | undefined;
}

export interface ListOptions extends CallOptions {
  /** At most this many items; 0 or undefined means all. */
  readonly limit?: number | undefined;
  /** The token of the previous page; the page is read at the revision the first page was read at. */
  readonly continue?: string | undefined;
  /**
   * Read at this revision (exact). Undefined or 0 reads the newest state. Ignored with `continue`
   * (the token carries its own revision). A compacted revision throws ResourceVersionTooOldError.
   */
  readonly revision?: number | undefined;
}

export interface ListResult {
  readonly items: KubeObject[];
  /** The revision the list was read at: the list's resourceVersion. */
  readonly revision: number;
  /** Set when more items remain; pass it back as ListOptions.continue. */
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

export interface WatchOptions {
  /**
   * Deliver the changes made after this revision. Undefined or 0 starts at the newest revision.
   * A compacted revision fails the watch with ResourceVersionTooOldError.
   */
  readonly revision?: number | undefined;
  /**
   * First deliver one ADDED event for every object present at the starting revision (Kubernetes'
   * behaviour for a watch without resourceVersion), then the changes after it.
   */
  readonly initialEvents?: boolean | undefined;
  /** Aborting ends the iteration normally (no error). Required: every watch must be stoppable. */
  readonly signal: AbortSignal;
}

export type StorageEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StorageEvent {
  readonly type: StorageEventType;
  /** For ADDED/MODIFIED the new object; for DELETED the last stored object, with the delete's revision. */
  readonly object: KubeObject;
  /** The revision of the change (the object's resourceVersion). */
  readonly revision: number;
}

/**
 * Objects stored as JSON under keys such as `/registry/pods/default/web`. An object's
 * metadata.resourceVersion is the backend's modification revision of its key: set on every object
 * returned, ignored (and never stored) on objects passed in.
 *
 * Call order: any call at any time, concurrently; close() last. Errors are StorageErrors:
 * KeyExistsError, KeyNotFoundError, ConflictError, ResourceVersionTooOldError, InvalidError,
 * UnavailableError; an error thrown by an update function or validate callback passes through as is.
 */
export interface Storage {
  /** Stores `object` under `key` if the key is absent; else KeyExistsError. Returns the stored object. */
  create(key: string, object: KubeObject, options?: CallOptions): Promise<KubeObject>;

  /** The object under `key`, or KeyNotFoundError. */
  get(key: string, options?: CallOptions): Promise<KubeObject>;

  /**
   * Read-modify-write with optimistic concurrency: reads the object, checks preconditions, applies
   * `update`, and writes only if nobody wrote in between; retries on a concurrent write.
   * KeyNotFoundError if absent.
   */
  guaranteedUpdate(key: string, update: UpdateFunction, options?: UpdateOptions): Promise<KubeObject>;

  /** Removes the object after checking preconditions; returns it as last stored. KeyNotFoundError if absent. */
  delete(key: string, options?: DeleteOptions): Promise<KubeObject>;

  /** The objects whose keys start with `prefix` (which should end with '/'), in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /**
   * A stream of changes below `prefix`. Iteration ends when the signal aborts; it throws
   * ResourceVersionTooOldError if the start revision is compacted, UnavailableError if the backend fails.
   */
  watch(prefix: string, options: WatchOptions): AsyncIterable<StorageEvent>;

  /** The backend's current revision. */
  currentRevision(options?: CallOptions): Promise<number>;

  /** Whether the backend answers right now (for /readyz). Never throws. */
  healthy(options?: CallOptions): Promise<boolean>;

  /** Releases connections; pending watches end. */
  close(): Promise<void>;
}
