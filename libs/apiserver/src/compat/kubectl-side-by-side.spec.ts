// groundkube's kubectl (the bundle of apps/kubectl) and the real kubectl 1.32, run one after the other on
// the same commands against the document fixture: stdout, stderr and exit code must be the same. This
// covers reads, describe and client-side errors before the real API server exists; apps/kubectl-e2e does
// the same against that server, writes included.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { startDocumentServer, type DocumentServer } from './document-server';
import { fixtureNow, fixtureObjects } from './fixture-objects';
import { createKubectlRunner, type KubectlResult, type KubectlRunner } from './kubectl-runner';

jest.setTimeout(120_000);

const WORKSPACE = path.resolve(__dirname, '../../../..');
// A bundle of its own (as tools/build/bundle.mjs makes them, npm packages left to node_modules): other test
// projects rebuild dist/apps/kubectl while this one runs, and a half-written file must not be run here.
const OUR_SCRIPT = path.join(WORKSPACE, 'dist/tmp/compat-kubectl', String(process.pid), 'main.js');

async function bundleOurKubectl(): Promise<void> {
  const manifest = JSON.parse(readFileSync(path.join(WORKSPACE, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const packages = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
  ];
  await build({
    absWorkingDir: WORKSPACE,
    entryPoints: ['apps/kubectl/src/main.ts'],
    outfile: OUR_SCRIPT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: 'tsconfig.base.json',
    external: packages.flatMap((name) => [name, `${name}/*`]),
    logLevel: 'warning',
  });
}

/** describe computes ages with the client's own clock, which moves between the two runs. */
function maskDescribeAges(result: KubectlResult): KubectlResult {
  const mask = (text: string) => text.replace(/\b\d+[smhdy](\d+[smhd])?\b/g, '<age>');
  return { ...result, stdout: mask(result.stdout), stderr: mask(result.stderr) };
}

const COMMANDS: readonly string[][] = [
  ['get', 'pods'],
  ['get', 'pods', '-o', 'wide'],
  ['get', 'pods', '-A'],
  ['get', 'pods', '-A', '--show-labels'],
  ['get', 'pods', '--no-headers'],
  ['get', 'pods', '-L', 'app'],
  ['get', 'pods', '-l', 'app=web'],
  ['get', 'pods', '--field-selector', 'spec.nodeName=node-1'],
  ['get', 'pods', '-n', 'kube-system'],
  ['get', 'pod/web'],
  ['get', 'po', 'web', 'crashy'],
  ['get', 'nodes'],
  ['get', 'nodes', '-o', 'wide'],
  ['get', 'no', 'node-1', '-o', 'yaml'],
  ['get', 'events'],
  ['get', 'events', '-o', 'wide'],
  ['get', 'events', '-o', 'yaml'],
  ['get', 'namespaces'],
  ['get', 'nodes,pods'],
  ['get', 'all'],
  ['get', 'pods', '-o', 'json'],
  ['get', 'pods', '-o', 'yaml'],
  ['get', 'pod', 'crashy', '-o', 'yaml'],
  ['get', 'pods', '-o', 'name'],
  ['get', 'pods,nodes', '-o', 'name'],
  ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'],
  ['get', 'pod', 'web', '-o', 'jsonpath={.metadata.labels}'],
  ['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,IP:.status.podIP'],
  ['get', 'pods', '-l', 'app=none'],
  ['get', 'pods', '-l', 'app=none', '-o', 'json'],
  ['get', 'pods', '-l', 'app=none', '-o', 'name'],
  ['get', 'pods', '-A', '-l', 'app=none'],
  ['get', 'pods', 'missing'],
  ['get', 'pods', 'web', 'missing'],
  ['get', 'foos'],
  ['get'],
  ['describe', 'pod', 'web'],
  ['describe', 'pods/crashy'],
  ['describe', 'pods'],
  ['describe', 'node', 'node-1'],
  ['describe', 'pod', 'missing'],
  ['describe', 'foos', 'x'],
  ['describe'],
  ['label', 'pod', 'web', 'app=x'],
  ['label', 'pod', 'web', 'app=x', '--overwrite'],
  ['label', 'pod', 'web', 'gone-'],
  ['label'],
  ['annotate', 'pod', 'web', 'a=b'],
  ['api-resources'],
  ['api-resources', '--namespaced=false'],
  ['api-resources', '-o', 'name'],
  ['cluster-info'],
  ['logs'],
  ['wait', 'pod/web'],
  ['create', '-f', '/nonexistent/pod.yaml'],
  ['create'],
  ['delete'],
];

describe('groundkube kubectl beside the real kubectl (document fixture)', () => {
  let server: DocumentServer;
  let kubectl: KubectlRunner;

  beforeAll(async () => {
    await bundleOurKubectl();
    server = await startDocumentServer({ objects: fixtureObjects, now: () => fixtureNow });
    kubectl = await createKubectlRunner({ server: server.url, groundkubeScript: OUR_SCRIPT });
  });
  afterAll(async () => {
    await kubectl.dispose();
    await server.close();
    await rm(path.dirname(OUR_SCRIPT), { recursive: true, force: true });
  });

  it.each(COMMANDS.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_title, args) => {
    let real = await kubectl.run(args);
    let ours = await kubectl.run(args, { binary: 'groundkube' });
    if (args[0] === 'describe') [real, ours] = [maskDescribeAges(real), maskDescribeAges(ours)];
    expect(ours).toEqual(real);
  });

  // On purpose: ours names itself in the client version and bundles no kustomize.
  it('kubectl version differs only in the client lines', async () => {
    const real = await kubectl.run(['version']);
    const ours = await kubectl.run(['version'], { binary: 'groundkube' });
    expect(real.stdout).toMatch(
      /^Client Version: v1\.32\.\d+-dispatcher\nKustomize Version: v\S+\nServer Version: v1\.32\.\d+\n$/,
    );
    expect(ours.stdout).toMatch(/^Client Version: v1\.32\.\d+-groundkube\nServer Version: v1\.32\.\d+\n$/);
    expect(ours.stdout.split('\n').at(-2)).toBe(real.stdout.split('\n').at(-2));
    expect([ours.code, ours.stderr]).toEqual([0, '']);
  });

  // On purpose: ours lists only the output formats it has (no Go templates).
  it('an unknown output format names the formats each one has', async () => {
    const real = await kubectl.run(['get', 'pods', '-o', 'badformat']);
    const ours = await kubectl.run(['get', 'pods', '-o', 'badformat'], { binary: 'groundkube' });
    const prefix =
      'error: unable to match a printer suitable for the output format "badformat", allowed formats are: ';
    expect(real.stderr.startsWith(prefix)).toBe(true);
    expect(ours).toEqual({
      code: 1,
      stdout: '',
      stderr: `${prefix}custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml\n`,
    });
    expect(real.code).toBe(1);
  });

  // On purpose: the real kubectl also logs five klog lines (`E1204 … memcache.go …`) while retrying discovery.
  it('an unreachable server gives the same last line', async () => {
    await using runner = await createKubectlRunner({
      server: 'http://127.0.0.1:1',
      groundkubeScript: OUR_SCRIPT,
    });
    const real = await runner.run(['get', 'pods']);
    const ours = await runner.run(['get', 'pods'], { binary: 'groundkube' });
    const message =
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
    expect(real.stderr.endsWith(message)).toBe(true);
    expect(ours).toEqual({ code: 1, stdout: '', stderr: message });
    expect(real.code).toBe(1);
  });
});
