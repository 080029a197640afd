// Bad input, side by side: a missing file, bad YAML or JSON, an unknown resource type or kind, fields the
// server refuses, an unreachable server, objects that are not there. Each is a short message and exit 1 from
// both kubectls, never a stack trace. `logs` needs a kubelet; with none, only the error paths are compared.

import { createPod, podManifest, removePods } from './objects';
import { type KubectlRun } from './side-by-side';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

beforeAll(async () => {
  await suite.sides.writeFile('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  bad\n');
  await suite.sides.writeFile('bad.json', '{"apiVersion": "v1", "kind": "Pod",\n');
  await suite.sides.writeFile('empty.yaml', '');
  await suite.sides.writeFile('nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: x\n');
  await suite.sides.writeFile('foo.yaml', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n');
  await suite.sides.writeFile(
    'unknown-field.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  foo: 1\n  containers:\n  - name: c\n    image: nginx\n',
  );
  await suite.sides.writeFile(
    'invalid.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n',
  );
  await removePods(suite.cluster.client, ['web']);
  await createPod(suite.cluster.client, podManifest('web'));
}, 120_000);

function expectOneCleanFailure(run: KubectlRun): void {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toMatch(/TypeError|ReferenceError|Unhandled/);
}

const SAME_MESSAGE: readonly string[][] = [
  ['create', '-f', 'missing.yaml'],
  ['apply', '-f', 'missing.yaml'],
  ['delete', '-f', 'missing.yaml'],
  ['create', '-f', 'empty.yaml'],
  ['create', '-f', 'nokind.yaml'],
  ['create', '-f', 'foo.yaml', '--validate=false'],
  ['apply', '-f', 'foo.yaml', '--validate=false'],
  ['delete', '-f', 'foo.yaml'],
  ['create', '-f', 'unknown-field.yaml'],
  ['create', '-f', 'invalid.yaml'],
  ['get', 'foos'],
  ['delete', 'foos', 'x'],
  ['describe', 'foos', 'x'],
  ['label', 'foos', 'x', 'a=b'],
  ['get', 'pod', 'missing'],
  ['describe', 'pod', 'missing'],
  ['delete', 'pod', 'missing'],
  ['label', 'pod', 'missing', 'a=b'],
  ['annotate', 'pod', 'missing', 'a=b'],
  ['logs', 'missing'],
  ['logs', 'web', '-c', 'nope'],
  ['logs', 'web', '-n', 'nosuchns'],
  ['logs', 'pod/missing', '-n', 'nosuchns'],
  ['label', 'pod', 'web', 'a=b', '-n', 'nosuchns'],
  ['get', 'pod', 'missing', '-n', 'kube-system'],
  ['delete', 'pod', 'web', '-n', 'nosuchns'],
  ['get', 'pods', '--server', 'http://127.0.0.1:1'],
  ['create', '-f', 'invalid.yaml', '--server', 'http://127.0.0.1:1', '--validate=false'],
  ['create', '-f', 'invalid.yaml', 'unknown-field.yaml'],
  ['create', '-f', 'invalid.yaml', '--dry-run=maybe'],
  ['delete', 'pod', 'web', '--server', 'http://127.0.0.1:1'],
  ['get', 'pods', '--bogus-flag'],
  ['frobnicate'],
  ['crete', '-f', 'foo.yaml'],
  ['delet'],
  ['LOGS'],
  ['list'],
  ['config', 'foo'],
  ['create', '-f', 'invalid.yaml', '--server', 'http://127.0.0.1:1'],
  ['apply', '-f', 'invalid.yaml', '--server', 'http://127.0.0.1:1'],
  ['get', 'pods', '-o', 'jsonpath={.items[0'],
];

describe('bad input: both kubectls print the same one clear failure', () => {
  it.each(SAME_MESSAGE.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_title, args) => {
    const { real, ours } = await suite.sides.both(args);
    expectOneCleanFailure(real);
    expect(ours).toEqual(real);
  });
});

// On purpose: YAML and JSON parse errors carry the parser's own words (go-yaml's in the real kubectl, the
// `yaml` library's in ours); the frame around them and the exit code are the same.
describe('unparsable manifests', () => {
  it.each([
    ['bad.yaml', 'error: error parsing bad.yaml: error converting YAML to JSON: yaml: line '],
    ['bad.json', 'error: error parsing bad.json: '],
  ])('create -f %s', async (file, prefix) => {
    const { real, ours } = await suite.sides.both(['create', '-f', file]);
    for (const run of [real, ours]) {
      expectOneCleanFailure(run);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(prefix)).toBe(true);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

// On purpose: the real kubectl's list of formats names its Go templates, which ours does not print; ours
// names what it does print. The words around the list are the same.
it('create -o wide', async () => {
  const { real, ours } = await suite.sides.both(['create', '-f', 'invalid.yaml', '-o', 'wide']);
  const prefix =
    'error: unable to match a printer suitable for the output format "wide", allowed formats are: ';
  for (const run of [real, ours]) {
    expectOneCleanFailure(run);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(prefix)).toBe(true);
  }
  expect(ours.stderr).toBe(`${prefix}json,jsonpath,jsonpath-as-json,jsonpath-file,name,yaml\n`);
});

// With validation on (the default), the real kubectl looks the kind up in OpenAPI and, not finding it, lists
// CRDs (apiextensions.k8s.io/v1 customresourcedefinitions, served here read-only and empty); no CRD has the
// kind, so validation steps aside and the resource mapping fails, as against Kubernetes.
describe('a kind the server does not have, with validation on', () => {
  it.each([['create'], ['apply']])('%s -f foo.yaml', async (verb) => {
    const { real, ours } = await suite.sides.both([verb, '-f', 'foo.yaml']);
    expectOneCleanFailure(real);
    expect(real.stderr).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
    );
    expect(ours).toEqual(real);
  });
});

describe('customresourcedefinitions: read-only and empty', () => {
  it('kubectl get crd finds none', async () => {
    const { real, ours } = await suite.sides.both(['get', 'crd']);
    expect(real).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' });
    expect(ours).toEqual(real);
  });

  it('kubectl get crd NAME is NotFound', async () => {
    const real = await suite.sides.run('real', ['get', 'crd', 'foos.example.com']);
    expect(real).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "foos.example.com" not found\n',
    });
  });

  it('creating one is refused with 405, saying why', async () => {
    const crd =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: foos.example.com\n' +
      'spec:\n  group: example.com\n  names: {plural: foos, kind: Foo}\n  scope: Namespaced\n' +
      '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]\n';
    await suite.sides.writeFile('crd.yaml', crd);
    const real = await suite.sides.run('real', ['create', '-f', 'crd.yaml']);
    expect(real).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Error from server (MethodNotAllowed): error when creating "crd.yaml": custom resources are not served by this API server: customresourcedefinitions are read-only and always empty\n',
    });
  });
});

// On purpose: the client's own version line differs (ours names itself and bundles no kustomize); the
// failure after it is the same.
it('version against an unreachable server prints the client version, then fails', async () => {
  const { real, ours } = await suite.sides.both(['version', '--server', 'http://127.0.0.1:1']);
  expectOneCleanFailure(real);
  expect(ours.code).toBe(real.code);
  expect(ours.stderr).toBe(real.stderr);
  for (const run of [real, ours]) expect(run.stdout).toMatch(/^Client Version: v1\.32\.\d+-/);
});

describe('logs of a pod no kubelet runs', () => {
  it.each([[['logs', 'web']], [['logs', 'pod/web', '--tail=5']]])('kubectl %j', async (args) => {
    const { real, ours } = await suite.sides.both(args);
    expect(ours).toEqual(real);
  });
});

/** The names under `Did you mean this?` (cobra prints each on its own line after a tab). */
function suggestionsIn(stderr: string): string[] {
  return [...stderr.matchAll(/^\t(\S+)$/gm)].map((match) => match[1] ?? '');
}

// On purpose: cobra suggests from the real kubectl's commands, several of which ours does not have (`set`,
// `top`, `cp`, `run`). Ours suggests by the same rules (edit distance 2, prefix, explicit aliases) from its
// own commands, so its list must be the real list less the commands ours lacks, in the same order; with
// nothing left (`foo` → top) the `Did you mean this?` block goes too. Everything else is the same.
describe('unknown commands: the real suggestions, less the commands ours does not have', () => {
  let ourCommands: Set<string>;

  beforeAll(async () => {
    const help = await suite.sides.run('ours', ['--help']);
    const section = help.stdout.split('\nCommands:\n')[1] ?? '';
    ourCommands = new Set(
      [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)]
        .map((match) => match[1] ?? '')
        .filter((name) => name !== 'help'),
    );
    expect([...ourCommands]).toEqual(expect.arrayContaining(['get', 'delete', 'logs', 'describe']));
  });

  it.each([['gett'], ['delet'], ['foo'], ['lo'], ['rm'], ['ps'], ['api'], ['c']])(
    'kubectl %s',
    async (typed) => {
      const { real, ours } = await suite.sides.both([typed]);
      const firstLine = `Error: unknown command "${typed}" for "kubectl"`;
      expect(real.stderr.split('\n')[0]).toBe(firstLine);
      expect(suggestionsIn(real.stderr).length).toBeGreaterThan(0);

      const expected = suggestionsIn(real.stderr).filter((name) => ourCommands.has(name));
      const block =
        expected.length > 0
          ? `\n\nDid you mean this?\n${expected.map((name) => `\t${name}\n`).join('')}`
          : '';
      expect(ours).toEqual({ code: real.code, stdout: real.stdout, stderr: `${firstLine}${block}\n` });
    },
  );

  it('the commands ours lacks are the only difference for gett, foo and lo', async () => {
    const lacking = new Set<string>();
    for (const typed of ['gett', 'foo', 'lo']) {
      const real = await suite.sides.run('real', [typed]);
      for (const name of suggestionsIn(real.stderr)) if (!ourCommands.has(name)) lacking.add(name);
    }
    expect([...lacking].sort()).toEqual(['cp', 'set', 'top']);
  });
});
