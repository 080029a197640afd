// `get` and `describe`, and the read-side errors, with both kubectls on the same objects: outputs must be
// equal after normalise() (clock, klog lines). Objects are written straight to the API server.

import type { Pod } from '@groundkube/api';
import { PODS } from '@groundkube/client';

import { createNode, createPod, createPodEvent, markRunning, podManifest } from './objects';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

beforeAll(async () => {
  await createNode(suite.cluster.client, 'node-a');
  await createNode(suite.cluster.client, 'node-b');
  const web = await createPod(
    suite.cluster.client,
    podManifest('web', { labels: { app: 'web', tier: 'front' }, nodeName: 'node-a' }),
  );
  await createPod(suite.cluster.client, podManifest('db', { labels: { app: 'db' } }));
  await createPod(suite.cluster.client, podManifest('run', { labels: { app: 'run' }, nodeName: 'node-a' }));
  await markRunning(suite.cluster.client, 'run');
  await suite.cluster.client.create<Pod>(
    { resource: PODS, namespace: 'kube-system' },
    podManifest('dns', { nodeName: 'node-b' }),
  );
  await createPodEvent(suite.cluster.client, web, 'Scheduled', 'Successfully assigned default/web to node-a');
  await createPodEvent(
    suite.cluster.client,
    web,
    'Pulled',
    'Container image "nginx" already present on machine',
  );
}, 120_000);

const READS: readonly string[][] = [
  ['get', 'pods'],
  ['get', 'pods', '-o', 'wide'],
  ['get', 'pods', '-o', 'json'],
  ['get', 'pods', '-o', 'yaml'],
  ['get', 'pods', '-o', 'name'],
  ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{" "}{.spec.nodeName}{"\\n"}{end}'],
  ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName'],
  ['get', 'pods', '-A'],
  ['get', 'pods', '-A', '-o', 'wide'],
  ['get', 'pods', '--show-labels'],
  ['get', 'pods', '-L', 'tier'],
  ['get', 'pods', '--no-headers'],
  ['get', 'pods', '-l', 'app=web'],
  ['get', 'pods', '-l', 'app!=web'],
  ['get', 'pods', '-l', 'tier'],
  ['get', 'pods', '--field-selector', 'spec.nodeName=node-a'],
  ['get', 'pods', '--field-selector', 'status.phase!=Running'],
  ['get', 'pod', 'web'],
  ['get', 'pod/web', 'pod/db'],
  ['get', 'po', 'web', 'db', '-o', 'name'],
  ['get', 'pod', 'web', '-o', 'json'],
  ['get', 'pod', 'web', '-o', 'yaml'],
  ['get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[0].image}'],
  ['get', 'pods', '-n', 'kube-system'],
  ['get', 'nodes'],
  ['get', 'nodes', '-o', 'wide'],
  ['get', 'nodes', '-o', 'json'],
  ['get', 'nodes', '-o', 'yaml'],
  ['get', 'nodes', '-o', 'name'],
  ['get', 'no', 'node-a', '-o', 'jsonpath={.status.nodeInfo.kubeletVersion}'],
  ['get', 'nodes', '--show-labels'],
  ['get', 'events'],
  ['get', 'events', '-o', 'wide'],
  ['get', 'events', '-o', 'json'],
  ['get', 'events', '-o', 'yaml'],
  ['get', 'events', '-o', 'name'],
  ['get', 'ev', '-A'],
  ['get', 'namespaces'],
  ['get', 'ns', '-o', 'wide'],
  ['get', 'ns', 'default', '-o', 'yaml'],
  ['get', 'ns', '-o', 'json'],
  ['get', 'ns', '-o', 'name'],
  ['get', 'ns', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['get', 'nodes,pods'],
  ['get', 'pods', '--sort-by=.spec.nodeName'],
  ['get', 'pods', '--sort-by=.metadata.labels.app', '-o', 'name'],
  ['get', 'pods', '--sort-by={.status.phase}', '-o', 'wide'],
  ['get', 'pods', '-A', '--sort-by=.metadata.namespace'],
  ['get', 'nodes', '--sort-by=.metadata.creationTimestamp'],
  ['get', 'all'],
  ['get', 'pods', '-l', 'app=none'],
  ['get', 'pods', '-A', '-l', 'app=none'],
  ['get', 'pods', '-l', 'app=none', '-o', 'json'],
  ['describe', 'pod', 'web'],
  ['describe', 'pods/db'],
  ['describe', 'pod', 'run'],
  ['get', 'pod', 'run', '-o', 'wide'],
  ['get', 'pod', 'run', '-o', 'yaml'],
  ['describe', 'pods', '-l', 'app=web'],
  ['describe', 'node', 'node-a'],
  ['describe', 'nodes/node-b'],
  ['describe', 'namespace', 'default'],
  ['api-resources'],
  ['api-resources', '--namespaced=true'],
  ['api-resources', '-o', 'wide'],
  ['cluster-info'],
  ['api-versions'],
  ['get', '--raw', '/api/v1/namespaces/default'],
  ['get', '--raw', '/api/v1/namespaces/default/pods?limit=1'],
];

describe('reads: both kubectls print the same', () => {
  it.each(READS.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_title, args) => {
    const { real, ours } = await suite.sides.both(args);
    expect(real.code).toBe(0);
    expect(ours).toEqual(real);
  });
});

const READ_ERRORS: readonly string[][] = [
  ['get', 'pods', 'missing'],
  ['get', 'pods', 'web', 'missing'],
  ['get', 'nodes', 'missing'],
  ['get', 'foos'],
  ['get', 'pod/'],
  ['get'],
  ['describe', 'pod', 'missing'],
  ['describe', 'node', 'missing'],
  ['describe', 'foos', 'x'],
  ['describe'],
  ['get', 'pods', '-l', '=bad'],
  ['get', 'pods', '--field-selector', 'spec.unknown=x'],
  ['get', '--raw', '/api/v1/namespaces/nosuchns'],
  ['get', 'pod', 'web', '-n', 'nosuchns'],
  ['get', 'pods', 'web', 'db', '-n', 'nosuchns', '-o', 'json'],
  ['get', 'pod/web', '-n', 'nosuchns', '-o', 'name'],
  ['describe', 'pod', 'web', '-n', 'nosuchns'],
  ['get', '--raw', 'api/v1'],
  ['get', '--raw', '/api/v1', 'pods'],
  ['get', '--raw', '/api/v1', '-o', 'json'],
];

describe('read errors: one clear line, exit 1, the same words', () => {
  it.each(READ_ERRORS.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_title, args) => {
    const { real, ours } = await suite.sides.both(args);
    expect(real.code).toBe(1);
    expect(ours).toEqual(real);
    expect(ours.stderr).not.toMatch(/\n\s+at /);
  });
});

// Guards the comparison itself: if both sides ran the same binary, every test above would pass vacuously.
it('the two suite.sides are two different kubectls', async () => {
  const real = await suite.sides.run('real', ['version', '--client']);
  const ours = await suite.sides.run('ours', ['version', '--client']);
  expect(real.stdout).toMatch(/^Client Version: v1\.32\.\d+-dispatcher\n/);
  expect(ours.stdout).toMatch(/^Client Version: v1\.32\.\d+-groundkube\n/);
});

// On purpose: ours names itself in the client version and bundles no kustomize; the server line is the same.
it('version differs only in the client lines', async () => {
  const { real, ours } = await suite.sides.both(['version']);
  expect(real.stdout).toMatch(
    /^Client Version: v1\.32\.\d+-dispatcher\nKustomize Version: v\S+\nServer Version: (v\S+)\n$/,
  );
  expect(ours.stdout).toMatch(/^Client Version: v1\.32\.\d+-groundkube\nServer Version: v\S+\n$/);
  expect(ours.stdout.split('\n').at(-2)).toBe(real.stdout.split('\n').at(-2));
  expect([ours.code, ours.stderr]).toEqual([real.code, real.stderr]);
});
