// Two nodes, each a container with its own Docker engine: a pod runs on the node its spec names, inside that
// node's engine only; kubectl logs reaches it through the API server; deleting a pod cleans its node alone.

import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import { startCluster, type Cluster, type ClusterNode } from './cluster-containers';
import { kubectlFor, until, type Kubectl } from './kubectl';

jest.setTimeout(240_000);

const NODES = ['node-1', 'node-2'];

let cluster: Cluster | undefined;
let kubectl: Kubectl | undefined;

function started(): { kubectl: Kubectl; cluster: Cluster } {
  if (!cluster || !kubectl) throw new Error('the cluster did not start (see beforeAll)');
  return { kubectl, cluster };
}

/** A busybox pod pinned to a node that greets once and then idles (stopping at once on TERM). */
function greeterManifest(name: string, nodeName: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeName,
      containers: [
        {
          name: 'greeter',
          image: 'busybox',
          command: ['sh', '-c', `echo "hello from ${name} on ${nodeName}"; trap 'exit 0' TERM; while true; do sleep 1; done`],
        },
      ],
    },
  });
}

/** Names of the node engine's containers that belong to the pod (sandbox included). */
async function podContainers(node: ClusterNode, pod: string): Promise<string[]> {
  const out = await node.run(['docker', 'ps', '--all', '--filter', `label=io.kubernetes.pod.name=${pod}`, '--format', '{{.Names}}']);
  return out.split('\n').filter((line) => line !== '');
}

beforeAll(async () => {
  cluster = await startCluster({ nodeNames: NODES });
  kubectl = await kubectlFor('real', cluster.apiUrl);
});

afterAll(async () => {
  await kubectl?.[Symbol.asyncDispose]();
  await cluster?.[Symbol.asyncDispose]();
});

describe('a two-node containerised cluster', () => {
  it('has both nodes Ready', async () => {
    const { kubectl } = started();
    await until('both nodes Ready', async () => {
      const out = await kubectl.ok('get', 'nodes');
      return NODES.every((name) => new RegExp(`^${name}\\s+Ready\\s`, 'm').test(out)) ? true : undefined;
    });
  });

  it('runs each pod on the node named in nodeName, inside that node engine only', async () => {
    const { kubectl, cluster } = started();
    for (const [index, node] of NODES.entries()) {
      const file = path.join(kubectl.home, `greeter-${index + 1}.json`);
      await writeFile(file, greeterManifest(`greeter-${index + 1}`, node));
      expect(await kubectl.ok('create', '-f', file)).toBe(`pod/greeter-${index + 1} created\n`);
    }
    await until('both greeters Running', async () => {
      const out = await kubectl.ok('get', 'pods', '-o', 'wide');
      const rows = out.split('\n');
      const ok = NODES.every((node, index) =>
        rows.some((row) => new RegExp(`^greeter-${index + 1}\\s+1/1\\s+Running\\s.*\\s10\\.201\\.${index + 1}\\.\\d+\\s+${node}\\s`).test(row)),
      );
      return ok ? true : undefined;
    });
    const [one, two] = [cluster.node('node-1'), cluster.node('node-2')];
    expect(await podContainers(one, 'greeter-1')).toHaveLength(2); // sandbox + greeter
    expect(await podContainers(one, 'greeter-2')).toEqual([]);
    expect(await podContainers(two, 'greeter-2')).toHaveLength(2);
    expect(await podContainers(two, 'greeter-1')).toEqual([]);
  });

  it('reaches a pod on node-2 with kubectl logs, through the API server and that node kubelet', async () => {
    const { kubectl } = started();
    expect(await kubectl.ok('logs', 'greeter-2')).toBe('hello from greeter-2 on node-2\n');
  });

  it('deleting a pod cleans only its own node engine', async () => {
    const { kubectl, cluster } = started();
    expect(await kubectl.ok('delete', 'pod', 'greeter-2')).toBe('pod "greeter-2" deleted\n');
    await until('node-2 engine empty', async () =>
      (await cluster.node('node-2').engineContainers()).length === 0 ? true : undefined,
    );
    expect(await podContainers(cluster.node('node-1'), 'greeter-1')).toHaveLength(2);

    expect(await kubectl.ok('delete', 'pod', 'greeter-1')).toBe('pod "greeter-1" deleted\n');
    await until('node-1 engine empty', async () =>
      (await cluster.node('node-1').engineContainers()).length === 0 ? true : undefined,
    );
    const listed = await kubectl.run('get', 'pods');
    expect(listed.stderr).toBe('No resources found in default namespace.\n');
  });
});
