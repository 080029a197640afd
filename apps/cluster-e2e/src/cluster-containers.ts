// A whole groundkube cluster as containers on one Docker network, started with testcontainers: etcd, a
// registry mirror seeded with nginx and busybox, the API server (published on a free host port), and one
// container per node running its own Docker engine and our kubelet. Nothing is pulled: every image is local
// (global-setup.ts builds them). Ryuk, testcontainers' reaper, would be pulled from Docker Hub, so it is
// off and the cluster removes itself on dispose; containers also carry the owning process id, so a run that
// was killed before it could clean up is swept by the next one (sweepLeftovers).

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

import {
  GenericContainer,
  Network,
  Wait,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';

import { processAlive } from './process-alive';

const exec = promisify(execFile);

export const CLUSTER_IMAGES = {
  etcd: 'groundkube/etcd:3.4',
  registry: 'groundkube/registry:2.8-seeded',
  apiserver: 'groundkube/apiserver:latest',
  node: 'groundkube/kubelet:latest',
} as const;

/** Label on everything a cluster starts: the pid of the test process that owns it. */
export const OWNER_LABEL = 'io.groundkube.e2e.owner-pid';
export const NETWORK_PREFIX = 'groundkube-e2e-';

export interface ClusterNode {
  readonly name: string;
  readonly container: StartedTestContainer;
  /** Runs a command inside the node container; rejects when it exits non-zero. */
  run(command: string[]): Promise<string>;
  /** `docker ps -a` of the node's own engine: the names of every container it holds. */
  engineContainers(): Promise<string[]>;
}

export interface Cluster extends AsyncDisposable {
  /** http://127.0.0.1:<port> of the API server. */
  readonly apiUrl: string;
  readonly network: StartedNetwork;
  readonly nodes: ReadonlyMap<string, ClusterNode>;
  node(name: string): ClusterNode;
  /** The last lines of every container's log, for a failing test's message. */
  describe(): Promise<string>;
}

export interface ClusterOptions {
  /** Node names; node i gets the nested bridge 10.201.(i+1).1/24. */
  nodeNames: string[];
  /** Extra arguments for each kubelet. */
  kubeletArgs?: string[];
  /** Other images than CLUSTER_IMAGES (tests of the fixture itself). */
  images?: Partial<Record<keyof typeof CLUSTER_IMAGES, string>>;
}

function ownerLabels(): Record<string, string> {
  return { [OWNER_LABEL]: String(process.pid) };
}

function makeNode(name: string, container: StartedTestContainer): ClusterNode {
  const run = async (command: string[]): Promise<string> => {
    const result = await container.exec(command);
    if (result.exitCode !== 0) {
      throw new Error(
        `${name}: ${command.join(' ')} exited with ${result.exitCode}: ${result.output.trim()}`,
      );
    }
    return result.stdout;
  };
  return {
    name,
    container,
    run,
    engineContainers: async () =>
      (await run(['docker', 'ps', '--all', '--format', '{{.Names}}']))
        .split('\n')
        .filter((line) => line !== ''),
  };
}

/** Starts the cluster; when any part fails to start, what was started is removed before the error propagates. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
  const images = { ...CLUSTER_IMAGES, ...options.images };
  const started: StartedTestContainer[] = [];
  const networkName = `${NETWORK_PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`;
  const network = await new Network({ nextUuid: () => networkName }).start();
  const dispose = async (): Promise<void> => {
    // Nodes first (their entry script stops the pods' containers), then the rest, then the network. The
    // timeout is generous: a node killed before its engine stopped leaves its pods' cgroups in the host's tree
    // (testcontainers' own default is 0, an immediate SIGKILL).
    for (const container of [...started].reverse()) {
      await container.stop({ timeout: 45_000, remove: true, removeVolumes: true }).catch(() => undefined);
    }
    await network.stop().catch(() => undefined);
  };
  try {
    const startOne = async (container: GenericContainer): Promise<StartedTestContainer> => {
      const running = await container.withNetwork(network).withLabels(ownerLabels()).start();
      started.push(running);
      return running;
    };
    const etcdAndRegistry = Promise.all([
      startOne(
        new GenericContainer(images.etcd)
          .withNetworkAliases('etcd')
          .withEnvironment({ ETCD_ADVERTISE_CLIENT_URLS: 'http://etcd:2379' })
          .withTmpFs({ '/var/lib/etcd': 'rw,uid=65532,gid=65532,mode=0700' })
          .withWaitStrategy(Wait.forHealthCheck()),
      ),
      startOne(
        new GenericContainer(images.registry)
          .withNetworkAliases('registry')
          .withWaitStrategy(Wait.forHealthCheck()),
      ),
    ]);
    await etcdAndRegistry;
    const apiserver = await startOne(
      new GenericContainer(images.apiserver)
        .withNetworkAliases('apiserver')
        .withCommand([
          '--etcd-servers=http://etcd:2379',
          '--service-cluster-ip-range=10.0.0.0/16',
          '--insecure-bind-address=0.0.0.0',
          '--insecure-port=8080',
        ])
        .withExposedPorts(8080)
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(60_000),
    );
    const nodes = new Map<string, ClusterNode>();
    await Promise.all(
      options.nodeNames.map(async (name, index) => {
        const container = await startOne(
          new GenericContainer(images.node)
            .withHostname(name)
            .withNetworkAliases(name)
            .withEnvironment({
              GROUNDKUBE_API_SERVERS: 'http://apiserver:8080',
              GROUNDKUBE_NODE_NAME: name,
              GROUNDKUBE_NODE_BIP: `10.201.${index + 1}.1/24`,
              GROUNDKUBE_REGISTRY_MIRROR: 'http://registry:5000',
            })
            .withCommand(options.kubeletArgs ?? [])
            // The capability set a nested Docker engine needs without --privileged (shared/MACHINE.md).
            .withAddedCapabilities('ALL')
            .withDroppedCapabilities('SYS_RESOURCE')
            .withSecurityOpt('seccomp=unconfined', 'apparmor=unconfined')
            .withBindMounts([{ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'rw' }])
            .withTmpFs({ '/var/lib/docker': 'rw,exec' })
            .withWaitStrategy(Wait.forHealthCheck())
            .withStartupTimeout(60_000),
        );
        nodes.set(name, makeNode(name, container));
      }),
    );

    const apiUrl = `http://127.0.0.1:${apiserver.getMappedPort(8080)}`;
    return {
      apiUrl,
      network,
      nodes,
      node: (name) => {
        const node = nodes.get(name);
        if (node === undefined) throw new Error(`no node ${name} in this cluster`);
        return node;
      },
      describe: async () => {
        const parts: string[] = [];
        for (const container of started) {
          const { stdout, stderr } = await exec('docker', ['logs', '--tail', '15', container.getId()]).catch(
            () => ({
              stdout: '',
              stderr: '(no logs)',
            }),
          );
          parts.push(`--- ${container.getName()}\n${stdout}${stderr}`);
        }
        return parts.join('\n');
      },
      [Symbol.asyncDispose]: dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Removes containers and networks of earlier runs whose test process is gone. Returns what it removed. */
export async function sweepLeftovers(): Promise<string[]> {
  const removed: string[] = [];
  const { stdout } = await exec('docker', [
    'ps',
    '--all',
    '--filter',
    `label=${OWNER_LABEL}`,
    '--format',
    `{{.ID}} {{.Label "${OWNER_LABEL}"}}`,
  ]);
  for (const line of stdout.split('\n').filter((l) => l !== '')) {
    const [id = '', pid = ''] = line.split(' ');
    if (processAlive(Number(pid))) continue;
    // A stop first lets a node's entry script stop the pods' containers (whose cgroups are the host's).
    await exec('docker', ['stop', '--time', '45', id]).catch(() => undefined);
    await exec('docker', ['rm', '--force', '--volumes', id]).catch(() => undefined);
    removed.push(`container ${id}`);
  }
  const networks = await exec('docker', [
    'network',
    'ls',
    '--filter',
    `name=${NETWORK_PREFIX}`,
    '--format',
    '{{.Name}}',
  ]);
  for (const name of networks.stdout.split('\n').filter((l) => l.startsWith(NETWORK_PREFIX))) {
    const pid = Number(name.slice(NETWORK_PREFIX.length).split('-')[0]);
    if (processAlive(pid)) continue;
    await exec('docker', ['network', 'rm', name]).catch(() => undefined);
    removed.push(`network ${name}`);
  }
  return removed;
}
