// Decoding protobuf messages into the JSON shapes of the Kubernetes API, driven by small schemas
// (field number → JSON name and type). Fields a schema does not name are skipped. Empty values
// (gogo-protobuf writes "" and 0 for unset optional fields) are left out, as JSON's omitempty does,
// unless the field is marked `optional` (a Go pointer, written only when set).
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

export type FieldType =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'stringMap' }
  | { readonly kind: 'time' }
  | { readonly kind: 'intOrString' }
  | { readonly kind: 'message'; readonly schema: MessageSchema };

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly repeated?: boolean;
  /**
   * A pointer field in Go (proto2 `optional`): written only when set, so an empty value on the wire
   * was meant and is kept (DeleteOptions' gracePeriodSeconds 0, orphanDependents false).
   */
  readonly optional?: boolean;
}

export type MessageSchema = Readonly<Record<number, FieldSpec>>;

export const STRING: FieldType = { kind: 'string' };
export const INT: FieldType = { kind: 'int' };
export const BOOL: FieldType = { kind: 'bool' };
export const STRING_MAP: FieldType = { kind: 'stringMap' };
export const TIME: FieldType = { kind: 'time' };
export const INT_OR_STRING: FieldType = { kind: 'intOrString' };
export const message = (schema: MessageSchema): FieldType => ({ kind: 'message', schema });

/** A message whose bytes do not parse: the endpoint answers 400. */
export class ProtobufDecodeError extends Error {
  readonly code = 'PROTOBUF_DECODE';
}

function readStringMapEntry(bytes: Uint8Array): [string, string] {
  const reader = new BinaryReader(bytes);
  let key = '';
  let value = '';
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.LengthDelimited) key = reader.string();
    else if (field === 2 && wire === WireType.LengthDelimited) value = reader.string();
    else reader.skip(wire);
  }
  return [key, value];
}

/** metav1.Time { seconds = 1; nanos = 2 } as RFC 3339 with second precision. */
function readTime(bytes: Uint8Array): string | undefined {
  const reader = new BinaryReader(bytes);
  let seconds = 0n;
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.Varint) seconds = BigInt(reader.int64());
    else reader.skip(wire);
  }
  if (seconds === 0n) return undefined;
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** intstr.IntOrString { type = 1 (0 int, 1 string); intVal = 2; strVal = 3 }. */
function readIntOrString(bytes: Uint8Array): number | string {
  const reader = new BinaryReader(bytes);
  let type = 0;
  let intVal = 0;
  let strVal = '';
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (field === 1 && wire === WireType.Varint) type = reader.int32();
    else if (field === 2 && wire === WireType.Varint) intVal = reader.int32();
    else if (field === 3 && wire === WireType.LengthDelimited) strVal = reader.string();
    else reader.skip(wire);
  }
  return type === 1 ? strVal : intVal;
}

function readValue(reader: BinaryReader, wire: WireType, type: FieldType): unknown {
  switch (type.kind) {
    case 'string':
      return wire === WireType.LengthDelimited ? reader.string() : undefined;
    case 'int':
      return wire === WireType.Varint ? Number(reader.int64()) : undefined;
    case 'bool':
      return wire === WireType.Varint ? reader.bool() : undefined;
    case 'stringMap':
      return wire === WireType.LengthDelimited ? readStringMapEntry(reader.bytes()) : undefined;
    case 'time':
      return wire === WireType.LengthDelimited ? readTime(reader.bytes()) : undefined;
    case 'intOrString':
      return wire === WireType.LengthDelimited ? readIntOrString(reader.bytes()) : undefined;
    case 'message':
      return wire === WireType.LengthDelimited ? decodeMessage(reader.bytes(), type.schema) : undefined;
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** Decodes one message; throws ProtobufDecodeError on malformed bytes. */
export function decodeMessage(bytes: Uint8Array, schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const reader = new BinaryReader(bytes);
  try {
    while (reader.pos < reader.len) {
      const [field, wire] = reader.tag();
      const spec = schema[field];
      if (spec === undefined) {
        reader.skip(wire);
        continue;
      }
      const value = readValue(reader, wire, spec.type);
      if (value === undefined) continue;
      if (spec.type.kind === 'stringMap') {
        const [key, entry] = value as [string, string];
        out[spec.name] = { ...(out[spec.name] as Record<string, string> | undefined), [key]: entry };
      } else if (spec.repeated === true) {
        out[spec.name] = [...((out[spec.name] as unknown[] | undefined) ?? []), value];
      } else if (spec.optional === true || !isEmpty(value)) {
        out[spec.name] = value;
      }
    }
  } catch (error) {
    if (error instanceof ProtobufDecodeError) throw error;
    throw new ProtobufDecodeError(`malformed protobuf: ${(error as Error).message}`, { cause: error });
  }
  return out;
}
