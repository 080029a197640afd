// Legacy (unaggregated) discovery: /api (APIVersions), /apis (APIGroupList), /apis/<g> (APIGroup) and
// one APIResourceList per group-version (/api/v1, /apis/<g>/<v>). Clients that do not ask for the
// aggregated form walk these.
import {
  groupVersionString,
  groupVersions,
  type ResourceCatalogue,
  type ResourceDefinition,
} from './resource-catalogue';

export interface APIVersions {
  kind: 'APIVersions';
  versions: string[];
  serverAddressByClientCIDRs: { clientCIDR: string; serverAddress: string }[];
}

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIGroup {
  kind?: 'APIGroup';
  apiVersion?: 'v1';
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

export interface APIGroupList {
  kind: 'APIGroupList';
  apiVersion: 'v1';
  groups: APIGroup[];
}

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

/**
 * `/api`: the core versions. `serverAddress` is the host:port clients should use (the request's Host
 * header is a fine choice).
 */
export function buildAPIVersions(catalogue: ResourceCatalogue, serverAddress: string): APIVersions {
  const versions = groupVersions(catalogue)
    .filter((gv) => gv.group === '')
    .map((gv) => gv.version);
  return {
    kind: 'APIVersions',
    versions,
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(catalogue: ResourceCatalogue, group: string): APIGroup | undefined {
  const versions = groupVersions(catalogue)
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: groupVersionString(gv.group, gv.version), version: gv.version }));
  const preferred = versions[0];
  if (preferred === undefined) return undefined;
  return { name: group, versions, preferredVersion: preferred };
}

/** `/apis`: every named group with its versions (the first listed is preferred). Never 404s. */
export function buildAPIGroupList(catalogue: ResourceCatalogue): APIGroupList {
  const names = [...new Set(groupVersions(catalogue).map((gv) => gv.group))].filter((g) => g !== '');
  const groups = names.flatMap((name) => groupEntry(catalogue, name) ?? []);
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `/apis/<group>`; undefined when the group is not served (reply 404). */
export function buildAPIGroup(catalogue: ResourceCatalogue, group: string): APIGroup | undefined {
  const entry = group === '' ? undefined : groupEntry(catalogue, group);
  return entry && { kind: 'APIGroup', apiVersion: 'v1', ...entry };
}

function resourceEntries(r: ResourceDefinition): APIResource[] {
  const main: APIResource = {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: [...r.verbs],
  };
  if (r.shortNames.length > 0) main.shortNames = [...r.shortNames];
  if (r.categories.length > 0) main.categories = [...r.categories];
  const subresources = r.subresources.map((s) => {
    // A kind of another group-version is named in full, group and version both (pods/eviction's
    // policy/v1 under core v1): kubectl drain takes eviction to be served only when both are set.
    const group = s.group ?? r.group;
    const version = s.version ?? r.version;
    const foreign = group !== r.group || version !== r.version;
    const entry: APIResource = {
      name: `${r.resource}/${s.subresource}`,
      singularName: '',
      namespaced: r.namespaced,
      ...(foreign ? { group, version } : {}),
      kind: s.kind,
      verbs: [...s.verbs],
    };
    return entry;
  });
  return [main, ...subresources];
}

/**
 * `/api/<v>` or `/apis/<g>/<v>`: resources and their subresources (`pods/log`, `pods/exec`,
 * `pods/status`, …), sorted by name. Undefined when the group-version is not served (reply 404).
 */
export function buildAPIResourceList(
  catalogue: ResourceCatalogue,
  target: { group: string; version: string },
): APIResourceList | undefined {
  const members = catalogue.filter((r) => r.group === target.group && r.version === target.version);
  if (members.length === 0) return undefined;
  const resources = members
    .flatMap(resourceEntries)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionString(target.group, target.version),
    resources,
  };
}
