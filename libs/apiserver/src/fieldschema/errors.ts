// The strict field validation failure: the API layer maps it to 400 BadRequest with this message.

export class StrictDecodingError extends Error {
  readonly code = 'FIELD_VALIDATION_UNKNOWN_FIELDS';

  /**
   * `kind`/`version` name the decoded type (`Pod`, `v1`); `fields` are paths from findUnknownFields.
   * The message is Kubernetes' own: `Pod in version "v1" cannot be handled as a Pod: strict decoding
   * error: unknown field "spec.foo", unknown field "spec.bar"`.
   */
  constructor(
    readonly kind: string,
    readonly version: string,
    readonly fields: readonly string[],
  ) {
    super(
      `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${strictDecodingMessage(fields)}`,
    );
    this.name = 'StrictDecodingError';
  }
}

/** `strict decoding error: unknown field "a", unknown field "b"`. */
export function strictDecodingMessage(fields: readonly string[]): string {
  return `strict decoding error: ${unknownFieldWarnings(fields).join(', ')}`;
}

/** One `unknown field "x"` text per field: the `Warning` header values for fieldValidation=Warn. */
export function unknownFieldWarnings(fields: readonly string[]): string[] {
  return fields.map((field) => `unknown field ${JSON.stringify(field)}`);
}
