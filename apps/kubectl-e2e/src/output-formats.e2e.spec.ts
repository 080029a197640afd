// `-o` formats beyond the common ones, with both kubectls on the same pods: jsonpath-as-json, templates read
// from files (jsonpath-file, custom-columns-file), the errors of each, and the formats ours does not have.

import { createPod, podManifest } from './objects';
import { type KubectlRun } from './side-by-side';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

beforeAll(async () => {
  const web = podManifest('web', { labels: { app: 'web', tier: 'front' } });
  // Go's encoder escapes <, > and & in JSON strings; the annotation checks that ours does too.
  await createPod(suite.cluster.client, {
    ...web,
    metadata: { ...web.metadata, annotations: { note: 'a<b & c>d' } },
  });
  await createPod(suite.cluster.client, podManifest('db', { labels: { app: 'db' } }));
  await suite.sides.writeFile('names.jsonpath', '{.items[*].metadata.name}\n');
  await suite.sides.writeFile(
    'lines.jsonpath',
    '{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[0].image}{"\\n"}{end}',
  );
  await suite.sides.writeFile('bad.jsonpath', '{.items[*].metadata.name');
  await suite.sides.writeFile(
    'columns.txt',
    'NAME   IMAGE            APP\nmetadata.name  {.spec.containers[0].image} .metadata.labels.app\n',
  );
  await suite.sides.writeFile('crlf-columns.txt', 'NAME\tTIER\r\n.metadata.name\t.metadata.labels.tier\r\n');
  await suite.sides.writeFile('header-only.txt', 'NAME\n');
  await suite.sides.writeFile('mismatch.txt', 'NAME IMAGE\n.metadata.name\n');
  await suite.sides.writeFile('empty.txt', '');
}, 120_000);

const SAME: readonly string[][] = [
  ['get', 'pods', '-o', 'jsonpath-as-json={.items[*].metadata.name}'],
  ['get', 'pod', 'web', '-o', 'jsonpath-as-json={.metadata.labels}'],
  ['get', 'pod', 'web', '-o', 'jsonpath-as-json={.metadata.annotations}{.metadata.annotations.note}'],
  ['get', 'pod', 'web', '-o', 'jsonpath-as-json=name: {.metadata.name}{"\\n"}'],
  [
    'get',
    'pods',
    '-o',
    'jsonpath-as-json={range .items[*]}{.metadata.name}{" "}{.spec.containers[*].name}{end}',
  ],
  ['get', 'pods', '-o', 'jsonpath-as-json={.items[*].status.nothing}'],
  ['get', 'pods', '-o', 'jsonpath-as-json={range .items}{.metadata.name}{end}'],
  ['get', 'pods', '-o', 'jsonpath={range .items}{.metadata.name}{end}'],
  // The parser's forms: a keyword right before its path, either quote for literals, Go's escapes, $ and @.
  ['get', 'pods', '-o', 'jsonpath={range.items[*]}{.metadata.name}{"\\n"}{end}'],
  ['get', 'pods', '-o', "jsonpath={.items[0].metadata.name}{'\\n'}"],
  [
    'get',
    'pods',
    '-o',
    `jsonpath={ range $.items[*] }{@.metadata.name}{'\\t'}{.metadata.labels.app}{"\\n"}{ end }`,
  ],
  [
    'get',
    'pods',
    '-o',
    `jsonpath={range .items[*]}{'it\\'s '}{"a \\"q\\" "}{.metadata.name}{'\\x41\\101\\u00e9'}{"}"}{end}`,
  ],
  ['get', 'pods', '-o', `jsonpath={.items[?(@.metadata.name == 'web')].metadata.labels.tier}{'\\n'}`],
  ['get', 'pods', '-o', `jsonpath={range.items[*]}{range.spec.containers[*]}{.name}{' '}{end}{end}`],
  ['get', 'pods', '-o', 'custom-columns=NAME:metadata.name,APP:{.metadata.labels.app}'],
  ['get', 'pods', '-o', 'jsonpath-file=names.jsonpath'],
  ['get', 'pods', '-o', 'jsonpath-file=lines.jsonpath', '--sort-by=.metadata.name'],
  ['get', 'pods', '-o', 'custom-columns-file=columns.txt'],
  // kubectl prints a columns file's headers even with --no-headers (its file printer ignores the flag).
  ['get', 'pods', '-o', 'custom-columns-file=crlf-columns.txt', '--no-headers'],
  ['get', 'pods', '-o', 'custom-columns-file=columns.txt', '--no-headers', '-w', '--request-timeout=1s'],
  ['create', '-f', 'pod.yaml', '--dry-run=client', '-o', 'jsonpath-as-json={.metadata.name}'],
  ['create', '-f', 'pod.yaml', '--dry-run=client', '-o', 'jsonpath-file=names.jsonpath'],
];

describe('formats both kubectls print the same', () => {
  beforeAll(async () => {
    await suite.sides.writeFile(
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n    image: nginx\n',
    );
  });

  it.each(SAME.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_title, args) => {
    const { real, ours } = await suite.sides.both(args);
    expect(real.code).toBe(0);
    expect(ours).toEqual(real);
  });
});

const SAME_ERRORS: readonly string[][] = [
  ['get', 'pods', '-o', 'jsonpath'],
  ['get', 'pods', '-o', 'jsonpath='],
  ['get', 'pods', '-o', 'jsonpath-as-json'],
  ['get', 'pods', '-o', 'jsonpath-as-json={.items[*].metadata.name'],
  ['get', 'pods', '-o', `jsonpath={"\\q"}`],
  ['get', 'pods', '-o', `jsonpath={'\\"'}`],
  ['get', 'pods', '-o', `jsonpath={"a\\\\"}`],
  ['get', 'pods', '-o', `jsonpath={"abc}`],
  ['get', 'pods', '-o', 'jsonpath-file'],
  ['get', 'pods', '-o', 'jsonpath-file=missing.jsonpath'],
  ['get', 'pods', '-o', 'jsonpath-file=bad.jsonpath'],
  ['get', 'pods', '-o', 'custom-columns'],
  ['get', 'pods', '-o', 'custom-columns-file'],
  ['get', 'pods', '-o', 'custom-columns-file=missing.txt'],
  ['get', 'pods', '-o', 'custom-columns-file=empty.txt'],
  ['get', 'pods', '-o', 'custom-columns-file=header-only.txt'],
  ['get', 'pods', '-o', 'custom-columns-file=mismatch.txt'],
];

describe('format errors: the same one line, exit 1', () => {
  it.each(SAME_ERRORS.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_title, args) => {
    const { real, ours } = await suite.sides.both(args);
    expect(real.code).toBe(1);
    expect(ours).toEqual(real);
    expect(ours.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

function expectOneLineFailure(run: KubectlRun, line: string): void {
  expect(run).toEqual({ code: 1, stdout: '', stderr: `${line}\n` });
}

// On purpose: the real kubectl's list names its four Go-template formats, which ours does not have; ours
// names the formats it accepts. The words around the list are the same.
describe('an unknown format names the formats each kubectl accepts', () => {
  it.each([[['get', 'pods', '-o', 'foo']], [['get', 'pods', '-o', 'json=x']]])('kubectl %j', async (args) => {
    const { real, ours } = await suite.sides.both(args);
    const prefix = `error: unable to match a printer suitable for the output format "${args[3] ?? ''}", allowed formats are: `;
    expectOneLineFailure(
      real,
      `${prefix}custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    );
    expectOneLineFailure(
      ours,
      `${prefix}custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml`,
    );
  });
});

// On purpose: the real kubectl runs Go templates (Go's text/template with kubectl's functions); ours has no
// Go template engine and says so in one line, pointing at jsonpath, with exit 1.
describe('Go templates: the real kubectl prints, ours refuses in one line', () => {
  it.each([
    ['go-template', ['-o', 'go-template={{range .items}}{{.metadata.name}} {{end}}'], 'db web'],
    ['template', ['-o', 'template={{range .items}}{{.metadata.name}} {{end}}'], 'db web'],
    ['go-template-file', ['-o', 'go-template-file=names.gotemplate'], 'db web'],
    ['templatefile', ['-o', 'templatefile=names.gotemplate'], 'db web'],
  ])('-o %s', async (format, flags, realOutput) => {
    await suite.sides.writeFile('names.gotemplate', '{{range .items}}{{.metadata.name}} {{end}}');
    const { real, ours } = await suite.sides.both(['get', 'pods', ...flags]);
    // (normalise() drops the trailing space the template prints.)
    expect(real).toEqual({ code: 0, stdout: realOutput, stderr: '' });
    expectOneLineFailure(
      ours,
      `error: -o ${format} is not supported: this kubectl has no Go templates; use -o jsonpath=<template> instead`,
    );
  });

  it('-o go-template without a template is refused the same way', async () => {
    const ours = await suite.sides.run('ours', ['get', 'pods', '-o', 'go-template']);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toMatch(/^error: -o go-template is not supported: .*use -o jsonpath/);
  });
});
