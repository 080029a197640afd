// The seed post's walkthrough on a cluster made of containers: etcd, the API server and one node (its own
// Docker engine + our kubelet) on one network, driven from the host with the real kubectl and with ours.

import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import { startCluster, type Cluster } from './cluster-containers';
import { kubectlFor, until, type Kubectl } from './kubectl';

jest.setTimeout(240_000);

const NODE = 'node-1';

let cluster: Cluster | undefined;
let real: Kubectl | undefined;
let ours: Kubectl | undefined;

function kubectls(): { real: Kubectl; ours: Kubectl; cluster: Cluster } {
  if (!cluster || !real || !ours) throw new Error('the cluster did not start (see beforeAll)');
  return { real, ours, cluster };
}

/** The seed's nginx.yaml with `nodeName` added under spec (the post's sed) and the given name. */
async function writeManifest(dir: string, file: string, name: string): Promise<string> {
  const seed = await readFile(path.join(__dirname, 'fixtures', 'nginx.yaml'), 'utf8');
  const text = seed.replace(/^spec:$/m, `spec:\n  nodeName: ${NODE}`).replace(/^ {2}name: nginx$/m, `  name: ${name}`);
  await writeFile(path.join(dir, file), text);
  return file;
}

async function podRow(kubectl: Kubectl, name: string): Promise<string | undefined> {
  const out = await kubectl.ok('get', 'pods');
  return out.split('\n').find((line) => line.startsWith(`${name} `));
}

async function runningTwoOfTwo(kubectl: Kubectl, name: string): Promise<string> {
  try {
    return await until(`pod ${name} 2/2 Running`, async () => {
      const row = await podRow(kubectl, name);
      return row !== undefined && /\s2\/2\s+Running\s/.test(row) ? row : undefined;
    });
  } catch (error) {
    // What the pod and the containers said, so that a failure here can be understood from the report alone.
    const described = await kubectl.run('describe', 'pod', name);
    throw new Error(`${String(error)}\n${described.stdout}${described.stderr}\n${(await cluster?.describe()) ?? ''}`);
  }
}

beforeAll(async () => {
  cluster = await startCluster({ nodeNames: [NODE] });
  real = await kubectlFor('real', cluster.apiUrl);
  ours = await kubectlFor('ours', cluster.apiUrl);
});

afterAll(async () => {
  await real?.[Symbol.asyncDispose]();
  await ours?.[Symbol.asyncDispose]();
  await cluster?.[Symbol.asyncDispose]();
});

describe('the seed walkthrough on a containerised cluster', () => {
  it('registers the node, and both kubectls list it Ready', async () => {
    const { real, ours } = kubectls();
    await until('node-1 Ready', async () => ((await real.ok('get', 'nodes')).match(/^node-1\s+Ready\s/m) ? true : undefined));
    expect(await ours.ok('get', 'nodes')).toMatch(/^node-1\s+Ready\s/m);
    const node = JSON.parse(await real.ok('get', 'node', NODE, '-o', 'json')) as { metadata: { labels?: Record<string, string> } };
    expect(node.metadata.labels?.['kubernetes.io/hostname']).toBe(NODE);
  });

  it('runs the seed pod (created with the real kubectl) 2/2 with images pulled through the mirror', async () => {
    const { real, cluster } = kubectls();
    const file = await writeManifest(real.home, 'nginx.yaml', 'nginx');
    expect(await real.ok('create', '--filename', file)).toBe('pod/nginx created\n');
    await runningTwoOfTwo(real, 'nginx');
    const images = await cluster.node(NODE).run(['docker', 'images', '--format', '{{.Repository}}:{{.Tag}}']);
    expect(images.split('\n')).toEqual(expect.arrayContaining(['nginx:latest', 'busybox:latest']));
  });

  it('serves the nginx welcome page on the pod IP, from inside the node', async () => {
    const { real, cluster } = kubectls();
    const ip = await real.ok('get', 'pod', 'nginx', '-o', 'jsonpath={.status.podIP}');
    expect(ip).toMatch(/^10\.201\.1\.\d+$/);
    const page = await cluster.node(NODE).run(['curl', '--silent', '--max-time', '5', `http://${ip}/`]);
    expect(page).toContain('<title>Welcome to nginx!</title>');
  });

  it('runs a second copy created with our kubectl, and both kubectls describe it', async () => {
    const { real, ours, cluster } = kubectls();
    const file = await writeManifest(ours.home, 'nginx2.yaml', 'nginx-the-second');
    expect(await ours.ok('create', '--filename', file)).toBe('pod/nginx-the-second created\n');
    await runningTwoOfTwo(ours, 'nginx-the-second');
    expect(await podRow(real, 'nginx')).toMatch(/\s2\/2\s+Running\s/);

    for (const kubectl of [real, ours]) {
      const text = await kubectl.ok('describe', 'pods/nginx-the-second');
      expect(text).toMatch(/^Name:\s+nginx-the-second$/m);
      expect(text).toMatch(/^Namespace:\s+default$/m);
      expect(text).toMatch(/^Node:\s+node-1\/\d+\.\d+\.\d+\.\d+$/m);
      expect(text).toMatch(/^Status:\s+Running$/m);
      expect(text).toMatch(/^IP:\s+10\.201\.1\.\d+$/m);
      expect(text).toMatch(/^\s+Image:\s+nginx$/m);
      expect(text).toMatch(/^\s+Image:\s+busybox$/m);
    }
    const ip = await real.ok('get', 'pod', 'nginx-the-second', '-o', 'jsonpath={.status.podIP}');
    const page = await cluster.node(NODE).run(['curl', '--silent', '--max-time', '5', `http://${ip}/`]);
    expect(page).toContain('<title>Welcome to nginx!</title>');
  });

  it('deletes both pods and leaves nothing in the node engine', async () => {
    const { real, ours, cluster } = kubectls();
    const deleted = await real.ok('delete', 'pods/nginx', 'pods/nginx-the-second');
    expect(deleted).toBe('pod "nginx" deleted\npod "nginx-the-second" deleted\n');
    for (const kubectl of [real, ours]) {
      const listed = await kubectl.run('get', 'pods');
      expect(listed).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    }
    const left = await until('an empty node engine', async () => {
      const names = await cluster.node(NODE).engineContainers();
      return names.length === 0 ? names : undefined;
    });
    expect(left).toEqual([]);
  });
});
