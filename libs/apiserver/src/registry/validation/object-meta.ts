// Metadata rules every kind shares beyond the name: label keys and values, annotation keys and size.
import type { ObjectMeta } from '@groundkube/api';
import { labelValueProblems, qualifiedNameProblems } from '../../selectors/label-syntax';
import { type FieldError, invalidValue } from './field-errors';
import { type NameRule, validateObjectMetaName } from './names';

/** Kubernetes' cap on the summed size of annotation keys and values. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export function validateLabels(
  labels: Record<string, string> | undefined,
  field = 'metadata.labels',
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const p of qualifiedNameProblems(key)) errors.push(invalidValue(field, key, p));
    if (typeof value !== 'string') {
      errors.push(invalidValue(`${field}[${key}]`, value, 'must be a string'));
      continue;
    }
    for (const p of labelValueProblems(value)) errors.push(invalidValue(field, value, p));
  }
  return errors;
}

export function validateAnnotations(annotations: Record<string, string> | undefined): FieldError[] {
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const p of qualifiedNameProblems(key.toLowerCase()))
      errors.push(invalidValue('metadata.annotations', key, p));
    size += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    errors.push({
      type: 'TooLong',
      field: 'metadata.annotations',
      detail: `must have at most ${ANNOTATIONS_MAX_BYTES} bytes`,
    });
  }
  return errors;
}

/** Name, labels and annotations of an object being created or updated. */
export function validateObjectMeta(meta: ObjectMeta, rule: NameRule): FieldError[] {
  return [
    ...validateObjectMetaName(meta, rule),
    ...validateLabels(meta.labels),
    ...validateAnnotations(meta.annotations),
  ];
}
