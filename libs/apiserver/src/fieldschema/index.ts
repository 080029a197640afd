// Known fields of groundkube's kinds, for strict field validation (fieldValidation=Strict|Warn).
export { dropUnknownFields, findUnknownFields, hasFieldSchema } from './unknown-fields';
export { StrictDecodingError, strictDecodingMessage, unknownFieldWarnings } from './errors';
export { KIND_SCHEMAS } from './core-types';
export type { FieldSchema, ScalarType } from './field-schema';
