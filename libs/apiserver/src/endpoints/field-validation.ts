// fieldValidation=Strict|Warn|Ignore: unknown fields in a write are refused (400), reported in
// Warning headers, or let through. Either way the stored object never keeps them: every write path
// drops them (withoutUnknownFields) before the registry sees the object, as Kubernetes' typed
// decoder does.
import type { ServerResponse } from 'node:http';
import {
  StrictDecodingError,
  dropUnknownFields,
  findUnknownFields,
  unknownFieldWarnings,
} from '../fieldschema';
import type { FieldValidation } from './query-options';

export interface UnknownFieldCheck {
  readonly kind: string;
  /** `v1`, `coordination.k8s.io/v1`: selects the schema. */
  readonly apiVersion: string;
  /** The version named in Kubernetes' message (`Pod in version "v1" ...`). */
  readonly version: string;
  readonly mode: FieldValidation;
}

/**
 * Checks `object` and returns the warnings to send (Warn), or throws StrictDecodingError (Strict).
 * Fields listed in `baseline` (already unknown in the stored object) are not the writer's doing and
 * are ignored, so a patch is judged only by what it adds.
 */
export function checkUnknownFields(
  object: unknown,
  check: UnknownFieldCheck,
  baseline: readonly string[] = [],
): string[] {
  if (check.mode === 'Ignore') return [];
  const known = new Set(baseline);
  const fields = findUnknownFields(check.kind, object, check.apiVersion).filter((f) => !known.has(f));
  if (fields.length === 0) return [];
  if (check.mode === 'Strict') throw new StrictDecodingError(check.kind, check.version, fields);
  return unknownFieldWarnings(fields);
}

/** `object` without the fields its kind does not define: what a write may store. */
export function withoutUnknownFields<T>(object: T, check: UnknownFieldCheck): T {
  return dropUnknownFields(check.kind, object, check.apiVersion);
}

/** Paths already unknown in an object (the baseline for patches). */
export function unknownFieldsOf(object: unknown, check: UnknownFieldCheck): string[] {
  return findUnknownFields(check.kind, object, check.apiVersion);
}

/** Adds one `Warning: 299 - "<text>"` header per warning, as Kubernetes does. */
export function sendWarnings(res: ServerResponse, warnings: Iterable<string>): void {
  for (const warning of new Set(warnings)) res.appendHeader('Warning', `299 - ${JSON.stringify(warning)}`);
}
