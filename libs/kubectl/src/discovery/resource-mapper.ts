// Turns what users type (`po`, `pods`, `pod`, `Pod`, `leases.coordination.k8s.io`) into an API resource, from
// the server's discovery documents. Aggregated discovery (apidiscovery.k8s.io/v2) is asked for first, as the
// real kubectl does; a server that answers with plain JSON gets the legacy walk (/api/v1, /apis/<g>/<v>).

import type { GroupVersionResource, RestClient } from '@groundkube/client';

import { UnknownResourceTypeError } from '../errors';

/** One resource type as discovery describes it. */
export interface ApiResource extends GroupVersionResource {
  kind: string;
  singular: string;
  shortNames: string[];
  verbs: string[];
  categories: string[];
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface AggregatedResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

interface AggregatedList {
  items?: { metadata?: { name?: string }; versions?: { version: string; resources?: AggregatedResource[] }[] }[];
}

interface LegacyResource {
  name: string;
  singularName?: string;
  namespaced?: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

/** Resolves resource type names against one server's discovery (fetched once, on first use). */
export class ResourceMapper {
  private resources: Promise<ApiResource[]> | undefined;

  constructor(
    private readonly client: RestClient,
    private readonly signal?: AbortSignal,
  ) {}

  /** Every resource type the server lists (no subresources), in discovery order. */
  all(): Promise<ApiResource[]> {
    this.resources ??= this.discover();
    return this.resources;
  }

  /** The resource a user-typed name means; throws UnknownResourceTypeError (the server's wording). */
  async resolve(typeName: string): Promise<ApiResource> {
    const wanted = typeName.toLowerCase();
    const dot = wanted.indexOf('.');
    const base = dot >= 0 ? wanted.slice(0, dot) : wanted;
    const group = dot >= 0 ? wanted.slice(dot + 1) : undefined;
    const candidates = (await this.all()).filter((resource) => group === undefined || resource.group === group);
    const byName = (names: (r: ApiResource) => string[]): ApiResource | undefined =>
      candidates.find((resource) => names(resource).includes(base));
    const found =
      byName((r) => [r.resource]) ??
      byName((r) => [r.singular, r.kind.toLowerCase()]) ??
      byName((r) => r.shortNames.map((name) => name.toLowerCase()));
    if (!found) throw new UnknownResourceTypeError(typeName);
    return found;
  }

  /**
   * The resources a user-typed name means: the one resource it names, or else every resource in the category
   * of that name (`all`), in discovery order.
   */
  async expand(typeName: string): Promise<ApiResource[]> {
    try {
      return [await this.resolve(typeName)];
    } catch (err) {
      if (!(err instanceof UnknownResourceTypeError)) throw err;
      const wanted = typeName.toLowerCase();
      const members = (await this.all()).filter((resource) => resource.categories.includes(wanted));
      if (members.length === 0) throw err;
      return members;
    }
  }

  /** The resource serving a kind (for manifests): by group/version/kind. */
  async forKind(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    const slash = apiVersion.indexOf('/');
    const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
    const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
    return (await this.all()).find(
      (resource) => resource.group === group && resource.version === version && resource.kind === kind,
    );
  }

  private async discover(): Promise<ApiResource[]> {
    const core = await this.client.raw({ method: 'GET', path: '/api', accept: AGGREGATED_ACCEPT, signal: this.signal });
    if (core.statusCode >= 300) throw await this.failed('/api');
    const groups = await this.client.raw({
      method: 'GET',
      path: '/apis',
      accept: AGGREGATED_ACCEPT,
      signal: this.signal,
    });
    if (groups.statusCode >= 300) throw await this.failed('/apis');
    if (isAggregated(core.headers['content-type'])) {
      const resources = fromAggregated(JSON.parse(core.body.toString('utf8')) as AggregatedList, '');
      if (isAggregated(groups.headers['content-type'])) {
        resources.push(...fromAggregated(JSON.parse(groups.body.toString('utf8')) as AggregatedList, undefined));
      }
      return resources;
    }
    return this.discoverLegacy(core.body, groups.body);
  }

  private async discoverLegacy(coreBody: Buffer, groupsBody: Buffer): Promise<ApiResource[]> {
    const versions = (JSON.parse(coreBody.toString('utf8')) as { versions?: string[] }).versions ?? ['v1'];
    const groupVersions: { group: string; version: string; path: string }[] = versions.map((version) => ({
      group: '',
      version,
      path: `/api/${version}`,
    }));
    const groupList = JSON.parse(groupsBody.toString('utf8')) as {
      groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[];
    };
    for (const group of groupList.groups ?? []) {
      const version = group.preferredVersion?.version ?? group.versions?.[0]?.version;
      if (version) groupVersions.push({ group: group.name, version, path: `/apis/${group.name}/${version}` });
    }
    const resources: ApiResource[] = [];
    for (const gv of groupVersions) {
      const list = await this.client.request<{ resources?: LegacyResource[] }>({
        method: 'GET',
        path: gv.path,
        signal: this.signal,
      });
      for (const resource of list.resources ?? []) {
        if (resource.name.includes('/')) continue;
        resources.push({
          group: gv.group,
          version: gv.version,
          resource: resource.name,
          namespaced: resource.namespaced === true,
          kind: resource.kind,
          singular: resource.singularName || resource.kind.toLowerCase(),
          shortNames: resource.shortNames ?? [],
          verbs: resource.verbs ?? [],
          categories: resource.categories ?? [],
        });
      }
    }
    return resources;
  }

  private async failed(path: string): Promise<Error> {
    const response = await this.client.request({ method: 'GET', path, signal: this.signal }).then(
      () => undefined,
      (err: unknown) => err,
    );
    return response instanceof Error ? response : new Error(`discovery of ${path} failed`);
  }
}

function isAggregated(contentType: string | undefined): boolean {
  return (contentType ?? '').replace(/\s/g, '').includes('as=APIGroupDiscoveryList');
}

function fromAggregated(list: AggregatedList, coreGroup: string | undefined): ApiResource[] {
  const resources: ApiResource[] = [];
  for (const item of list.items ?? []) {
    const group = coreGroup ?? item.metadata?.name ?? '';
    // The first version listed is the preferred one.
    const version = item.versions?.[0];
    if (!version) continue;
    for (const resource of version.resources ?? []) {
      const kind = resource.responseKind?.kind ?? '';
      resources.push({
        group,
        version: version.version,
        resource: resource.resource,
        namespaced: resource.scope === 'Namespaced',
        kind,
        singular: resource.singularResource || kind.toLowerCase(),
        shortNames: resource.shortNames ?? [],
        verbs: resource.verbs ?? [],
        categories: resource.categories ?? [],
      });
    }
  }
  return resources;
}

/** `apiVersion` of a resource: `v1` or `group/version`. */
export function apiVersionOf(resource: { group: string; version: string }): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}
