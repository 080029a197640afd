// /openapi/v2: the Swagger 2.0 form of the same schema-free operations /openapi/v3 serves. kubectl
// before 1.28 (and 1.29+ when v3 is missing) looks here for each kind's PATCH operation with a
// `fieldValidation` parameter before trusting the server to validate fields; without this document
// their `create` and `apply` fail with "failed to download openapi".
import { KUBERNETES_VERSION } from '@groundkube/api';
import { groupVersions, type ResourceCatalogue } from '../discovery';
import {
  buildGroupVersionDocument,
  type OperationObject,
  type ParameterObject,
  type PathItem,
} from '../openapi';

export interface SwaggerParameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'body';
  readonly description: string;
  readonly required?: boolean;
  readonly type?: string;
  readonly uniqueItems?: boolean;
  readonly schema?: { readonly type: 'object' };
}

export interface SwaggerOperation {
  readonly tags: string[];
  readonly description: string;
  readonly operationId: string;
  readonly consumes?: string[];
  readonly produces: string[];
  readonly parameters: SwaggerParameter[];
  readonly responses: Record<string, { description: string }>;
  readonly 'x-kubernetes-action': string;
  readonly 'x-kubernetes-group-version-kind': { group: string; version: string; kind: string };
}

export const SWAGGER_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type SwaggerMethod = (typeof SWAGGER_METHODS)[number];

export type SwaggerPathItem = Partial<Record<SwaggerMethod, SwaggerOperation>> & {
  parameters?: SwaggerParameter[];
};

export interface SwaggerDocument {
  readonly swagger: '2.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Record<string, SwaggerPathItem>;
  readonly definitions: Record<string, never>;
}

function parameter(p: ParameterObject): SwaggerParameter {
  return {
    name: p.name,
    in: p.in,
    description: p.description,
    ...(p.required === true ? { required: true } : {}),
    type: p.schema.type,
    ...(p.schema.uniqueItems === true ? { uniqueItems: true } : {}),
  };
}

function operation(op: OperationObject): SwaggerOperation {
  const parameters = op.parameters.map(parameter);
  const consumes = op.requestBody ? Object.keys(op.requestBody.content) : undefined;
  if (op.requestBody) {
    parameters.unshift({
      name: 'body',
      in: 'body',
      description: 'The object or patch.',
      required: true,
      schema: { type: 'object' },
    });
  }
  return {
    tags: op.tags,
    description: op.description,
    operationId: op.operationId,
    ...(consumes !== undefined ? { consumes } : {}),
    produces: ['application/json', 'application/yaml'],
    parameters,
    responses: op.responses,
    'x-kubernetes-action': op['x-kubernetes-action'],
    'x-kubernetes-group-version-kind': op['x-kubernetes-group-version-kind'],
  };
}

function pathItem(item: PathItem): SwaggerPathItem {
  const out: SwaggerPathItem = {};
  for (const method of SWAGGER_METHODS) {
    const op = item[method];
    if (op !== undefined) out[method] = operation(op);
  }
  if (item.parameters !== undefined) out.parameters = item.parameters.map(parameter);
  return out;
}

/** One Swagger 2.0 document for every group-version of the catalogue, paths sorted. */
export function buildSwaggerDocument(catalogue: ResourceCatalogue): SwaggerDocument {
  const paths: Record<string, SwaggerPathItem> = {};
  for (const gv of groupVersions(catalogue)) {
    const document = buildGroupVersionDocument(catalogue, gv);
    for (const [path, item] of Object.entries(document?.paths ?? {})) paths[path] = pathItem(item);
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths: sorted,
    definitions: {},
  };
}
