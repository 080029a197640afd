// `describe node` on nodes that can allocate more than cpu, memory and ephemeral-storage: huge pages of two
// sizes (a row each under "Allocated resources", with a share of the node's pages) and an extended resource
// (a row with bare totals), with pods on the node that request them and on a node where nothing does.

import type { Pod } from '@groundkube/api';

import { createNode, createPod, podManifest } from './objects';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

const HUGE_PAGES = { 'hugepages-1Gi': '2Gi', 'hugepages-2Mi': '512Mi' };

function podRequesting(name: string, nodeName: string, resources: Record<string, string>): Pod {
  const pod = podManifest(name, { nodeName });
  const [container] = pod.spec?.containers ?? [];
  if (!container || !pod.spec) throw new Error('podManifest gave no container');
  return {
    ...pod,
    spec: {
      ...pod.spec,
      containers: [{ ...container, resources: { requests: resources, limits: resources } }],
    },
  };
}

beforeAll(async () => {
  await createNode(suite.cluster.client, 'huge', { ...HUGE_PAGES, 'example.com/gpu': '4' });
  await createNode(suite.cluster.client, 'huge-idle', HUGE_PAGES);
  await createPod(
    suite.cluster.client,
    podRequesting('pages', 'huge', { cpu: '100m', memory: '64Mi', 'hugepages-2Mi': '128Mi' }),
  );
  await createPod(
    suite.cluster.client,
    podRequesting('more-pages', 'huge', {
      cpu: '250m',
      memory: '1Gi',
      'hugepages-1Gi': '1Gi',
      'hugepages-2Mi': '2Mi',
    }),
  );
  await createPod(suite.cluster.client, podRequesting('gpu', 'huge', { cpu: '50m', 'example.com/gpu': '1' }));
}, 120_000);

describe('describe node with huge pages and an extended resource', () => {
  it.each([['huge'], ['huge-idle']])('kubectl describe node %s', async (name) => {
    const { real, ours } = await suite.sides.both(['describe', 'node', name]);
    expect(real.code).toBe(0);
    // The rows this spec is about, so that a fixture the server changed cannot make it pass vacuously.
    expect(real.stdout).toMatch(/^ {2}hugepages-1Gi {2}\S/m);
    expect(real.stdout).toMatch(/^ {2}hugepages-2Mi {2}\S/m);
    expect(real.stdout).toMatch(/^ {2}ephemeral-storage {2}\S/m);
    expect(ours).toEqual(real);
  });

  it('counts the pods that request huge pages and the extended resource', async () => {
    const { real, ours } = await suite.sides.both(['describe', 'node', 'huge']);
    expect(real.stdout).toContain('  hugepages-2Mi  130Mi (25%)  130Mi (25%)\n');
    expect(real.stdout).toContain('  example.com/gpu  1  1\n');
    expect(ours.stdout).toEqual(real.stdout);
  });
});
