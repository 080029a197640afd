// The resource catalogue: every resource the server serves, as data. Discovery documents, OpenAPI
// documents and the server's routing are all derived from it, so a resource added here shows up
// everywhere at once.

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** A subresource such as `pods/log`; `kind` is what it returns (group/version default to the parent's). */
export interface SubresourceDefinition {
  readonly subresource: string;
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly Verb[];
}

/** One resource of one group-version. `group` is '' for the core ("legacy") group served under /api. */
export interface ResourceDefinition {
  readonly group: string;
  readonly version: string;
  /** Plural, lower-case: the URL segment (`pods`). */
  readonly resource: string;
  readonly kind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly Verb[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceDefinition[];
  /** The 405 message for verbs not in `verbs`, when there is more to say than "not allowed". */
  readonly refusal?: string;
}

export type ResourceCatalogue = readonly ResourceDefinition[];

const CRUD: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const STATUS_VERBS: readonly Verb[] = ['get', 'patch', 'update'];

/**
 * What groundkube serves: core/v1 pods, nodes, namespaces, events, services; coordination.k8s.io/v1
 * leases; apiextensions.k8s.io/v1 customresourcedefinitions, read-only and always empty.
 */
export const GROUNDKUBE_RESOURCES: ResourceCatalogue = [
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    singular: 'pod',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { subresource: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { subresource: 'binding', kind: 'Binding', verbs: ['create'] },
      // An Eviction of policy/v1 posted under core v1, as kubectl drain finds it by its group and version.
      { subresource: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { subresource: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { subresource: 'log', kind: 'Pod', verbs: ['get'] },
      { subresource: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { subresource: 'status', kind: 'Pod', verbs: STATUS_VERBS },
    ],
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    singular: 'node',
    namespaced: false,
    verbs: CRUD,
    shortNames: ['no'],
    categories: [],
    subresources: [{ subresource: 'status', kind: 'Node', verbs: STATUS_VERBS }],
  },
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    verbs: CRUD,
    shortNames: ['ns'],
    categories: [],
    subresources: [{ subresource: 'status', kind: 'Namespace', verbs: STATUS_VERBS }],
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['ev'],
    categories: [],
    subresources: [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [],
  },
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    kind: 'Lease',
    singular: 'lease',
    namespaced: true,
    verbs: CRUD,
    shortNames: [],
    categories: [],
    subresources: [],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    singular: 'customresourcedefinition',
    namespaced: false,
    verbs: ['get', 'list', 'watch'],
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: [],
    refusal:
      'custom resources are not served by this API server: customresourcedefinitions are read-only and always empty',
  },
];

/** `v1` for the core group, `group/version` otherwise (the apiVersion of the group's objects). */
export function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The resource served at group/version/resource, if any. */
export function findResource(
  catalogue: ResourceCatalogue,
  target: { group: string; version: string; resource: string },
): ResourceDefinition | undefined {
  return catalogue.find(
    (r) => r.group === target.group && r.version === target.version && r.resource === target.resource,
  );
}

/** The resource whose objects have this apiVersion and kind, if any. */
export function findResourceByKind(
  catalogue: ResourceCatalogue,
  apiVersion: string,
  kind: string,
): ResourceDefinition | undefined {
  return catalogue.find((r) => groupVersionString(r.group, r.version) === apiVersion && r.kind === kind);
}

/** Distinct group-versions of the catalogue, core first, in first-seen order. */
export function groupVersions(catalogue: ResourceCatalogue): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  const ordered = [...catalogue].sort((a, b) => Number(a.group !== '') - Number(b.group !== ''));
  for (const r of ordered)
    seen.set(groupVersionString(r.group, r.version), { group: r.group, version: r.version });
  return [...seen.values()];
}
