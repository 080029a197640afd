// Streaming subresources with the real kubectl: exec, attach and port-forward need an upgraded connection
// carried through to a kubelet, which this API server does not serve yet. Each gets the same kind of
// answer, a 405 MethodNotAllowed Status naming what is not served, for every request kubectl makes
// (websocket upgrade first, then its SPDY fallback), rather than a 404 or a failed upgrade.

import { createNode, createPod, markRunning, podManifest, removePods } from './objects';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

beforeAll(async () => {
  await createNode(suite.cluster.client, 'node-a');
  await removePods(suite.cluster.client, ['r2']);
  await createPod(suite.cluster.client, podManifest('r2', { nodeName: 'node-a' }));
  await markRunning(suite.cluster.client, 'r2');
}, 120_000);

// What follows the Status is kubectl's own framing: attach prints its prompt hint before connecting, and
// port-forward reports any failed upgrade as "error upgrading connection".
describe('the real kubectl gets a plain 405 for each streaming subresource', () => {
  it.each([
    [
      ['exec', 'r2', '--', 'ls'],
      'Error from server (MethodNotAllowed): exec into pods is not served by this API server yet (pods "r2")\n',
    ],
    [
      ['attach', 'r2'],
      "If you don't see a command prompt, try pressing enter.\n" +
        'Error from server (MethodNotAllowed): attach to pods is not served by this API server yet (pods "r2")\n',
    ],
    [
      ['port-forward', 'pod/r2', '18081:80'],
      'error: error upgrading connection: port forwarding to pods is not served by this API server yet (pods "r2")\n',
    ],
  ])('kubectl %j', async (args, stderr) => {
    const run = await suite.sides.run('real', args, { timeoutMs: 30_000 });
    expect(run).toEqual({ code: 1, stdout: '', stderr });
  });

  it('lists attach, exec and portforward among the pod subresources, as Kubernetes does', async () => {
    const list = await suite.cluster.client.request<{
      resources: { name: string; kind: string; verbs: string[] }[];
    }>({
      method: 'GET',
      path: '/api/v1',
    });
    const streaming = list.resources.filter((r) => /^pods\/(attach|exec|portforward)$/.test(r.name));
    expect(streaming).toEqual([
      expect.objectContaining({ name: 'pods/attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] }),
      expect.objectContaining({ name: 'pods/exec', kind: 'PodExecOptions', verbs: ['create', 'get'] }),
      expect.objectContaining({
        name: 'pods/portforward',
        kind: 'PodPortForwardOptions',
        verbs: ['create', 'get'],
      }),
    ]);
  });
});
