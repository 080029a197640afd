// Strict field validation: which fields of a request body the kind does not have.
import { KIND_SCHEMAS } from './core-types';
import type { FieldSchema } from './field-schema';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, schema: FieldSchema, path: string, found: string[]): void {
  if (schema === 'scalar' || schema === 'any') return;
  if ('list' in schema) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, schema.list, `${path}[${i}]`, found));
    return;
  }
  if (!isPlainObject(value)) return;
  if ('map' in schema) {
    for (const [key, item] of Object.entries(value))
      walk(item, schema.map, path === '' ? key : `${path}.${key}`, found);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const child = schema.fields[key];
    if (child === undefined) found.push(childPath);
    else walk(item, child, childPath, found);
  }
}

/** True when `findUnknownFields` can judge objects of this kind. */
export function hasFieldSchema(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in KIND_SCHEMAS;
}

/**
 * Paths of the fields in `object` that the kind does not define, in document order, formatted as
 * Kubernetes reports them: `spec.foo`, `spec.containers[0].bar`, `metadata.labelz`. Kinds without a
 * schema yield []. Type mismatches are not reported (they are validation errors, not unknown fields).
 * `apiVersion` defaults to `v1` (the core group).
 */
export function findUnknownFields(kind: string, object: unknown, apiVersion = 'v1'): string[] {
  const schema = KIND_SCHEMAS[`${apiVersion}/${kind}`];
  if (schema === undefined) return [];
  const found: string[] = [];
  walk(object, schema, '', found);
  return found;
}
