// The vocabulary for describing which fields an API type has: enough structure to find unknown
// fields, and the Go type of the scalars whose type a decoder can get wrong (a string where an
// int64 belongs), so a body can be refused as Kubernetes' typed JSON decoder refuses it.

/**
 * Go scalar types. `scalar` is a scalar of no checked type: int-or-string values take a number or a
 * string, times are strings with a format of their own. `quantity` is a resource.Quantity, which
 * decodes itself from a string or a number and refuses what it cannot parse.
 */
export type ScalarType = 'scalar' | 'string' | 'int32' | 'int64' | 'bool' | 'quantity';

/**
 * A scalar, an opaque value (any content accepted), an object (with its Go struct name, for decode
 * errors), a list of one schema, or a string-keyed map.
 */
export type FieldSchema =
  | ScalarType
  | 'any'
  | { readonly fields: Readonly<Record<string, FieldSchema>>; readonly goStruct?: string }
  | { readonly list: FieldSchema }
  | { readonly map: FieldSchema };

export const scalar = 'scalar' as const;
export const str = 'string' as const;
export const int32 = 'int32' as const;
export const int64 = 'int64' as const;
export const bool = 'bool' as const;
export const quantity = 'quantity' as const;
/** Accept any content: used for sub-structures groundkube does not model (affinity, securityContext …). */
export const opaque = 'any' as const;
export const object = (fields: Readonly<Record<string, FieldSchema>>, goStruct?: string): FieldSchema =>
  goStruct === undefined ? { fields } : { fields, goStruct };
export const listOf = (item: FieldSchema): FieldSchema => ({ list: item });
export const mapOf = (value: FieldSchema): FieldSchema => ({ map: value });
/** Object schema with the given scalar field names (of no checked type). */
export const scalars = (...names: string[]): FieldSchema =>
  object(Object.fromEntries(names.map((name) => [name, scalar])));
