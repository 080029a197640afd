// The vocabulary for describing which fields an API type has. Only structure is described (enough
// to find unknown fields), not value types: a wrong type is a validation error, not an unknown field.

/** A scalar, an opaque value (any content accepted), an object, a list of one schema, or a string-keyed map. */
export type FieldSchema =
  | 'scalar'
  | 'any'
  | { readonly fields: Readonly<Record<string, FieldSchema>> }
  | { readonly list: FieldSchema }
  | { readonly map: FieldSchema };

export const scalar = 'scalar' as const;
/** Accept any content: used for sub-structures groundkube does not model (affinity, securityContext …). */
export const opaque = 'any' as const;

export const object = (fields: Readonly<Record<string, FieldSchema>>): FieldSchema => ({ fields });
export const listOf = (item: FieldSchema): FieldSchema => ({ list: item });
export const mapOf = (value: FieldSchema): FieldSchema => ({ map: value });

/** Object schema with the given scalar field names. */
export const scalars = (...names: string[]): FieldSchema =>
  object(Object.fromEntries(names.map((name) => [name, scalar])));
