// The real kubectl (1.32 through the dispatcher, 1.29, 1.27) reading this library's discovery,
// OpenAPI and Table documents, served by a fixture. This checks the documents, not the API server:
// apps/kubectl-e2e runs kubectl against the real API server on etcd.
import { startDocumentServer, type DocumentServer } from './document-server';
import { NEW_POD, fixtureObjects as objects, fixtureNow as now } from './fixture-objects';
import { createKubectlRunner, tableLines, type KubectlBinary, type KubectlRunner } from './kubectl-runner';

jest.setTimeout(60_000);

describe('real kubectl against the discovery/openapi/table documents', () => {
  let server: DocumentServer;
  let kubectl: KubectlRunner;

  beforeAll(async () => {
    // A fixed clock: the ages in the tables are then exact, however long kubectl takes to start.
    server = await startDocumentServer({ objects, now: () => now });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    // A fresh HOME per test: no cached discovery or /version.
    kubectl = await createKubectlRunner({ server: server.url });
    server.requests.length = 0;
  });
  afterEach(() => kubectl.dispose());

  it.each<[KubectlBinary, string]>([
    ['dispatcher', 'v=v2;'],
    ['v1_29', 'v=v2beta1;'],
    ['v1_27', 'v=v2beta1;'],
  ])('api-resources with %s uses aggregated discovery (%s)', async (binary, version) => {
    const result = await kubectl.run(['api-resources'], { binary });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = tableLines(result.stdout);
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['pods', 'po', 'v1', 'true', 'Pod'],
        ['nodes', 'no', 'v1', 'false', 'Node'],
        ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
        ['events', 'ev', 'v1', 'true', 'Event'],
        ['services', 'svc', 'v1', 'true', 'Service'],
        ['leases', 'coordination.k8s.io/v1', 'true', 'Lease'],
      ]),
    );
    expect(rows.some((row) => row[0]?.includes('/'))).toBe(false);
    expect(server.requests.find((r) => r.url.startsWith('/api?'))?.accept).toContain(version);
    expect(server.requests.some((r) => r.url.startsWith('/api/v1?'))).toBe(false);
  });

  it('api-resources works through legacy discovery too', async () => {
    await using legacy = await startDocumentServer({
      objects,
      now: () => now,
      legacyDiscoveryOnly: true,
    });
    await using runner = await createKubectlRunner({ server: legacy.url });
    const result = await runner.run(['api-resources']);
    expect(result.code).toBe(0);
    expect(tableLines(result.stdout)).toEqual(expect.arrayContaining([['pods', 'po', 'v1', 'true', 'Pod']]));
    expect(legacy.requests.some((r) => r.url.startsWith('/api/v1?'))).toBe(true);
  });

  it('get pods prints the server table', async () => {
    const result = await kubectl.run(['get', 'pods']);
    expect(result.code).toBe(0);
    expect(tableLines(result.stdout)).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['web', '1/1', 'Running', '0', '60m'],
      ['crashy', '0/1', 'CrashLoopBackOff', '4', '5m'],
    ]);
    expect(
      server.requests.find((r) => r.url.startsWith('/api/v1/namespaces/default/pods'))?.accept,
    ).toContain('as=Table');
  });

  it('get pods -o wide shows the priority-1 columns', async () => {
    const result = await kubectl.run(['get', 'pods', '-o', 'wide', '-l', 'app=web']);
    expect(result.code).toBe(0);
    expect(tableLines(result.stdout)).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      ['web', '1/1', 'Running', '0', '60m', '10.201.0.5', 'node-1', '<none>', '<none>'],
    ]);
  });

  it('get pods -A --show-labels reads namespaces and labels from the row objects', async () => {
    const result = await kubectl.run(['get', 'pods', '-A', '--show-labels']);
    expect(result.code).toBe(0);
    const rows = tableLines(result.stdout);
    expect(rows[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS']);
    // Kubernetes keeps minutes up to three hours: 120m, not 2h.
    expect(rows).toContainEqual(['kube-system', 'other', '0/1', 'Pending', '0', '120m', '<none>']);
    expect(rows).toContainEqual(['default', 'web', '1/1', 'Running', '0', '60m', 'app=web']);
  });

  it.each<[KubectlBinary]>([['v1_27'], ['v1_29']])('get pods with %s', async (binary) => {
    const result = await kubectl.run(['get', 'pods', 'web'], { binary });
    expect(result.code).toBe(0);
    expect(tableLines(result.stdout)).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['web', '1/1', 'Running', '0', '60m'],
    ]);
  });

  it('get nodes -o wide', async () => {
    const result = await kubectl.run(['get', 'nodes', '-o', 'wide']);
    expect(result.code).toBe(0);
    expect(tableLines(result.stdout)).toEqual([
      [
        'NAME',
        'STATUS',
        'ROLES',
        'AGE',
        'VERSION',
        'INTERNAL-IP',
        'EXTERNAL-IP',
        'OS-IMAGE',
        'KERNEL-VERSION',
        'CONTAINER-RUNTIME',
      ],
      [
        'node-1',
        'Ready',
        '<none>',
        '24h',
        'v1.32.4',
        '172.18.0.2',
        '<none>',
        'Debian GNU/Linux 12 (bookworm)',
        '6.1.0-test',
        'docker://20.10.24',
      ],
    ]);
  });

  it('get events and get events -o wide', async () => {
    const narrow = await kubectl.run(['get', 'events']);
    expect(narrow.code).toBe(0);
    expect(tableLines(narrow.stdout)).toEqual([
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      ['2m', 'Normal', 'Started', 'pod/web', 'Started container nginx'],
    ]);
    const wide = await kubectl.run(['get', 'events', '-o', 'wide']);
    expect(tableLines(wide.stdout)[0]).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'SUBOBJECT',
      'SOURCE',
      'MESSAGE',
      'FIRST SEEN',
      'COUNT',
      'NAME',
    ]);
    expect(tableLines(wide.stdout)[1]).toEqual([
      '2m',
      'Normal',
      'Started',
      'pod/web',
      'spec.containers{nginx}',
      'kubelet, node-1',
      'Started container nginx',
      '3m',
      '1',
      'web.1',
    ]);
  });

  it('an empty list prints kubectl’s message', async () => {
    const result = await kubectl.run(['get', 'pods', '-l', 'app=none']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe('No resources found in default namespace.');
  });

  it.each<[KubectlBinary]>([['dispatcher'], ['v1_29'], ['v1_27']])(
    'create with %s trusts the server with strict field validation',
    async (binary) => {
      const manifest = await kubectl.writeFile('pod.yaml', NEW_POD);
      const result = await kubectl.run(['create', '-f', manifest], { binary });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('pod/new created');
      const post = server.requests.find((r) => r.method === 'POST');
      expect(post?.url).toMatch(/^\/api\/v1\/namespaces\/default\/pods\?/);
      expect(new URL(post!.url, 'http://x').searchParams.get('fieldValidation')).toBe('Strict');
      // 1.32 and 1.29 find the fieldValidation parameter in OpenAPI v3; 1.27 looks in v2 (as protobuf).
      const openapi = binary === 'v1_27' ? '/openapi/v2?' : '/openapi/v3/api/v1?hash=';
      expect(server.requests.some((r) => r.url.startsWith(openapi))).toBe(true);
    },
  );
});
