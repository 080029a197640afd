import { AGGREGATED_DISCOVERY_CONTENT_TYPE, buildAggregatedDiscovery } from './aggregated-discovery';
import { buildAPIGroup, buildAPIGroupList, buildAPIResourceList, buildAPIVersions } from './legacy-discovery';
import { discoveryResponse, negotiateDiscovery } from './negotiation';
import { GROUNDKUBE_RESOURCES, findResource, findResourceByKind } from './resource-catalogue';

const KUBECTL_132_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const KUBECTL_129_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('negotiateDiscovery', () => {
  it.each([
    [KUBECTL_132_ACCEPT, 'v2'],
    [KUBECTL_129_ACCEPT, 'v2beta1'],
    ['application/json', 'legacy'],
    ['application/json, */*', 'legacy'],
    [undefined, 'legacy'],
    ['', 'legacy'],
    ['application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json', 'legacy'],
    ['application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', 'legacy'],
    ['application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList', 'v2'],
  ])('%j → %s', (accept, expected) => {
    expect(negotiateDiscovery(accept)).toBe(expected);
  });
});

describe('discoveryResponse', () => {
  it.each([
    ['/api' as const, KUBECTL_132_ACCEPT, AGGREGATED_DISCOVERY_CONTENT_TYPE.v2, 'APIGroupDiscoveryList'],
    ['/apis' as const, KUBECTL_132_ACCEPT, AGGREGATED_DISCOVERY_CONTENT_TYPE.v2, 'APIGroupDiscoveryList'],
    ['/api' as const, KUBECTL_129_ACCEPT, AGGREGATED_DISCOVERY_CONTENT_TYPE.v2beta1, 'APIGroupDiscoveryList'],
    ['/api' as const, 'application/json', 'application/json', 'APIVersions'],
    ['/apis' as const, 'application/json', 'application/json', 'APIGroupList'],
  ])('%s with %j', (root, accept, contentType, kind) => {
    const response = discoveryResponse(GROUNDKUBE_RESOURCES, {
      root,
      accept,
      serverAddress: '127.0.0.1:6443',
    });
    expect(response.contentType).toBe(contentType);
    expect(response.body.kind).toBe(kind);
  });

  it('uses the exact Content-Types kubectl checks', () => {
    expect(AGGREGATED_DISCOVERY_CONTENT_TYPE).toEqual({
      v2: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      v2beta1: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
    });
  });
});

describe('aggregated discovery', () => {
  it('lists the core group under /api with pods as kubectl expects', () => {
    const doc = buildAggregatedDiscovery(GROUNDKUBE_RESOURCES, { root: '/api', version: 'v2' });
    expect(doc.apiVersion).toBe('apidiscovery.k8s.io/v2');
    expect(doc.metadata).toEqual({});
    expect(doc.items).toHaveLength(1);
    const core = doc.items[0]!;
    expect(core.metadata).toEqual({});
    expect(core.versions.map((v) => [v.version, v.freshness])).toEqual([['v1', 'Current']]);
    const names = core.versions[0]!.resources.map((r) => r.resource);
    expect(names).toEqual(['events', 'namespaces', 'nodes', 'pods', 'services']);
    const pods = core.versions[0]!.resources.find((r) => r.resource === 'pods')!;
    expect(pods).toMatchObject({
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(pods.verbs).toEqual(
      expect.arrayContaining(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
    );
    expect(pods.subresources?.map((s) => s.subresource)).toEqual([
      'attach',
      'binding',
      'eviction',
      'exec',
      'log',
      'portforward',
      'status',
    ]);
    expect(pods.subresources?.find((s) => s.subresource === 'log')).toEqual({
      subresource: 'log',
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      verbs: ['get'],
    });
    // kubectl drain reads an Eviction's group and version from here (or the legacy list below).
    expect(pods.subresources?.find((s) => s.subresource === 'eviction')).toEqual({
      subresource: 'eviction',
      responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
      verbs: ['create'],
    });
    const nodes = core.versions[0]!.resources.find((r) => r.resource === 'nodes')!;
    expect(nodes.scope).toBe('Cluster');
    expect('categories' in nodes).toBe(false);
  });

  it.each(['v2' as const, 'v2beta1' as const])('lists named groups under /apis (%s)', (version) => {
    const doc = buildAggregatedDiscovery(GROUNDKUBE_RESOURCES, { root: '/apis', version });
    expect(doc.apiVersion).toBe(`apidiscovery.k8s.io/${version}`);
    expect(doc.items.map((g) => g.metadata.name)).toEqual(['coordination.k8s.io', 'apiextensions.k8s.io']);
    expect(doc.items[0]!.versions[0]!.resources[0]).toMatchObject({
      resource: 'leases',
      responseKind: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
      scope: 'Namespaced',
    });
    // Read-only and always empty: only the verbs it serves are listed.
    expect(doc.items[1]!.versions[0]!.resources[0]).toMatchObject({
      resource: 'customresourcedefinitions',
      responseKind: { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
      scope: 'Cluster',
      shortNames: ['crd', 'crds'],
      verbs: ['get', 'list', 'watch'],
    });
  });

  it('an empty catalogue still gives a valid /apis document', () => {
    expect(buildAggregatedDiscovery([], { root: '/apis', version: 'v2' }).items).toEqual([]);
  });
});

describe('legacy discovery', () => {
  it('/api lists v1 with the server address', () => {
    expect(buildAPIVersions(GROUNDKUBE_RESOURCES, '10.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }],
    });
  });

  it('/apis lists coordination.k8s.io and apiextensions.k8s.io', () => {
    const version = { groupVersion: 'coordination.k8s.io/v1', version: 'v1' };
    const extensions = { groupVersion: 'apiextensions.k8s.io/v1', version: 'v1' };
    expect(buildAPIGroupList(GROUNDKUBE_RESOURCES)).toEqual({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [
        { name: 'coordination.k8s.io', versions: [version], preferredVersion: version },
        { name: 'apiextensions.k8s.io', versions: [extensions], preferredVersion: extensions },
      ],
    });
    expect(buildAPIGroupList([])).toEqual({ kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
    expect(buildAPIGroup(GROUNDKUBE_RESOURCES, 'coordination.k8s.io')?.kind).toBe('APIGroup');
    expect(buildAPIGroup(GROUNDKUBE_RESOURCES, 'apps')).toBeUndefined();
  });

  it.each([
    ['pods', { singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'] }],
    ['pods/log', { singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] }],
    ['pods/exec', { singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] }],
    ['pods/attach', { kind: 'PodAttachOptions', verbs: ['create', 'get'] }],
    ['pods/portforward', { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] }],
    ['pods/status', { kind: 'Pod', verbs: ['get', 'patch', 'update'] }],
    ['pods/binding', { kind: 'Binding', verbs: ['create'] }],
    [
      'pods/eviction',
      {
        singularName: '',
        namespaced: true,
        group: 'policy',
        version: 'v1',
        kind: 'Eviction',
        verbs: ['create'],
      },
    ],
    ['nodes', { singularName: 'node', namespaced: false, kind: 'Node', shortNames: ['no'] }],
    ['nodes/status', { namespaced: false, kind: 'Node' }],
    ['namespaces', { namespaced: false, kind: 'Namespace', shortNames: ['ns'] }],
    ['events', { namespaced: true, kind: 'Event', shortNames: ['ev'] }],
    ['services', { namespaced: true, kind: 'Service', shortNames: ['svc'], categories: ['all'] }],
  ])('/api/v1 has %s', (name, expected) => {
    const list = buildAPIResourceList(GROUNDKUBE_RESOURCES, { group: '', version: 'v1' })!;
    expect(list.kind).toBe('APIResourceList');
    expect(list.groupVersion).toBe('v1');
    expect(list.resources.find((r) => r.name === name)).toMatchObject(expected);
  });

  it('/apis/coordination.k8s.io/v1 has leases; unknown group-versions are undefined', () => {
    const list = buildAPIResourceList(GROUNDKUBE_RESOURCES, { group: 'coordination.k8s.io', version: 'v1' });
    expect(list?.groupVersion).toBe('coordination.k8s.io/v1');
    expect(list?.resources.map((r) => r.name)).toEqual(['leases']);
    expect(buildAPIResourceList(GROUNDKUBE_RESOURCES, { group: 'apps', version: 'v1' })).toBeUndefined();
  });
});

describe('catalogue lookups', () => {
  it.each([
    [{ group: '', version: 'v1', resource: 'pods' }, 'Pod'],
    [{ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }, 'Lease'],
    [{ group: '', version: 'v1', resource: 'leases' }, undefined],
  ])('findResource(%j) → %s', (target, kind) => {
    expect(findResource(GROUNDKUBE_RESOURCES, target)?.kind).toBe(kind);
  });

  it.each([
    ['v1', 'Pod', 'pods'],
    ['coordination.k8s.io/v1', 'Lease', 'leases'],
    ['v1', 'Lease', undefined],
  ])('findResourceByKind(%s, %s) → %s', (apiVersion, kind, resource) => {
    expect(findResourceByKind(GROUNDKUBE_RESOURCES, apiVersion, kind)?.resource).toBe(resource);
  });
});
