// OpenAPI v3 documents for /openapi/v3 (what kubectl reads before create, apply and edit).
export { buildGroupVersionDocument, createOpenAPIService, openAPIKey } from './openapi-documents';
export type { OpenAPIResponse, OpenAPIService, OpenAPIV3Document, OpenAPIV3Root } from './openapi-documents';
export { groupVersionPrefix, resourcePaths } from './operations';
export type { OperationObject, ParameterObject, PathItem } from './operations';
export { componentName, componentSchemas } from './component-schemas';
export type { SchemaObject } from './component-schemas';
