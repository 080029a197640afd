import { KubectlError } from '../errors';
import { parseManifest } from './manifest-reader';

describe('parseManifest', () => {
  it('reads every YAML document and skips empty ones', () => {
    const text =
      '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n';
    expect(parseManifest(text, 'pods.yaml').map((m) => [m.source, m.object.metadata.name])).toEqual([
      ['pods.yaml', 'a'],
      ['pods.yaml', 'b'],
    ]);
  });

  it('reads JSON and flattens a List', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }],
    });
    expect(parseManifest(text, 'list.json').map((m) => m.object.kind)).toEqual(['Namespace']);
  });

  it.each<[string, string, RegExp]>([
    [
      'bad YAML',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  bad\n',
      /^error parsing f: error converting YAML to JSON: yaml: line 5: /,
    ],
    ['bad JSON', '{"apiVersion": "v1",', /^error parsing f: /],
    [
      'no kind',
      'apiVersion: v1\nmetadata:\n  name: x\n',
      /^error validating "f": error validating data: kind not set;/,
    ],
    ['a scalar', 'just text', /not a mapping/],
  ])('%s is one KubectlError line', (_name, text, message) => {
    let caught: unknown;
    try {
      parseManifest(text, 'f');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KubectlError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });
});
