// Unknown fields: the ones a request body has that its kind does not define. Kubernetes decodes
// bodies into typed structs, so such fields are reported (fieldValidation) and then lost: they never
// reach storage. Both halves walk the kind's field schema the same way.
import { KIND_SCHEMAS } from './core-types';
import type { FieldSchema } from './field-schema';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * A copy of `value` holding only the fields `schema` knows; the paths of the others go to `found`
 * in document order. Values outside the schema's reach (scalars, opaque parts, a list where an
 * object belongs) are returned as they are: their shape is the structure check's business.
 */
function keepKnown(value: unknown, schema: FieldSchema, path: string, found: string[]): unknown {
  if (typeof schema === 'string') return value;
  if ('list' in schema) {
    if (!Array.isArray(value)) return value;
    return value.map((item, i) => keepKnown(item, schema.list, `${path}[${i}]`, found));
  }
  if (!isPlainObject(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const childPath = join(path, key);
    // A map's keys are data (label names, resource names): every one of them is known.
    const child = 'map' in schema ? schema.map : schema.fields[key];
    if (child === undefined) found.push(childPath);
    else kept[key] = keepKnown(item, child, childPath, found);
  }
  return kept;
}

function schemaOf(apiVersion: string, kind: string): FieldSchema | undefined {
  return KIND_SCHEMAS[`${apiVersion}/${kind}`];
}

/** True when `findUnknownFields` can judge objects of this kind. */
export function hasFieldSchema(apiVersion: string, kind: string): boolean {
  return schemaOf(apiVersion, kind) !== undefined;
}

/**
 * Paths of the fields in `object` that the kind does not define, in document order, formatted as
 * Kubernetes reports them: `spec.foo`, `spec.containers[0].bar`, `metadata.labelz`. Kinds without a
 * schema yield []. Type mismatches are not reported (they are validation errors, not unknown fields).
 * `apiVersion` defaults to `v1` (the core group).
 */
export function findUnknownFields(kind: string, object: unknown, apiVersion = 'v1'): string[] {
  const schema = schemaOf(apiVersion, kind);
  if (schema === undefined) return [];
  const found: string[] = [];
  keepKnown(object, schema, '', found);
  return found;
}

/**
 * A copy of `object` without the fields findUnknownFields reports: what Kubernetes' typed decoder
 * would have kept. Map-typed fields (labels, nodeSelector, resources.limits) keep all their keys,
 * opaque parts keep all their content. Kinds without a schema are returned unchanged.
 */
export function dropUnknownFields<T>(kind: string, object: T, apiVersion = 'v1'): T {
  const schema = schemaOf(apiVersion, kind);
  if (schema === undefined) return object;
  return keepKnown(object, schema, '', []) as T;
}
