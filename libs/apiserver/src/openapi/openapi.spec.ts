import { GROUNDKUBE_RESOURCES, type ResourceCatalogue } from '../discovery';
import { buildGroupVersionDocument, createOpenAPIService, type OpenAPIV3Document } from './openapi-documents';
import { DESCRIPTIONS } from './field-descriptions';
import type { OperationObject } from './operations';

describe('openapi v3 root', () => {
  const service = createOpenAPIService(GROUNDKUBE_RESOURCES);

  it('lists one hash-addressed document per group-version', () => {
    const root = JSON.parse(service.root().body) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(root.paths).sort()).toEqual([
      'api/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
    ]);
    for (const [key, entry] of Object.entries(root.paths)) {
      const document = service.groupVersion(key)!;
      expect(entry.serverRelativeURL).toBe(`/openapi/v3/${key}?hash=${document.hash}`);
      expect(document.hash).toMatch(/^[0-9A-F]{128}$/);
      expect(document.etag).toBe(`"${document.hash}"`);
    }
  });

  it('is stable for the same catalogue and changes with it', () => {
    const again = createOpenAPIService(GROUNDKUBE_RESOURCES);
    expect(again.root().body).toBe(service.root().body);
    const fewer: ResourceCatalogue = GROUNDKUBE_RESOURCES.filter((r) => r.resource !== 'events');
    expect(createOpenAPIService(fewer).groupVersion('api/v1')!.hash).not.toBe(
      service.groupVersion('api/v1')!.hash,
    );
  });

  it.each([
    ['api/v1', true],
    ['/api/v1', true],
    ['apis/coordination.k8s.io/v1', true],
    ['apis/apps/v1', false],
    ['api/v2', false],
  ])('groupVersion(%j) found=%s', (key, found) => {
    expect(service.groupVersion(key) !== undefined).toBe(found);
  });

  it.each([
    [undefined, 'no-cache, private'],
    ['WRONG', 'no-cache, private'],
  ])('cache control for hash %j', (hash, expected) => {
    expect(service.cacheControl(hash, service.root())).toBe(expected);
  });

  it('marks the current hash immutable', () => {
    const document = service.groupVersion('api/v1')!;
    expect(service.cacheControl(document.hash, document)).toBe('public, immutable');
  });
});

describe('group-version documents', () => {
  const core = buildGroupVersionDocument(GROUNDKUBE_RESOURCES, { group: '', version: 'v1' })!;
  const coordination = buildGroupVersionDocument(GROUNDKUBE_RESOURCES, {
    group: 'coordination.k8s.io',
    version: 'v1',
  })!;

  it('gives every served kind a component schema with its GVK', () => {
    expect(core.openapi).toBe('3.0.0');
    const gvks = (document: OpenAPIV3Document) =>
      Object.entries(document.components.schemas)
        .filter(([, schema]) => schema['x-kubernetes-group-version-kind'] !== undefined)
        .map(([name, schema]) => [name, schema['x-kubernetes-group-version-kind']]);
    expect(gvks(core)).toEqual([
      ...['Binding', 'Event', 'Namespace', 'Node', 'Pod', 'Service'].map((kind) => [
        `io.k8s.api.core.v1.${kind}`,
        [{ group: '', version: 'v1', kind }],
      ]),
      // pods/eviction takes a policy/v1 Eviction: its schema is in the core document, as in Kubernetes.
      ['io.k8s.api.policy.v1.Eviction', [{ group: 'policy', version: 'v1', kind: 'Eviction' }]],
    ]);
    expect(gvks(coordination)).toEqual([
      ['io.k8s.api.coordination.v1.Lease', [{ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }]],
    ]);
  });

  it('resolves every $ref within the document', () => {
    for (const document of [core, coordination]) {
      const refs = JSON.stringify(document.components).match(/"\$ref":"[^"]+"/g) ?? [];
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
        expect(document.components.schemas[name]).toBeDefined();
      }
    }
  });

  it('describes the kinds, their top-level fields and the common pod and container fields', () => {
    const schemas = core.components.schemas;
    for (const kind of ['Pod', 'Node', 'Namespace', 'Event', 'Service', 'Binding']) {
      const schema = schemas[`io.k8s.api.core.v1.${kind}`]!;
      expect(schema.description).toBeTruthy();
      for (const [field, property] of Object.entries(schema.properties!))
        expect([kind, field, property.description]).toEqual([kind, field, expect.any(String)]);
    }
    const pod = schemas['io.k8s.api.core.v1.Pod']!.properties!;
    expect(pod['spec']).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }],
      default: {},
      description: expect.stringContaining('desired behaviour'),
    });
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec']!;
    for (const field of ['containers', 'volumes', 'nodeName', 'restartPolicy', 'initContainers'])
      expect(podSpec.properties![field]!.description).toBeTruthy();
    const eviction = schemas['io.k8s.api.policy.v1.Eviction']!;
    expect(Object.keys(eviction.properties!).sort()).toEqual([
      'apiVersion',
      'deleteOptions',
      'kind',
      'metadata',
    ]);
    for (const property of Object.values(
      schemas['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']!.properties!,
    ))
      expect(property.description).toBeTruthy();
    const container = schemas['io.k8s.api.core.v1.Container']!;
    for (const field of ['name', 'image', 'command', 'args', 'env', 'ports', 'resources', 'volumeMounts'])
      expect(container.properties![field]!.description).toBeTruthy();
    expect(container.required).toEqual(['name']);
  });

  it('serves every description it has (none keyed by a path the schemas do not have)', () => {
    const served = JSON.stringify([core, coordination]);
    const unused = Object.entries(DESCRIPTIONS)
      .filter(([, text]) => !served.includes(JSON.stringify(text)))
      .map(([key]) => key);
    expect(unused).toEqual([]);
  });

  it('types ports given by number or name as IntOrString and resource amounts as Quantity', () => {
    const schemas = core.components.schemas;
    const intOrString = {
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }],
    };
    const quantity = {
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' }],
    };
    const probe = schemas['io.k8s.api.core.v1.Probe']!.properties!;
    expect(probe['httpGet']!.properties!['port']).toEqual(intOrString);
    expect(probe['grpc']!.properties!['port']).toEqual({ type: 'integer', format: 'int32' });
    const resources = schemas['io.k8s.api.core.v1.ResourceRequirements']!.properties!;
    expect(resources['limits']!.additionalProperties).toEqual(quantity);
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.type).toBeUndefined();
    expect(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity']!.type).toBeUndefined();
  });

  it('marks lists with the strategic-merge keys the server merges by', () => {
    const schemas = core.components.schemas;
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec']!.properties!;
    expect(podSpec['containers']).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(podSpec['volumes']).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge,retainKeys' });
    expect(podSpec['tolerations']!['x-kubernetes-patch-strategy']).toBeUndefined();
    const container = schemas['io.k8s.api.core.v1.Container']!.properties!;
    expect(container['ports']!['x-kubernetes-patch-merge-key']).toBe('containerPort');
    expect(container['volumeMounts']!['x-kubernetes-patch-merge-key']).toBe('mountPath');
    const meta = schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties!;
    expect(meta['finalizers']).toMatchObject({ 'x-kubernetes-patch-strategy': 'merge' });
    expect(meta['ownerReferences']!['x-kubernetes-patch-merge-key']).toBe('uid');
    const nodeStatus = schemas['io.k8s.api.core.v1.NodeStatus']!.properties!;
    expect(nodeStatus['conditions']!['x-kubernetes-patch-merge-key']).toBe('type');
  });

  // kubectl's query-param verifier looks for exactly this: a PATCH with the kind's GVK and fieldValidation.
  it.each([
    [core, '/api/v1/namespaces/{namespace}/pods/{name}', 'Pod', ''],
    [core, '/api/v1/nodes/{name}', 'Node', ''],
    [core, '/api/v1/namespaces/{name}', 'Namespace', ''],
    [core, '/api/v1/namespaces/{namespace}/events/{name}', 'Event', ''],
    [core, '/api/v1/namespaces/{namespace}/services/{name}', 'Service', ''],
    [core, '/api/v1/namespaces/{namespace}/pods/{name}/status', 'Pod', ''],
    [
      coordination,
      '/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}',
      'Lease',
      'coordination.k8s.io',
    ],
  ])('PATCH %#: %s has GVK %s and fieldValidation', (document, path, kind, group) => {
    const patch = document.paths[path]?.patch as OperationObject;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group, version: 'v1', kind });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(patch.parameters.map((p) => p.name)).toContain('fieldValidation');
    expect(Object.keys(patch.requestBody!.content)).toEqual(
      expect.arrayContaining(['application/strategic-merge-patch+json', 'application/apply-patch+yaml']),
    );
  });

  it.each([
    ['/api/v1/namespaces/{namespace}/pods', ['get', 'post']],
    ['/api/v1/pods', ['get']],
    ['/api/v1/namespaces/{namespace}/pods/{name}', ['get', 'put', 'patch', 'delete']],
    ['/api/v1/namespaces/{namespace}/pods/{name}/log', ['get']],
    ['/api/v1/namespaces/{namespace}/pods/{name}/exec', ['get', 'post']],
    ['/api/v1/namespaces/{namespace}/pods/{name}/binding', ['post']],
    ['/api/v1/namespaces/{namespace}/pods/{name}/eviction', ['post']],
    ['/api/v1/nodes', ['get', 'post']],
  ])('%s has %j', (path, verbs) => {
    const item = core.paths[path]!;
    expect(
      Object.keys(item)
        .filter((k) => k !== 'parameters')
        .sort(),
    ).toEqual([...verbs].sort());
  });

  it('names the eviction operation by its path and its GVK by the Eviction it takes', () => {
    const post = core.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction']!.post!;
    expect(post).toMatchObject({
      operationId: 'createCoreV1NamespacedPodEviction',
      tags: ['core_v1'],
      'x-kubernetes-action': 'post',
      'x-kubernetes-group-version-kind': { group: 'policy', version: 'v1', kind: 'Eviction' },
    });
  });

  it('gives every operation a unique id', () => {
    const ids = [core, coordination].flatMap((d) =>
      Object.values(d.paths).flatMap((item) =>
        Object.entries(item)
          .filter(([k]) => k !== 'parameters')
          .map(([, op]) => (op as OperationObject).operationId),
      ),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('patchCoreV1NamespacedPod');
    expect(ids).toContain('patchCoordinationV1NamespacedLease');
  });
});
