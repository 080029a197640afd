// Paths of API resources: /api/v1/... for the core group, /apis/<group>/<version>/... for the others.

/** A resource type: `group` is '' for the core group. */
export interface GroupVersionResource {
  group: string;
  version: string;
  /** Plural lower-case name as in the URL: pods, nodes, leases. */
  resource: string;
  /** Whether objects live in a namespace. Paths for namespaced resources without a namespace span all namespaces. */
  namespaced: boolean;
}

/** One object or collection of a resource type. */
export interface ResourceTarget {
  resource: GroupVersionResource;
  namespace?: string | undefined;
  name?: string | undefined;
  /** status, log, binding… */
  subresource?: string | undefined;
}

export const PODS: GroupVersionResource = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const NODES: GroupVersionResource = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
export const NAMESPACES: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  namespaced: false,
};
export const EVENTS: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'events',
  namespaced: true,
};
export const SERVICES: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'services',
  namespaced: true,
};
export const LEASES: GroupVersionResource = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespaced: true,
};

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** The URL path of an object, a collection, or a subresource. Segments are percent-encoded. */
export function resourcePath(target: ResourceTarget): string {
  const { resource } = target;
  let path = groupVersionPath(resource.group, resource.version);
  if (resource.namespaced && target.namespace !== undefined && target.namespace !== '') {
    path += `/namespaces/${encodeURIComponent(target.namespace)}`;
  }
  path += `/${resource.resource}`;
  if (target.name !== undefined) {
    path += `/${encodeURIComponent(target.name)}`;
    if (target.subresource !== undefined) path += `/${target.subresource}`;
  }
  return path;
}

/**
 * Normalises a server address as users write it: `127.0.0.1:8080`, `localhost`, `http://h:1`, `https://h`.
 * Without a scheme, http is assumed (the seed's `--api-servers=127.0.0.1:8080`). Trailing slashes are dropped.
 */
export function normalizeServerUrl(server: string): URL {
  const trimmed = server.trim();
  if (trimmed === '') throw new TypeError('server address is empty');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  const url = new URL(withScheme);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`server address ${JSON.stringify(server)} must use http or https`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}
