// PATCH semantics: JSON patch, JSON merge patch, strategic merge patch and server-side apply.
export * from './errors';
export { patchObject } from './patch-object';
export type { PatchOutcome, PatchRequest } from './patch-object';
export { patchTypeFromContentType } from './patch-types';
export type { PatchType } from './patch-types';
export { applyJsonPatch } from './json-patch';
export { applyMergePatch } from './merge-patch';
export { applyStrategicMergePatch } from './strategic-merge-patch';
export { hasMergeSchema, mergeSchemaFor } from './merge-schema';
export type { ListStrategy, MergeSchema } from './merge-schema';
export { parseApplyBody, serverSideApply } from './server-side-apply';
export type { ServerSideApplyOptions, ServerSideApplyResult } from './server-side-apply';
export { fieldSetOf } from './managed-fields';
export type { FieldsV1 } from './managed-fields';
