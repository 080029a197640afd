import type { Event, KubeObject, Lease, Namespace, Node, Service } from '@groundkube/api';
import { InvalidIncludeObjectError } from './errors';
import { parseIncludeObject } from './include-object';
import { acceptsTable } from './table-accept';
import { eventPrinter } from './event-printer';
import { leasePrinter } from './lease-printer';
import { namespacePrinter } from './namespace-printer';
import { nodePrinter } from './node-printer';
import { printerFor } from './printer-registry';
import { servicePrinter } from './service-printer';
import { tableForList, tableForObject } from './table';
import { createWatchTableEncoder } from './watch-table';

const now = new Date('2026-01-01T01:00:00Z');
const created = '2026-01-01T00:00:00Z';

describe('node cells', () => {
  const node = (extra: Partial<Node> & { labels?: Record<string, string> }): Node => ({
    metadata: { name: 'node-1', creationTimestamp: created, labels: extra.labels ?? {} },
    ...(extra.spec ? { spec: extra.spec } : {}),
    status: extra.status ?? {},
  });
  it.each<[string, Node, unknown[]]>([
    [
      'no conditions',
      node({}),
      ['node-1', 'Unknown', '<none>', '60m', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
    ],
    [
      'ready with info and addresses',
      node({
        labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': 'x' },
        status: {
          conditions: [{ type: 'Ready', status: 'True' }],
          addresses: [
            { type: 'Hostname', address: 'node-1' },
            { type: 'InternalIP', address: '172.18.0.2' },
          ],
          nodeInfo: {
            machineID: '',
            systemUUID: '',
            bootID: '',
            kernelVersion: '6.1.0',
            osImage: 'Debian GNU/Linux 12 (bookworm)',
            containerRuntimeVersion: 'docker://20.10.24',
            kubeletVersion: 'v1.32.4',
            kubeProxyVersion: '',
            operatingSystem: 'linux',
            architecture: 'amd64',
          },
        },
      }),
      [
        'node-1',
        'Ready',
        'control-plane,worker',
        '60m',
        'v1.32.4',
        '172.18.0.2',
        '<none>',
        'Debian GNU/Linux 12 (bookworm)',
        '6.1.0',
        'docker://20.10.24',
      ],
    ],
    [
      'not ready and cordoned, legacy role label',
      node({
        labels: { 'kubernetes.io/role': 'master' },
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          addresses: [{ type: 'ExternalIP', address: '1.2.3.4' }],
        },
      }),
      [
        'node-1',
        'NotReady,SchedulingDisabled',
        'master',
        '60m',
        '',
        '<none>',
        '1.2.3.4',
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ],
    ],
    [
      'unknown status and cordoned',
      node({ spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }),
      [
        'node-1',
        'NotReady,SchedulingDisabled',
        '<none>',
        '60m',
        '',
        '<none>',
        '<none>',
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(nodePrinter.cells(input, { now })).toEqual(expected);
  });
});

describe('event cells', () => {
  const base: Event = {
    metadata: { name: 'web.17a', namespace: 'default', creationTimestamp: created },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{nginx}' },
    reason: 'Pulled',
    message: ' Successfully pulled image "nginx" \n',
    type: 'Normal',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2026-01-01T00:50:00Z',
    lastTimestamp: '2026-01-01T00:58:00Z',
    count: 3,
  };
  it.each<[string, Event, unknown[]]>([
    [
      'classic event',
      base,
      [
        '2m',
        'Normal',
        'Pulled',
        'pod/web',
        'spec.containers{nginx}',
        'kubelet, node-1',
        'Successfully pulled image "nginx"',
        '10m',
        3,
        'web.17a',
      ],
    ],
    [
      'no last timestamp, no count, reporting controller, object without name',
      {
        ...base,
        involvedObject: { kind: 'Node' },
        lastTimestamp: null,
        count: 0,
        source: {},
        reportingComponent: 'kubelet',
      },
      [
        '10m',
        'Normal',
        'Pulled',
        'node',
        '',
        'kubelet',
        'Successfully pulled image "nginx"',
        '10m',
        1,
        'web.17a',
      ],
    ],
    [
      'only eventTime',
      { ...base, firstTimestamp: null, lastTimestamp: null, eventTime: '2026-01-01T00:59:30.000000Z' },
      [
        '30s',
        'Normal',
        'Pulled',
        'pod/web',
        'spec.containers{nginx}',
        'kubelet, node-1',
        'Successfully pulled image "nginx"',
        '30s',
        3,
        'web.17a',
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(eventPrinter.cells(input, { now })).toEqual(expected);
  });
});

describe('other printers', () => {
  it.each<[string, unknown[], unknown[]]>([
    [
      'namespace',
      namespacePrinter.cells(
        {
          metadata: { name: 'default', creationTimestamp: created },
          status: { phase: 'Active' },
        } as Namespace,
        { now },
      ),
      ['default', 'Active', '60m'],
    ],
    [
      'lease without holder',
      leasePrinter.cells({ metadata: { name: 'node-1', creationTimestamp: created } } as Lease, { now }),
      ['node-1', '<unknown>', '60m'],
    ],
    [
      'cluster IP service',
      servicePrinter.cells(
        {
          metadata: { name: 'kubernetes', creationTimestamp: created },
          spec: {
            type: 'ClusterIP',
            clusterIPs: ['10.0.0.1'],
            ports: [{ port: 443, protocol: 'TCP' }],
            selector: { b: '2', a: '1' },
          },
        } as Service,
        { now },
      ),
      ['kubernetes', 'ClusterIP', '10.0.0.1', '<none>', '443/TCP', '60m', 'a=1,b=2'],
    ],
    [
      'node port service, pending load balancer',
      servicePrinter.cells(
        {
          metadata: { name: 'lb', creationTimestamp: created },
          spec: {
            type: 'LoadBalancer',
            clusterIP: '10.0.0.9',
            ports: [
              { port: 80, nodePort: 30080, protocol: 'TCP' },
              { port: 53, protocol: 'UDP' },
            ],
          },
        } as Service,
        { now },
      ),
      ['lb', 'LoadBalancer', '10.0.0.9', '<pending>', '80:30080/TCP,53/UDP', '60m', '<none>'],
    ],
    [
      'default printer',
      printerFor({ group: 'apps', resource: 'deployments' }).cells(
        { metadata: { name: 'd', creationTimestamp: '2026-01-01T00:00:00.000Z' } },
        { now },
      ),
      ['d', '2026-01-01T00:00:00Z'],
    ],
  ])('%s', (_name, cells, expected) => {
    expect(cells).toEqual(expected);
  });

  it.each([
    [
      { group: '', resource: 'pods' },
      ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates'],
      [0, 0, 0, 0, 0, 1, 1, 1, 1],
    ],
    [
      { group: '', resource: 'nodes' },
      [
        'Name',
        'Status',
        'Roles',
        'Age',
        'Version',
        'Internal-IP',
        'External-IP',
        'OS-Image',
        'Kernel-Version',
        'Container-Runtime',
      ],
      [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    ],
    [
      { group: '', resource: 'events' },
      [
        'Last Seen',
        'Type',
        'Reason',
        'Object',
        'Subobject',
        'Source',
        'Message',
        'First Seen',
        'Count',
        'Name',
      ],
      [0, 0, 0, 0, 1, 1, 0, 1, 1, 1],
    ],
    [{ group: '', resource: 'namespaces' }, ['Name', 'Status', 'Age'], [0, 0, 0]],
    [
      { group: '', resource: 'services' },
      ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector'],
      [0, 0, 0, 0, 0, 0, 1],
    ],
    [{ group: 'coordination.k8s.io', resource: 'leases' }, ['Name', 'Holder', 'Age'], [0, 0, 0]],
    [{ group: 'apps', resource: 'deployments' }, ['Name', 'Created At'], [0, 0]],
  ])('columns of %j', (resource, names, priorities) => {
    const printer = printerFor(resource);
    expect(printer.columns.map((c) => c.name)).toEqual(names);
    expect(printer.columns.map((c) => c.priority)).toEqual(priorities);
    expect(printer.columns[printer.columns.findIndex((c) => c.name === 'Name')]?.format).toBe('name');
    for (const column of printer.columns) expect(column.description.length).toBeGreaterThan(0);
  });
});

describe('tables', () => {
  const pods = { group: '', resource: 'pods' };
  const item: KubeObject = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '7',
      creationTimestamp: created,
    },
  };
  const list = {
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '1007', continue: 'c1' },
    items: [item],
  };

  it.each([
    [
      'Metadata' as const,
      { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: item.metadata },
    ],
    ['Object' as const, item],
  ])('list table with includeObject=%s', (includeObject, expected) => {
    const table = tableForList(pods, list, { now, includeObject });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '1007', continue: 'c1' });
    expect(table.columnDefinitions).toHaveLength(9);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]?.cells.slice(0, 5)).toEqual(['web', '0/0', '', '0', '60m']);
    expect(table.rows[0]?.object).toEqual(expected);
  });

  it('omits row objects for includeObject=None and defaults to metadata', () => {
    expect('object' in (tableForList(pods, list, { now, includeObject: 'None' }).rows[0] ?? {})).toBe(false);
    expect(tableForList(pods, list, { now }).rows[0]?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
    });
  });

  it('single-object tables carry the object resourceVersion', () => {
    const table = tableForObject(pods, item, { now });
    expect(table.metadata).toEqual({ resourceVersion: '7' });
    expect(table.rows).toHaveLength(1);
  });

  it('an empty list still has columns', () => {
    const table = tableForList(pods, { ...list, items: [] }, { now });
    expect(table.rows).toEqual([]);
    expect(table.columnDefinitions).toHaveLength(9);
  });

  it('watch tables send column definitions on the first event only', () => {
    let tick = 0;
    const encoder = createWatchTableEncoder(pods, { now: () => new Date(now.getTime() + 1000 * tick++) });
    const first = encoder.encode(item);
    const second = encoder.encode(item);
    expect(first.columnDefinitions).toHaveLength(9);
    expect(second.columnDefinitions).toEqual([]);
    expect(first.rows[0]?.cells[4]).toBe('60m');
    expect(second.rows).toHaveLength(1);
  });

  it.each([
    [undefined, 'Metadata'],
    ['', 'Metadata'],
    ['None', 'None'],
    ['Object', 'Object'],
  ])('includeObject %j → %s', (value, expected) => {
    expect(parseIncludeObject(value)).toBe(expected);
  });

  it('rejects unknown includeObject values', () => {
    expect(() => parseIncludeObject('All')).toThrow(InvalidIncludeObjectError);
  });

  it.each([
    [
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      true,
    ],
    ['application/json;as=Table;v=v1beta1;g=meta.k8s.io', true],
    ['application/json', false],
    ['application/vnd.kubernetes.protobuf,application/json', false],
    ['application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', false],
    [undefined, false],
  ])('acceptsTable(%j) = %s', (accept, expected) => {
    expect(acceptsTable(accept)).toBe(expected);
  });
});
