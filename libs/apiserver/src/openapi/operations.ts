// OpenAPI v3 operations for one resource of the catalogue. kubectl needs each kind's PATCH operation
// (with its GVK and the `fieldValidation` parameter) to trust the server with strict validation, and
// `kubectl explain` takes a resource's GVK from its operations; request and response bodies are left
// untyped, the kinds' schemas being in components.schemas (./component-schemas.ts).
import type { ResourceDefinition, SubresourceDefinition, Verb } from '../discovery';

export interface ParameterObject {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: { type: 'string' | 'boolean' | 'integer'; uniqueItems?: boolean };
}

export interface OperationObject {
  tags: string[];
  description: string;
  operationId: string;
  parameters: ParameterObject[];
  requestBody?: { content: Record<string, { schema: { type: 'object' } }>; required: true };
  responses: Record<string, { description: string }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': { group: string; version: string; kind: string };
}

export type PathItem = Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', OperationObject>> & {
  parameters?: ParameterObject[];
};

const query = (name: string, description: string, type: ParameterObject['schema']['type'] = 'string') =>
  ({ name, in: 'query', description, schema: { type } }) as ParameterObject;
const pathParam = (name: string, description: string): ParameterObject => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const DRY_RUN = query('dryRun', 'When present (All), the change is validated but not persisted.');
const FIELD_MANAGER = query('fieldManager', 'The name of the actor making the change, for managed fields.');
const FIELD_VALIDATION: ParameterObject = {
  name: 'fieldValidation',
  in: 'query',
  description:
    'How to treat unknown or duplicate fields in the request body: Ignore drops them, Warn drops them and ' +
    'adds a Warning header, Strict rejects the request with 400 BadRequest.',
  schema: { type: 'string', uniqueItems: true },
};
const FORCE = query('force', 'Apply requests only: take over fields other managers own.', 'boolean');
const PRETTY = query('pretty', "If 'true', the output is indented.");
const LIST_PARAMS = [
  query('labelSelector', 'Only return objects whose labels match this selector.'),
  query('fieldSelector', 'Only return objects whose fields match this selector.'),
  query('limit', 'The maximum number of items to return; continue with the returned token.', 'integer'),
  query('continue', 'The token of a previous limited list, to fetch the next chunk.'),
  query('resourceVersion', 'Constrains which resource versions the request may be served from.'),
  query('timeoutSeconds', 'Server-side timeout of a list or watch call.', 'integer'),
  query('watch', 'Stream add, update and delete notifications instead of returning a list.', 'boolean'),
  query('allowWatchBookmarks', 'Let the server send BOOKMARK events on a watch.', 'boolean'),
];
const DELETE_PARAMS = [
  DRY_RUN,
  query('gracePeriodSeconds', 'Seconds before the object is deleted; 0 deletes at once.', 'integer'),
  query('propagationPolicy', 'Orphan, Background or Foreground garbage collection of dependents.'),
];

const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

function body(types: string[]): NonNullable<OperationObject['requestBody']> {
  return {
    content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'object' as const } }])),
    required: true,
  };
}

function camel(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

interface OperationContext {
  readonly resource: ResourceDefinition;
  readonly kind: string;
  /** The GVK's group-version when it is not the path's (pods/eviction: policy/v1 under core v1). */
  readonly kindGroupVersion?: { readonly group: string; readonly version: string };
  readonly tag: string;
  readonly idSuffix: string;
}

function operation(
  context: OperationContext,
  verb: string,
  action: string,
  description: string,
  extra: Partial<OperationObject> = {},
): OperationObject {
  const r = context.resource;
  const gv = context.kindGroupVersion ?? r;
  return {
    tags: [context.tag],
    description,
    operationId: `${verb}${camel(r.group === '' ? 'core' : r.group.split('.')[0]!)}${camel(r.version)}${context.idSuffix}`,
    parameters: [],
    responses: { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: gv.group, version: gv.version, kind: context.kind },
    ...extra,
  };
}

function writeResponses(): OperationObject['responses'] {
  return {
    '200': { description: 'OK' },
    '201': { description: 'Created' },
    '401': { description: 'Unauthorized' },
  };
}

/** The API path prefix of a group-version: `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** Path items for a resource: its collection, its objects, all-namespaces list, and subresources. */
export function resourcePaths(r: ResourceDefinition): Record<string, PathItem> {
  const prefix = groupVersionPrefix(r.group, r.version);
  const scope = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
  const scoped = r.namespaced ? 'Namespaced' : '';
  const tag = `${(r.group === '' ? 'core' : r.group.split('.')[0]!).replace(/-/g, '')}_${r.version}`;
  const base = { resource: r, kind: r.kind, tag };
  const collection: OperationContext = { ...base, idSuffix: `${scoped}${r.kind}` };
  const common = [PRETTY, ...(r.namespaced ? [pathParam('namespace', 'The object namespace.')] : [])];
  const named = [pathParam('name', `The name of the ${r.kind}.`), ...common];

  const has = (verb: Verb): boolean => r.verbs.includes(verb);
  // Only the verbs the resource serves get operations: a read-only resource has no write to offer.
  const collectionItem: PathItem = { parameters: common };
  if (has('list')) {
    collectionItem.get = operation(collection, 'list', 'list', `List or watch objects of kind ${r.kind}.`, {
      parameters: LIST_PARAMS,
    });
  }
  if (has('create')) {
    collectionItem.post = operation(collection, 'create', 'post', `Create a ${r.kind}.`, {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: body(['*/*']),
      responses: writeResponses(),
    });
  }
  const objectItem: PathItem = { parameters: named };
  if (has('get')) objectItem.get = operation(collection, 'read', 'get', `Read the specified ${r.kind}.`);
  if (has('update')) {
    objectItem.put = operation(collection, 'replace', 'put', `Replace the specified ${r.kind}.`, {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
      requestBody: body(['*/*']),
      responses: writeResponses(),
    });
  }
  if (has('patch')) {
    objectItem.patch = operation(collection, 'patch', 'patch', `Partially update the specified ${r.kind}.`, {
      parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
      requestBody: body(PATCH_TYPES),
      responses: writeResponses(),
    });
  }
  if (has('delete')) {
    objectItem.delete = operation(collection, 'delete', 'delete', `Delete a ${r.kind}.`, {
      parameters: DELETE_PARAMS,
      responses: { ...writeResponses(), '202': { description: 'Accepted' } },
    });
  }
  const paths: Record<string, PathItem> = { [scope]: collectionItem, [`${scope}/{name}`]: objectItem };
  if (r.namespaced) {
    const all: OperationContext = { ...base, idSuffix: `${r.kind}ForAllNamespaces` };
    paths[`${prefix}/${r.resource}`] = {
      parameters: [PRETTY],
      get: operation(all, 'list', 'list', `List or watch objects of kind ${r.kind} in all namespaces.`, {
        parameters: LIST_PARAMS,
      }),
    };
  }
  for (const sub of r.subresources)
    Object.assign(paths, subresourcePaths(r, sub, `${scope}/{name}/${sub.subresource}`, base, named));
  return paths;
}

/** Subresources that open a stream (upgraded connections): Kubernetes names their operations connect*. */
const CONNECT_SUBRESOURCES = new Set(['attach', 'exec', 'portforward']);

function subresourcePaths(
  r: ResourceDefinition,
  sub: SubresourceDefinition,
  path: string,
  base: Omit<OperationContext, 'idSuffix'>,
  parameters: ParameterObject[],
): Record<string, PathItem> {
  // A subresource's GVK names what it returns, e.g. PodExecOptions for pods/exec; its operation IDs
  // and tag stay the path's (createCoreV1NamespacedPodEviction takes a policy/v1 Eviction).
  const context: OperationContext = {
    ...base,
    kind: sub.kind,
    kindGroupVersion: { group: sub.group ?? r.group, version: sub.version ?? r.version },
    idSuffix: `${r.namespaced ? 'Namespaced' : ''}${r.kind}${camel(sub.subresource)}`,
  };
  const item: PathItem = { parameters };
  const label = `${sub.subresource} of the specified ${r.kind}`;
  const connect = CONNECT_SUBRESOURCES.has(sub.subresource);
  for (const verb of sub.verbs) {
    if (verb === 'get')
      item.get = operation(
        context,
        connect ? 'connectGet' : 'read',
        connect ? 'connect' : 'get',
        `Read ${label}.`,
      );
    if (verb === 'update') {
      item.put = operation(context, 'replace', 'put', `Replace ${label}.`, {
        parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
        requestBody: body(['*/*']),
        responses: writeResponses(),
      });
    }
    if (verb === 'patch') {
      item.patch = operation(context, 'patch', 'patch', `Partially update ${label}.`, {
        parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE],
        requestBody: body(PATCH_TYPES),
        responses: writeResponses(),
      });
    }
    if (verb === 'create') {
      item.post = operation(
        context,
        connect ? 'connectPost' : 'create',
        connect ? 'connect' : 'post',
        `Create ${label}.`,
        {
          parameters: connect ? [] : [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION],
          ...(connect ? {} : { requestBody: body(['*/*']) }),
          responses: writeResponses(),
        },
      );
    }
  }
  return { [path]: item };
}
