// Errors of patch decoding and application. The API layer maps them by class:
//   PatchMalformedError        → 400 BadRequest   (the body is not a valid patch of its type)
//   PatchNotApplicableError    → 422 Invalid      (a valid patch that cannot apply to this object)
//   UnsupportedPatchTypeError  → 415 UnsupportedMediaType
//   PatchTargetNotFoundError   → 404 NotFound       (only an apply patch may create)

export abstract class PatchError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class PatchMalformedError extends PatchError {
  readonly code = 'PATCH_MALFORMED';
}

export class PatchNotApplicableError extends PatchError {
  readonly code = 'PATCH_NOT_APPLICABLE';
}

export class UnsupportedPatchTypeError extends PatchError {
  readonly code = 'PATCH_TYPE_UNSUPPORTED';

  constructor(readonly contentType: string) {
    super(
      `the body of the request was in an unknown format (${contentType || 'none'}) - accepted media types include: ` +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, ' +
        'application/strategic-merge-patch+json',
    );
  }
}

export class PatchTargetNotFoundError extends PatchError {
  readonly code = 'PATCH_TARGET_NOT_FOUND';

  constructor(readonly objectName: string) {
    super(`${objectName} not found: only an apply patch can create an object`);
  }
}

export function isPatchError(error: unknown): error is PatchError {
  return error instanceof PatchError;
}
