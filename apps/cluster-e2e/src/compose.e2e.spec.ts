// deploy/docker-compose.yml as a user runs it: up, both nodes Ready for the real kubectl, a pod pinned to
// node-2 running inside node-2's engine with its logs reachable, stop/start keeping the objects while the
// node re-adopts its pod, and `down -v` leaving nothing behind.

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '@groundkube/testing';

import { COMPOSE_CLUSTER_PREFIX, composeCluster, type ComposeCluster } from './compose-cluster';
import { kubectlFor, until, type Kubectl } from './kubectl';

jest.setTimeout(240_000);

const exec = promisify(execFile);

let cluster: ComposeCluster | undefined;
let kubectl: Kubectl | undefined;

function started(): { cluster: ComposeCluster; kubectl: Kubectl } {
  if (!cluster || !kubectl) throw new Error('the compose cluster did not start (see beforeAll)');
  return { cluster, kubectl };
}

async function lines(program: string, args: string[]): Promise<string[]> {
  const { stdout } = await exec(program, args);
  return stdout.split('\n').filter((line) => line !== '');
}

/** Running containers of a pod inside a node's own engine. */
function runningPodContainers(cluster: ComposeCluster, node: string, pod: string): Promise<string[]> {
  return lines('docker', [
    'exec', cluster.containerOf(node),
    'docker', 'ps', '--filter', `label=io.kubernetes.pod.name=${pod}`, '--format', '{{.Names}}',
  ]);
}

interface PodStatus {
  status: { phase?: string; containerStatuses?: { ready: boolean; restartCount: number }[] };
}

beforeAll(async () => {
  const name = `${COMPOSE_CLUSTER_PREFIX}${process.pid}`;
  cluster = composeCluster(name, await freePort());
  await cluster.compose('up', '--detach');
  kubectl = await kubectlFor('real', `http://127.0.0.1:${cluster.apiPort}`);
});

afterAll(async () => {
  await kubectl?.[Symbol.asyncDispose]();
  await cluster?.compose('down', '--volumes');
});

describe('deploy/docker-compose.yml', () => {
  it('brings up two nodes that the real kubectl sees Ready', async () => {
    const { kubectl } = started();
    await until('node-1 and node-2 Ready', async () => {
      const out = await kubectl.ok('get', 'nodes');
      return /^node-1\s+Ready\s/m.test(out) && /^node-2\s+Ready\s/m.test(out) ? true : undefined;
    });
  });

  it('runs a pod with nodeName node-2 inside node-2 engine, and kubectl logs reaches it', async () => {
    const { cluster, kubectl } = started();
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'greeter' },
      spec: {
        nodeName: 'node-2',
        containers: [
          {
            name: 'greeter',
            image: 'busybox',
            command: ['sh', '-c', "echo hello from node-2; trap 'exit 0' TERM; while true; do sleep 1; done"],
          },
        ],
      },
    };
    await writeFile(path.join(kubectl.home, 'greeter.json'), JSON.stringify(manifest));
    expect(await kubectl.ok('create', '-f', 'greeter.json')).toBe('pod/greeter created\n');
    await until('greeter Running', async () =>
      /^greeter\s+1\/1\s+Running\s/m.test(await kubectl.ok('get', 'pods')) ? true : undefined,
    );
    expect(await runningPodContainers(cluster, 'node-2', 'greeter')).toHaveLength(2); // sandbox + greeter
    expect(await runningPodContainers(cluster, 'node-1', 'greeter')).toEqual([]);
    expect(await kubectl.ok('logs', 'greeter')).toContain('hello from node-2\n');
  });

  it('keeps the pod through stop and start, and node-2 runs it again', async () => {
    const { cluster, kubectl } = started();
    await cluster.compose('stop');
    expect(await lines('docker', ['ps', '--filter', `label=io.groundkube.cluster=${cluster.name}`, '--format', '{{.Names}}'])).toEqual([]);
    await cluster.compose('start');

    const pod = await until('greeter restarted on node-2', async () => {
      const current = JSON.parse(await kubectl.ok('get', 'pod', 'greeter', '-o', 'json')) as PodStatus;
      const container = current.status.containerStatuses?.[0];
      return container?.ready && container.restartCount >= 1 ? current : undefined;
    });
    expect(pod.status.phase).toBe('Running');
    expect(await runningPodContainers(cluster, 'node-2', 'greeter')).toHaveLength(2);
  });

  it('leaves no container, network or volume after down -v', async () => {
    const { cluster } = started();
    // Every volume the cluster's containers use, the registry's anonymous one included.
    const ids = await lines('docker', ['ps', '--all', '--quiet', '--filter', `label=io.groundkube.cluster=${cluster.name}`]);
    const mounts = await lines('docker', ['inspect', '--format', '{{range .Mounts}}{{if .Name}}{{.Name}}\n{{end}}{{end}}', ...ids]);
    expect(mounts.length).toBeGreaterThanOrEqual(6); // etcd, registry, and two per node
    await cluster.compose('down', '--volumes');
    const remaining = await lines('docker', ['volume', 'ls', '--quiet']);
    expect(mounts.filter((volume) => remaining.includes(volume))).toEqual([]);
    expect(await lines('docker', ['ps', '--all', '--filter', `label=io.groundkube.cluster=${cluster.name}`, '--format', '{{.Names}}'])).toEqual([]);
    expect(await lines('docker', ['network', 'ls', '--filter', `name=^${cluster.name}$`, '--format', '{{.Name}}'])).toEqual([]);
    expect(await lines('docker', ['volume', 'ls', '--filter', `name=^${cluster.name}-`, '--format', '{{.Name}}'])).toEqual([]);
  });
});
