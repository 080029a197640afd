// The decoding step Kubernetes gets from Go's typed JSON decoder: a body whose fields have the wrong
// JSON type (a string where a list, an object or an int64 belongs, a number as a name) is refused
// with 400 before any registry code sees it, as is a resource quantity that does not parse. Types
// come from the kinds' field schemas (../fieldschema).
import { KIND_SCHEMAS, type FieldSchema, type ScalarType } from '../fieldschema';
import { badRequest, type ApiError } from '../registry/api-errors';
import { quantitySyntaxError } from '../registry/validation/quantity';

/** ObjectMeta fields that must be strings, and maps whose values must be strings: for kinds without a schema. */
const STRING_FIELDS = new Set(['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'selfLink']);
const STRING_MAPS = new Set(['labels', 'annotations']);

interface Mismatch {
  /** The JSON path with list indexes and map keys (`spec.containers[0].image`). */
  readonly path: string;
  /** The path as Go's decoder names it: field names only (`spec.containers.image`). */
  readonly goPath: string;
  /** The innermost Go struct holding the field (`Container`), when the schema names it. */
  readonly goStruct?: string | undefined;
  /** Go's name for the JSON value: `string`, `number`, `number 1.5`, `bool`, `array`, `object`. */
  readonly found: string;
  readonly expected: string;
}

interface Position {
  readonly path: string;
  readonly goPath: string;
  readonly goStruct?: string | undefined;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function child(at: Position, key: string, goStruct: string | undefined): Position {
  return { path: join(at.path, key), goPath: join(at.goPath, key), goStruct };
}

function checkMetadata(value: unknown): Mismatch | undefined {
  if (!isObject(value)) return undefined;
  const meta = (path: string, found: string): Mismatch => ({
    path,
    goPath: path.split('.').slice(0, 2).join('.'),
    goStruct: 'ObjectMeta',
    found,
    expected: 'string',
  });
  for (const field of STRING_FIELDS) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string') return meta(`metadata.${field}`, jsonType(v));
  }
  for (const field of STRING_MAPS) {
    const map = value[field];
    if (!isObject(map)) continue;
    for (const [key, v] of Object.entries(map)) {
      if (typeof v !== 'string' && v !== null) return meta(`metadata.${field}.${key}`, jsonType(v));
    }
  }
  return undefined;
}

const INT_RANGES: Record<'int32' | 'int64', readonly [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  // Beyond 2^53 JSON.parse has already rounded; the bound only has to refuse the absurd.
  int64: [-(2 ** 63), 2 ** 63],
};

/** What Go's decoder calls a JSON value it cannot put into `type`, or undefined when it fits. */
function scalarMismatch(value: unknown, type: Exclude<ScalarType, 'quantity'>): string | undefined {
  switch (type) {
    case 'scalar':
      return undefined;
    case 'string':
      return typeof value === 'string' ? undefined : jsonType(value);
    case 'bool':
      return typeof value === 'boolean' ? undefined : jsonType(value);
    case 'int32':
    case 'int64': {
      if (typeof value !== 'number') return jsonType(value);
      const [min, max] = INT_RANGES[type];
      return Number.isInteger(value) && value >= min && value <= max ? undefined : `number ${value}`;
    }
  }
}

/**
 * Why resource.Quantity's own decoding refuses `value`. It is handed the raw JSON text of any value
 * (quotes stripped from a string), so a bool or an object fails its parse like a bad string does.
 */
function quantityError(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return quantitySyntaxError(text.trim());
}

/**
 * One pass of Go's decoder over a body. A value of the wrong JSON type is remembered (the first
 * one) and skipped, and decoding goes on; an error from a type that decodes itself (a quantity)
 * ends decoding at once, so it wins over any type mismatch.
 */
class Decoding {
  firstMismatch: Mismatch | undefined;

  /** Returns the error that ended decoding, if any. */
  walk(value: unknown, schema: FieldSchema, at: Position): string | undefined {
    if (schema === 'any' || value === null || value === undefined) return undefined;
    if (schema === 'quantity') return quantityError(value);
    if (typeof schema === 'string') {
      // An object or a list where an unchecked scalar belongs is left to validation.
      const found = scalarMismatch(value, schema);
      if (found !== undefined) this.mismatch({ ...at, found, expected: schema });
      return undefined;
    }
    if ('list' in schema) {
      if (!Array.isArray(value)) return this.mismatch({ ...at, found: jsonType(value), expected: 'array' });
      for (const [i, item] of value.entries()) {
        const failed = this.walk(item, schema.list, { ...at, path: `${at.path}[${i}]` });
        if (failed !== undefined) return failed;
      }
      return undefined;
    }
    if (!isObject(value)) return this.mismatch({ ...at, found: jsonType(value), expected: 'object' });
    if ('map' in schema) {
      // Go names a map value by the map's field: the key is data, not a field.
      for (const [key, item] of Object.entries(value)) {
        const failed = this.walk(item, schema.map, { ...at, path: join(at.path, key) });
        if (failed !== undefined) return failed;
      }
      return undefined;
    }
    if (at.path === 'metadata' && schema.goStruct === undefined) {
      const found = checkMetadata(value);
      if (found) this.mismatch(found);
    }
    for (const [key, item] of Object.entries(value)) {
      const fieldSchema = schema.fields[key];
      if (fieldSchema === undefined) continue; // unknown fields are fieldValidation's business
      const failed = this.walk(item, fieldSchema, child(at, key, schema.goStruct));
      if (failed !== undefined) return failed;
    }
    return undefined;
  }

  private mismatch(found: Mismatch): undefined {
    this.firstMismatch ??= found;
    return undefined;
  }
}

/**
 * Throws 400 when `object` does not decode as `apiVersion/kind`, with the message of Kubernetes'
 * decoder: `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go
 * struct field PodSpec.spec.terminationGracePeriodSeconds of type int64`, or with a quantity's
 * parse error after the same prefix. Only one problem is reported, as Go's decoder does. Kinds
 * without a schema are only checked for their metadata.
 */
export function checkStructure(
  object: unknown,
  target: { kind: string; apiVersion: string; version: string },
): void {
  const schema = KIND_SCHEMAS[`${target.apiVersion}/${target.kind}`];
  const decoding = new Decoding();
  if (schema) {
    const failed = decoding.walk(object, schema, { path: '', goPath: '' });
    if (failed !== undefined) throw decodeError(target, failed);
  } else if (isObject(object)) {
    decoding.firstMismatch = checkMetadata(object['metadata']);
  }
  if (decoding.firstMismatch !== undefined) throw structureError(target, decoding.firstMismatch);
}

function decodeError(target: { kind: string; version: string }, reason: string): ApiError {
  return badRequest(
    `${target.kind} in version ${JSON.stringify(target.version)} cannot be handled as a ${target.kind}: ${reason}`,
  );
}

function structureError(target: { kind: string; version: string }, m: Mismatch): ApiError {
  // Scalars in a named struct read as Go's own message; list and object shapes have no Go type
  // name in the schemas, so they keep a plain one.
  const into =
    m.goStruct !== undefined && !['array', 'object'].includes(m.expected)
      ? `Go struct field ${m.goStruct}.${m.goPath}`
      : `field ${m.path}`;
  return decodeError(target, `json: cannot unmarshal ${m.found} into ${into} of type ${m.expected}`);
}
