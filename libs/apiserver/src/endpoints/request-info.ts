// What a request under /api or /apis addresses: a discovery document, or a resource with a verb.
// The URL forms follow Kubernetes' REST layout:
//   /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
//   /apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
//   .../watch/...  (the legacy watch prefix, same as ?watch=true)
import { findResource, type ResourceCatalogue, type ResourceDefinition } from '../discovery';

/** Kubernetes' request verbs (lower-case, as in discovery and RBAC). */
export type RequestVerb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequestInfo {
  readonly kind: 'resource';
  readonly verb: RequestVerb;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  /** '' when none. */
  readonly subresource: string;
  /** '' for cluster-scoped resources and for cluster-wide lists of namespaced ones. */
  readonly namespace: string;
  /** '' for collections. */
  readonly name: string;
  readonly definition: ResourceDefinition;
}

/** GET /api/v1, /apis/{group}, /apis/{group}/{version}: discovery documents of one group or version. */
export interface DiscoveryRequestInfo {
  readonly kind: 'discovery';
  readonly group: string;
  /** '' for /apis/{group}. */
  readonly version: string;
}

/** The path names nothing we serve; `reason` is for logs. */
export interface UnknownRequestInfo {
  readonly kind: 'unknown';
  readonly reason: string;
}

/** A resource path with a method no verb maps to (OPTIONS, TRACE, ...): 405. */
export interface MethodNotAllowedRequestInfo {
  readonly kind: 'method-not-allowed';
  readonly method: string;
}

export type RequestInfo =
  ResourceRequestInfo | DiscoveryRequestInfo | UnknownRequestInfo | MethodNotAllowedRequestInfo;

/** Subresources of namespaces: `/api/v1/namespaces/{name}/status` addresses the namespace itself. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function truthy(value: string | null): boolean {
  return value !== null && value !== '' && value !== 'false' && value !== '0';
}

function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname
      .split('/')
      .filter((part) => part !== '')
      .map((part) => decodeURIComponent(part));
  } catch {
    return undefined;
  }
}

function verbOf(method: string, name: string, watch: boolean): RequestVerb | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return name === '' ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return name === '' ? 'deletecollection' : 'delete';
    default:
      return undefined;
  }
}

/**
 * Parses a request path (without query) and method; `query` supplies `watch`. Only paths under /api/<v>
 * and /apis/<g>[/<v>] are judged: the roots (/api, /apis) are someone else's and come back unknown.
 */
export function parseRequestInfo(
  catalogue: ResourceCatalogue,
  method: string,
  pathname: string,
  query: URLSearchParams,
): RequestInfo {
  const parts = splitPath(pathname);
  if (parts === undefined) return { kind: 'unknown', reason: 'malformed percent-encoding' };

  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length < 2) return { kind: 'unknown', reason: 'root handled elsewhere' };
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length < 2) return { kind: 'unknown', reason: 'root handled elsewhere' };
    group = parts[1]!;
    if (parts.length === 2) return { kind: 'discovery', group, version: '' };
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return { kind: 'unknown', reason: 'not an API path' };
  }
  if (rest.length === 0) return { kind: 'discovery', group, version };

  let watch = truthy(query.get('watch'));
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }

  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resource = '', name = '', subresource = '', ...extra] = rest;
  if (extra.length > 0) return { kind: 'unknown', reason: 'too many path segments' };

  const definition = findResource(catalogue, { group, version, resource });
  if (definition === undefined) return { kind: 'unknown', reason: `no resource ${resource}` };
  if (subresource !== '' && !definition.subresources.some((s) => s.subresource === subresource)) {
    return { kind: 'unknown', reason: `no subresource ${resource}/${subresource}` };
  }
  if (namespace !== '' && !definition.namespaced) {
    return { kind: 'unknown', reason: `${resource} is not namespaced` };
  }

  const verb = verbOf(method, name, watch);
  if (verb === undefined) return { kind: 'method-not-allowed', method };
  return {
    kind: 'resource',
    verb,
    group,
    version,
    resource,
    subresource,
    namespace,
    name,
    definition,
  };
}
