// The one place where errors become Kubernetes Statuses. Registries throw ApiError already; the
// libraries the endpoints call directly (patch, selectors, printers, fieldschema) have error classes
// of their own, mapped here by class. Anything else is a bug and becomes 500 InternalError.
import { UnavailableError } from '@groundkube/storage';
import { StrictDecodingError } from '../fieldschema';
import {
  PatchMalformedError,
  PatchNotApplicableError,
  PatchTargetNotFoundError,
  UnsupportedPatchTypeError,
  isPatchError,
} from '../patch';
import { isPrinterError } from '../printers';
import {
  ApiError,
  badRequest,
  internalError,
  isApiError,
  notFound,
  serviceUnavailable,
  type QualifiedResource,
} from '../registry/api-errors';
import { isSelectorError } from '../selectors';

export interface ErrorContext {
  /** The resource the request addressed, for NotFound messages; undefined outside resource paths. */
  readonly resource?: QualifiedResource | undefined;
  readonly name?: string | undefined;
}

/** True for errors the API server expects (anything but a 500): logged at debug, not error. */
export function isExpectedError(error: ApiError): boolean {
  return error.code < 500 || error.code === 503;
}

/** Maps any thrown value to the ApiError the client gets. */
export function toApiError(error: unknown, context: ErrorContext = {}): ApiError {
  if (isApiError(error)) return error;
  if (error instanceof StrictDecodingError) return badRequest(error.message);
  if (isSelectorError(error) || isPrinterError(error)) return badRequest(error.message);
  if (isPatchError(error)) return patchError(error, context);
  if (error instanceof UnavailableError) return serviceUnavailable(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return internalError(message);
}

function patchError(error: Error, context: ErrorContext): ApiError {
  if (error instanceof UnsupportedPatchTypeError) {
    return new ApiError(415, 'UnsupportedMediaType', error.message);
  }
  if (error instanceof PatchMalformedError) return badRequest(error.message);
  if (error instanceof PatchNotApplicableError) return new ApiError(422, 'Invalid', error.message);
  if (error instanceof PatchTargetNotFoundError && context.resource) {
    return notFound(context.resource, context.name ?? error.objectName);
  }
  return badRequest(error.message);
}
