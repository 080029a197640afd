// Errors of selector parsing and matching. The API layer maps every one of them to 400 BadRequest
// with `message` as the Status message (Kubernetes' own wording, so kubectl prints what users expect).

export abstract class SelectorError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The `labelSelector` text does not parse, or a key/value breaks Kubernetes' label syntax. */
export class LabelSelectorParseError extends SelectorError {
  readonly code = 'SELECTOR_LABEL_INVALID';
}

/** The `fieldSelector` text does not parse (a term without an operator, a bad escape). */
export class FieldSelectorParseError extends SelectorError {
  readonly code = 'SELECTOR_FIELD_INVALID';
}

/** The field selector names a field the resource does not index, e.g. `spec.foo` on pods. */
export class FieldLabelNotSupportedError extends SelectorError {
  readonly code = 'SELECTOR_FIELD_LABEL_NOT_SUPPORTED';

  constructor(
    readonly label: string,
    options?: ErrorOptions,
  ) {
    super(`field label not supported: ${label}`, options);
  }
}

export function isSelectorError(error: unknown): error is SelectorError {
  return error instanceof SelectorError;
}
