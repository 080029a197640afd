// API errors: what every layer below the HTTP endpoints throws, carrying the Kubernetes Status the
// client gets. Storage errors are translated into these at the registry; endpoints only encode them.

import type { Status, StatusCause, StatusReason } from '@groundkube/api';

export interface QualifiedResource {
  /** '' for the core group. */
  readonly group: string;
  /** Plural resource name, with a subresource if any: `pods`, `pods/status`. */
  readonly resource: string;
}

/** An error that is a Kubernetes Status: endpoints answer with `toStatus()` and its code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: Status['details'],
  ) {
    super(message);
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** `pods` or `leases.coordination.k8s.io`, as Kubernetes names resources in messages. */
export function qualifiedName(r: QualifiedResource): string {
  const base = r.resource.split('/')[0] ?? r.resource;
  return r.group ? `${base}.${r.group}` : base;
}

function detailsOf(r: QualifiedResource, name: string): Status['details'] {
  const kind = r.resource.split('/')[0] ?? r.resource;
  const details: NonNullable<Status['details']> = { name, kind };
  if (r.group) details.group = r.group;
  return details;
}

export function notFound(r: QualifiedResource, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedName(r)} "${name}" not found`, detailsOf(r, name));
}

export function alreadyExists(r: QualifiedResource, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedName(r)} "${name}" already exists`,
    detailsOf(r, name),
  );
}

export function conflict(r: QualifiedResource, name: string, why: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(r)} "${name}": ${why}`,
    detailsOf(r, name),
  );
}

/** 422: `Pod "x" is invalid: spec.containers: Required value`, one cause per field error. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '')));
  const joined = summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
  const details: NonNullable<Status['details']> = { name, kind, causes };
  if (group) details.group = group;
  // Kubernetes names the kind with its group outside the core group: `Lease.coordination.k8s.io`.
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, details);
}

/** 403: `namespaces "default" is forbidden: this namespace may not be deleted`. */
export function forbidden(r: QualifiedResource, name: string, why: string): ApiError {
  const message = name
    ? `${qualifiedName(r)} "${name}" is forbidden: ${why}`
    : `${qualifiedName(r)} is forbidden: ${why}`;
  return new ApiError(403, 'Forbidden', message, detailsOf(r, name));
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', message);
}

/**
 * 415 for a body in a media type the endpoint does not decode. Kubernetes' negotiation error names
 * the accepted types, not the one sent.
 */
export function unsupportedMediaType(accepted: readonly string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** 410 for a watch or list from a compacted resourceVersion. */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** 504 for a list at a resourceVersion the storage has not reached yet. */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(
    504,
    'Timeout',
    `Timeout: Too large resource version: ${requested}, current: ${current}`,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  );
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, 'ServiceUnavailable', message);
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
