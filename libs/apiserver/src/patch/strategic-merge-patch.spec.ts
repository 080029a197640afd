import { PatchMalformedError, PatchNotApplicableError } from './errors';
import { mergeSchemaFor } from './merge-schema';
import { applyStrategicMergePatch } from './strategic-merge-patch';

const podSchema = mergeSchemaFor('v1', 'Pod');

const basePod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b', 'c'] },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx',
        ports: [{ containerPort: 80 }, { containerPort: 443 }],
        env: [{ name: 'A', value: '1' }],
      },
      { name: 'sidecar', image: 'busybox', command: ['sleep', '3600'] },
    ],
    tolerations: [{ key: 'x', operator: 'Exists' }],
    volumes: [{ name: 'data', emptyDir: {} }],
    nodeSelector: { disk: 'ssd', zone: 'a' },
  },
  status: {
    conditions: [
      { type: 'Ready', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
};

describe('applyStrategicMergePatch', () => {
  it.each<[string, unknown, (result: typeof basePod) => unknown, unknown]>([
    [
      'a new container merges into the list by name',
      { spec: { containers: [{ name: 'redis', image: 'redis' }] } },
      (r) => r.spec.containers.map((c) => c.name),
      ['nginx', 'sidecar', 'redis'],
    ],
    [
      'an existing container is merged field by field',
      { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      (r) => r.spec.containers[0],
      {
        name: 'nginx',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80 }, { containerPort: 443 }],
        env: [{ name: 'A', value: '1' }],
      },
    ],
    [
      'ports merge by containerPort',
      {
        spec: {
          containers: [
            { name: 'nginx', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 8080 }] },
          ],
        },
      },
      (r) => r.spec.containers[0]!.ports,
      [{ containerPort: 80, name: 'http' }, { containerPort: 443 }, { containerPort: 8080 }],
    ],
    [
      'null inside a list element deletes the field',
      { spec: { containers: [{ name: 'nginx', ports: null }] } },
      (r) => 'ports' in r.spec.containers[0]!,
      false,
    ],
    [
      'env merges by name',
      {
        spec: {
          containers: [
            {
              name: 'nginx',
              env: [
                { name: 'A', value: '2' },
                { name: 'B', value: '3' },
              ],
            },
          ],
        },
      },
      (r) => r.spec.containers[0]!.env,
      [
        { name: 'A', value: '2' },
        { name: 'B', value: '3' },
      ],
    ],
    [
      'tolerations have no merge key and are replaced',
      { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } },
      (r) => r.spec.tolerations,
      [{ key: 'y', operator: 'Exists' }],
    ],
    [
      'primitive lists without strategy are replaced',
      { spec: { containers: [{ name: 'sidecar', command: ['sleep', '1'] }] } },
      (r) => r.spec.containers[1]!.command,
      ['sleep', '1'],
    ],
    [
      '$patch: delete removes the element with that key',
      { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } },
      (r) => r.spec.containers.map((c) => c.name),
      ['nginx'],
    ],
    [
      '$patch: replace as a list element replaces the list',
      { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } },
      (r) => r.spec.containers,
      [{ name: 'only', image: 'x' }],
    ],
    [
      '$patch: replace in a map replaces the map',
      { spec: { nodeSelector: { zone: 'b', $patch: 'replace' } } },
      (r) => r.spec.nodeSelector,
      { zone: 'b' },
    ],
    [
      '$patch: delete in a map deletes it',
      { spec: { nodeSelector: { $patch: 'delete' } } },
      (r) => 'nodeSelector' in r.spec,
      false,
    ],
    [
      'null deletes map keys',
      { metadata: { labels: { tier: null, new: 'x' } } },
      (r) => r.metadata.labels,
      { app: 'web', new: 'x' },
    ],
    [
      '$setElementOrder orders the merged list (kubectl apply)',
      {
        spec: {
          ['$setElementOrder/containers']: [{ name: 'sidecar' }, { name: 'nginx' }],
          containers: [{ name: 'nginx', image: 'nginx:1.27', ports: null }],
        },
      },
      (r) => r.spec.containers.map((c) => [c.name, c.image, 'ports' in c]),
      [
        ['sidecar', 'busybox', false],
        ['nginx', 'nginx:1.27', false],
      ],
    ],
    [
      '$setElementOrder alone reorders',
      { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] } },
      (r) => r.spec.containers.map((c) => c.name),
      ['sidecar', 'nginx'],
    ],
    [
      '$setElementOrder keeps server-only elements in place',
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'new' }, { name: 'nginx' }],
          containers: [{ name: 'new', image: 'x' }],
        },
      },
      (r) => r.spec.containers.map((c) => c.name),
      ['new', 'nginx', 'sidecar'],
    ],
    [
      'finalizers merge as a set',
      { metadata: { finalizers: ['b', 'd'] } },
      (r) => r.metadata.finalizers,
      ['a', 'b', 'c', 'd'],
    ],
    [
      '$deleteFromPrimitiveList removes values',
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'c'] } },
      (r) => r.metadata.finalizers,
      ['b'],
    ],
    [
      '$retainKeys drops the other fields of a volume',
      { spec: { volumes: [{ name: 'data', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/x' } }] } },
      (r) => r.spec.volumes,
      [{ name: 'data', hostPath: { path: '/x' } }],
    ],
    [
      'status conditions merge by type',
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      (r) => r.status.conditions,
      [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
    ],
    ['an unchanged document comes back equal', {}, (r) => r, basePod],
  ])('%s', (_name, patch, pick, expected) => {
    const cleaned = JSON.parse(JSON.stringify(patch)) as unknown;
    const before = JSON.stringify(basePod);
    expect(pick(applyStrategicMergePatch(basePod, cleaned, podSchema))).toEqual(expected);
    expect(JSON.stringify(basePod)).toBe(before);
  });

  it.each<[string, unknown, new (...args: never[]) => Error]>([
    ['a patch that is not an object', [1], PatchMalformedError],
    ['an unknown $patch directive', { spec: { $patch: 'explode' } }, PatchMalformedError],
    [
      'a container without its merge key',
      { spec: { containers: [{ image: 'x' }] } },
      PatchNotApplicableError,
    ],
    [
      'a field outside $retainKeys',
      { spec: { volumes: [{ name: 'data', $retainKeys: ['name'], hostPath: {} }] } },
      PatchNotApplicableError,
    ],
    [
      'a $setElementOrder that is not a list',
      { spec: { '$setElementOrder/containers': 'x', containers: [] } },
      PatchMalformedError,
    ],
    ['deleting the whole object', { $patch: 'delete' }, PatchNotApplicableError],
  ])('rejects %s', (_name, patch, type) => {
    expect(() => applyStrategicMergePatch(basePod, patch, podSchema)).toThrow(type);
  });

  it('merges node addresses and conditions by type', () => {
    const node = {
      status: {
        addresses: [{ type: 'InternalIP', address: '1.1.1.1' }],
        conditions: [{ type: 'Ready', status: 'False' }],
      },
    };
    const patched = applyStrategicMergePatch(
      node,
      {
        status: {
          addresses: [{ type: 'Hostname', address: 'n1' }],
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
      mergeSchemaFor('v1', 'Node'),
    );
    expect(patched.status.addresses).toEqual([
      { type: 'InternalIP', address: '1.1.1.1' },
      { type: 'Hostname', address: 'n1' },
    ]);
    expect(patched.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
  });
});
