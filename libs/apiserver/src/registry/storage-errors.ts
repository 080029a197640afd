// The registry boundary for storage errors: every StorageError becomes the API error a client
// expects for the resource and name involved. Nothing above the registry sees a StorageError.
import {
  ConflictError,
  InvalidError,
  KeyExistsError,
  KeyNotFoundError,
  ResourceVersionTooOldError,
  UnavailableError,
  isStorageError,
} from '@groundkube/storage';
import {
  type ApiError,
  type QualifiedResource,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  internalError,
  isApiError,
  notFound,
  serviceUnavailable,
} from './api-errors';

export const MODIFIED_CONFLICT =
  'the object has been modified; please apply your changes to the latest version and try again';

/** `too old resource version: 5 (42)`: the requested revision, then the oldest one still served. */
export function tooOldMessage(error: ResourceVersionTooOldError, fallbackOldest?: number): string {
  const oldest = error.compacted ?? fallbackOldest;
  return oldest === undefined
    ? `too old resource version: ${error.requested}`
    : `too old resource version: ${error.requested} (${oldest})`;
}

/**
 * Translates `error` (anything a storage call threw) for an operation on `name` of `resource`.
 * ApiErrors and aborts pass through; unknown errors become 500s.
 */
export function toApiError(error: unknown, resource: QualifiedResource, name = ''): ApiError | Error {
  if (isApiError(error)) return error;
  // Aborts pass as they are; DOMException is not always an Error instance (other realms).
  if (isAbort(error)) return error as Error;
  if (!isStorageError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return internalError(message);
  }
  if (error instanceof KeyExistsError) return alreadyExists(resource, name);
  if (error instanceof KeyNotFoundError) return notFound(resource, name);
  if (error instanceof ConflictError) return conflict(resource, name, error.reason);
  if (error instanceof ResourceVersionTooOldError) return expired(tooOldMessage(error));
  if (error instanceof InvalidError) return badRequest(error.message);
  if (error instanceof UnavailableError) return serviceUnavailable(error.message);
  return internalError(error.message);
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
