// The decoding step Kubernetes gets from Go's typed JSON decoder: a body whose fields have the wrong
// shape (a string where a list or an object belongs, a number as a name) is refused with 400 before
// any registry code sees it. Shapes come from the kinds' field schemas (../fieldschema).
import { KIND_SCHEMAS, type FieldSchema } from '../fieldschema';
import { badRequest, type ApiError } from '../registry/api-errors';

/** ObjectMeta fields that must be strings, and maps whose values must be strings. */
const STRING_FIELDS = new Set(['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'selfLink']);
const STRING_MAPS = new Set(['labels', 'annotations']);

interface Mismatch {
  readonly path: string;
  readonly found: string;
  readonly expected: string;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function checkMetadata(value: unknown): Mismatch | undefined {
  if (!isObject(value)) return undefined;
  for (const field of STRING_FIELDS) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return { path: `metadata.${field}`, found: jsonType(v), expected: 'string' };
    }
  }
  for (const field of STRING_MAPS) {
    const map = value[field];
    if (!isObject(map)) continue;
    for (const [key, v] of Object.entries(map)) {
      if (typeof v !== 'string' && v !== null) {
        return { path: `metadata.${field}.${key}`, found: jsonType(v), expected: 'string' };
      }
    }
  }
  return undefined;
}

function walk(value: unknown, schema: FieldSchema, path: string): Mismatch | undefined {
  // Scalars are not judged: the schemas do not say which scalar (a quantity may be a number or a
  // string), and an object where a scalar belongs is left to validation.
  if (schema === 'any' || schema === 'scalar' || value === null || value === undefined) return undefined;
  if ('list' in schema) {
    if (!Array.isArray(value)) return { path, found: jsonType(value), expected: 'array' };
    for (const [i, item] of value.entries()) {
      const found = walk(item, schema.list, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return { path, found: jsonType(value), expected: 'object' };
  if ('map' in schema) {
    for (const [key, item] of Object.entries(value)) {
      const found = walk(item, schema.map, join(path, key));
      if (found) return found;
    }
    return undefined;
  }
  if (path === 'metadata') {
    const found = checkMetadata(value);
    if (found) return found;
  }
  for (const [key, item] of Object.entries(value)) {
    const child = schema.fields[key];
    if (child === undefined) continue; // unknown fields are fieldValidation's business
    const found = walk(item, child, join(path, key));
    if (found) return found;
  }
  return undefined;
}

/**
 * Throws 400 when `object` does not have the shape of `apiVersion/kind`, e.g. `Pod in version "v1"
 * cannot be handled as a Pod: json: cannot unmarshal string into field spec.containers of type array`.
 * Kinds without a schema are only checked for their metadata.
 */
export function checkStructure(
  object: unknown,
  target: { kind: string; apiVersion: string; version: string },
): void {
  const schema = KIND_SCHEMAS[`${target.apiVersion}/${target.kind}`];
  const mismatch = schema
    ? walk(object, schema, '')
    : isObject(object)
      ? checkMetadata(object['metadata'])
      : undefined;
  if (mismatch !== undefined) throw structureError(target, mismatch);
}

function structureError(target: { kind: string; version: string }, m: Mismatch): ApiError {
  return badRequest(
    `${target.kind} in version ${JSON.stringify(target.version)} cannot be handled as a ${target.kind}: ` +
      `json: cannot unmarshal ${m.found} into field ${m.path} of type ${m.expected}`,
  );
}
