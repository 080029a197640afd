// Errors of table rendering options. The API layer maps them to 400 BadRequest.

export abstract class PrinterError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The `includeObject` query parameter is not None, Metadata or Object. */
export class InvalidIncludeObjectError extends PrinterError {
  readonly code = 'PRINTER_INCLUDE_OBJECT_INVALID';

  constructor(readonly value: string) {
    super(
      `includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "None", "Metadata", "Object"`,
    );
  }
}

export function isPrinterError(error: unknown): error is PrinterError {
  return error instanceof PrinterError;
}
