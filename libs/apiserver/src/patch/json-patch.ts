// JSON patch (RFC 6902) through fast-json-patch, with its errors sorted into "the patch is
// malformed" (400) and "the patch does not apply to this object" (422).
import { applyPatch, type Operation } from 'fast-json-patch';
import { PatchMalformedError, PatchNotApplicableError } from './errors';
import { cloneJson } from './json-values';

// fast-json-patch error names that mean the operation list itself is wrong.
const MALFORMED = new Set([
  'SEQUENCE_NOT_AN_ARRAY',
  'OPERATION_NOT_AN_OBJECT',
  'OPERATION_OP_INVALID',
  'OPERATION_PATH_INVALID',
  'OPERATION_FROM_REQUIRED',
  'OPERATION_VALUE_REQUIRED',
  'OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED',
]);

interface LibraryError {
  name: string;
  message: string;
  index?: number;
  operation?: { op?: string; path?: string };
}

function isLibraryError(error: unknown): error is LibraryError {
  return error instanceof Error && typeof (error as { name?: unknown }).name === 'string';
}

function describe(error: LibraryError): string {
  const headline = error.message.split('\n')[0] ?? error.message;
  const at = error.index === undefined ? '' : ` (operation ${error.index}`;
  const op = error.operation?.op ? `: ${error.operation.op} ${error.operation.path ?? ''}`.trimEnd() : '';
  return `${headline}${at}${at ? `${op})` : ''}`;
}

/**
 * Applies an operation list to a copy of `original`. Throws PatchMalformedError when `operations` is
 * not a valid RFC 6902 document, PatchNotApplicableError when an operation fails against this object
 * (missing path, failed `test`, index out of bounds).
 */
export function applyJsonPatch<T extends object>(original: T, operations: unknown): T {
  if (!Array.isArray(operations))
    throw new PatchMalformedError('a JSON patch must be a JSON array of operations');
  try {
    return applyPatch(cloneJson(original), operations as Operation[], true, true, true).newDocument;
  } catch (error) {
    if (!isLibraryError(error)) throw error;
    const message = `invalid JSON patch: ${describe(error)}`;
    if (MALFORMED.has(error.name)) throw new PatchMalformedError(message, { cause: error });
    throw new PatchNotApplicableError(message, { cause: error });
  }
}
