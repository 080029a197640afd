import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { KubectlError, UsageError } from '../errors';
import { GoTemplateUnsupportedError, parseOutputFormat, printJsonPath } from './output-format';

describe('parseOutputFormat', () => {
  it.each([
    [undefined, 'table'],
    ['wide', 'table'],
    ['json', 'json'],
    ['yaml', 'yaml'],
    ['name', 'name'],
    ['jsonpath={.items[*].metadata.name}', 'jsonpath'],
    ['custom-columns=NAME:.metadata.name', 'custom-columns'],
  ])('-o %s is a %s printer', (output, kind) => {
    expect(parseOutputFormat(output).kind).toBe(kind);
  });

  it('relaxes custom-columns paths the way kubectl does', () => {
    const format = parseOutputFormat('custom-columns=N:metadata.name,P:{.status.phase},I:.status.podIP');
    if (format.kind !== 'custom-columns') throw new Error('not custom-columns');
    const pod = { metadata: { name: 'web' }, status: { phase: 'Running' } };
    expect(format.columns.map((column) => [column.header, column.template.execute(pod)])).toEqual([
      ['N', 'web'],
      ['P', 'Running'],
      ['I', ''],
    ]);
  });

  it.each([
    'badformat',
    'custom-columns=',
    'custom-columns=NAME',
    'jsonpath',
    'jsonpath-file=',
    'custom-columns-file',
  ])('rejects -o %s as a usage error', (output) => {
    expect(() => parseOutputFormat(output)).toThrow(UsageError);
  });
});

describe('formats this kubectl recognises but does not print', () => {
  it.each([
    'go-template={{.kind}}',
    'go-template',
    'go-template-file=t.tmpl',
    'template=x',
    'templatefile=x',
  ])('-o %s is a Go-template error that points at jsonpath', (output) => {
    expect(() => parseOutputFormat(output)).toThrow(GoTemplateUnsupportedError);
    expect(() => parseOutputFormat(output)).toThrow(/use -o jsonpath=/);
  });

  it('lists only the formats it accepts when none matches', () => {
    expect(() => parseOutputFormat('foo')).toThrow(
      'unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml',
    );
  });
});

describe('-o jsonpath-as-json', () => {
  it('prints one indented JSON array per action, literal text and range pass', () => {
    const format = parseOutputFormat('jsonpath-as-json=n{range .items[*]}{.name}{end}{.items[0]}');
    if (format.kind !== 'jsonpath') throw new Error('not jsonpath');
    const list = { items: [{ name: 'a<b' }, { name: 'c' }] };
    expect(printJsonPath(format, list)).toBe(
      '[\n    "n"\n]\n[\n    "a\\u003cb"\n]\n[\n    "c"\n]\n[\n    {\n        "name": "a\\u003cb"\n    }\n]\n',
    );
    expect(printJsonPath(format, {})).toBe('[\n    "n"\n]\n[]\n');
  });
});

describe('templates from files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'groundkube-output-format-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    writeFileSync(path.join(dir, name), content);
    return path.join(dir, name);
  };

  it('-o jsonpath-file keeps the whole file, its trailing newline included', () => {
    const format = parseOutputFormat(`jsonpath-file=${file('t.jsonpath', '{.a} {.b}\n')}`);
    if (format.kind !== 'jsonpath') throw new Error('not jsonpath');
    expect(printJsonPath(format, { a: 1, b: 'x' })).toBe('1 x\n');
  });

  it('-o custom-columns-file reads a header line and a path line, split on whitespace', () => {
    const format = parseOutputFormat(
      `custom-columns-file=${file('c.txt', 'NAME  PHASE\r\nmetadata.name\t{.status.phase}\r\n')}`,
    );
    if (format.kind !== 'custom-columns') throw new Error('not custom-columns');
    expect(format.headersAlways).toBe(true);
    const pod = { metadata: { name: 'web' }, status: { phase: 'Running' } };
    expect(format.columns.map((column) => [column.header, column.template.execute(pod)])).toEqual([
      ['NAME', 'web'],
      ['PHASE', 'Running'],
    ]);
  });

  it.each([
    ['', 'invalid template, missing header line.'],
    ['NAME\n', 'invalid template, missing spec line.'],
    ['A B\n.a\n', "number of headers (2) and field specifications (1) don't match"],
  ])('-o custom-columns-file of %j fails: %s', (content, message) => {
    expect(() => parseOutputFormat(`custom-columns-file=${file('bad.txt', content)}`)).toThrow(message);
  });

  it("names the file and Go's reason when it cannot be read", () => {
    const missing = path.join(dir, 'missing.txt');
    expect(() => parseOutputFormat(`jsonpath-file=${missing}`)).toThrow(KubectlError);
    expect(() => parseOutputFormat(`jsonpath-file=${missing}`)).toThrow(
      `error reading --template ${missing}, open ${missing}: no such file or directory`,
    );
    expect(() => parseOutputFormat(`custom-columns-file=${missing}`)).toThrow(
      `error reading template ${missing}, open ${missing}: no such file or directory`,
    );
  });
});
