import { printJson, printYaml } from './object-printer';

describe('printYaml', () => {
  // Each expectation is what the real kubectl 1.32 printed for the same string (go-yaml v2 rules).
  it.each<[string, string]>([
    ['web', 'web'],
    ['e1', 'e1'],
    ['yes', '"yes"'],
    ['Off', '"Off"'],
    ['123', '"123"'],
    ['1e3', '"1e3"'],
    ['0o7', '"0o7"'],
    ['1_000', '"1_000"'],
    ['12:30', '"12:30"'],
    ['~', '"~"'],
    ['', '""'],
    ['2026-12-04T07:52:54Z', '"2026-12-04T07:52:54Z"'],
    ['a: b', "'a: b'"],
    ['- x', "'- x'"],
    ['a #b', "'a #b'"],
    [' x', "' x'"],
  ])('writes %j as %s', (value, expected) => {
    expect(printYaml({ key: value })).toBe(`key: ${expected}\n`);
  });

  it('sorts keys, does not indent sequences and writes multi-line strings as blocks', () => {
    const text = printYaml({
      spec: { containers: [{ name: 'c', image: 'i' }] },
      a: 'first\nsecond',
      b: 'x\n',
    });
    expect(text).toBe(
      [
        'a: |-',
        '  first',
        '  second',
        'b: |',
        '  x',
        'spec:',
        '  containers:',
        '  - image: i',
        '    name: c',
        '',
      ].join('\n'),
    );
  });
});

describe('printJson', () => {
  it('indents by four spaces, sorts keys and escapes HTML characters as Go does', () => {
    expect(printJson({ b: '<a&b>', a: 1 })).toBe('{\n    "a": 1,\n    "b": "\\u003ca\\u0026b\\u003e"\n}\n');
  });
});
