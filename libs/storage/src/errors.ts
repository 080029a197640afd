// Errors of the storage layer. The registry translates each into an API StatusError; nothing above the
// registry sees these. Test them with instanceof or isStorageError, never by message text.

export abstract class StorageError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** create() found the key already present. */
export class KeyExistsError extends StorageError {
  readonly code = 'STORAGE_KEY_EXISTS';

  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`key exists: ${key}`, options);
  }
}

/** get(), guaranteedUpdate() or delete() found no object under the key. */
export class KeyNotFoundError extends StorageError {
  readonly code = 'STORAGE_KEY_NOT_FOUND';

  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`key not found: ${key}`, options);
  }
}

/** A precondition (uid or resourceVersion) did not hold against the stored object. */
export class ConflictError extends StorageError {
  readonly code = 'STORAGE_CONFLICT';

  constructor(
    readonly key: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`precondition failed for ${key}: ${reason}`, options);
  }
}

/** The requested revision was compacted away: the caller must list again (HTTP 410). */
export class ResourceVersionTooOldError extends StorageError {
  readonly code = 'STORAGE_RESOURCE_VERSION_TOO_OLD';

  constructor(
    readonly requested: number,
    readonly compacted: number | undefined,
    options?: ErrorOptions,
  ) {
    super(
      compacted === undefined
        ? `too old resource version: ${requested}`
        : `too old resource version: ${requested} (${compacted})`,
      options,
    );
  }
}

/** An argument cannot be used: a malformed continue token, a resourceVersion that is not a number. */
export class InvalidError extends StorageError {
  readonly code = 'STORAGE_INVALID';
}

/** The backend could not be reached or failed (etcd down, connection reset). */
export class UnavailableError extends StorageError {
  readonly code = 'STORAGE_UNAVAILABLE';
}

export function isStorageError(error: unknown): error is StorageError {
  return error instanceof StorageError;
}
