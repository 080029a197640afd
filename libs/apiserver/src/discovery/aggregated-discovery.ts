// Aggregated discovery (apidiscovery.k8s.io APIGroupDiscoveryList): the whole catalogue of /api or
// /apis in one document, so kubectl needs a single request per root instead of one per group-version.
import { groupVersions, type ResourceCatalogue, type ResourceDefinition } from './resource-catalogue';

export type AggregatedDiscoveryVersion = 'v2' | 'v2beta1';

/** kubectl accepts an aggregated reply only under exactly these Content-Types. */
export const AGGREGATED_DISCOVERY_CONTENT_TYPE: Readonly<Record<AggregatedDiscoveryVersion, string>> = {
  v2: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  v2beta1: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
};

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface APISubresourceDiscovery {
  subresource: string;
  responseKind: GroupVersionKind;
  verbs: string[];
}

export interface APIResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}

export interface APIVersionDiscovery {
  version: string;
  resources: APIResourceDiscovery[];
  freshness: 'Current' | 'Stale';
}

export interface APIGroupDiscovery {
  metadata: { name?: string };
  versions: APIVersionDiscovery[];
}

export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: string;
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

function resourceEntry(r: ResourceDefinition): APIResourceDiscovery {
  const entry: APIResourceDiscovery = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
  };
  if (r.shortNames.length > 0) entry.shortNames = [...r.shortNames];
  if (r.categories.length > 0) entry.categories = [...r.categories];
  if (r.subresources.length > 0) {
    entry.subresources = r.subresources.map((s) => ({
      subresource: s.subresource,
      responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind },
      verbs: [...s.verbs],
    }));
  }
  return entry;
}

/**
 * The aggregated document for one root: `/api` lists only the core group, `/apis` every named group
 * (possibly none: an empty `items` is still a valid reply). Versions of a group appear newest-first as
 * the catalogue orders them.
 */
export function buildAggregatedDiscovery(
  catalogue: ResourceCatalogue,
  options: { root: '/api' | '/apis'; version: AggregatedDiscoveryVersion },
): APIGroupDiscoveryList {
  const wantCore = options.root === '/api';
  const groups = new Map<string, APIGroupDiscovery>();
  for (const gv of groupVersions(catalogue)) {
    if ((gv.group === '') !== wantCore) continue;
    const resources = catalogue
      .filter((r) => r.group === gv.group && r.version === gv.version)
      .map(resourceEntry)
      .sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
    let group = groups.get(gv.group);
    if (group === undefined) {
      group = { metadata: gv.group === '' ? {} : { name: gv.group }, versions: [] };
      groups.set(gv.group, group);
    }
    group.versions.push({ version: gv.version, resources, freshness: 'Current' });
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${options.version}`,
    metadata: {},
    items: [...groups.values()],
  };
}
