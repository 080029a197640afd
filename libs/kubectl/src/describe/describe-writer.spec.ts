import { DescribeWriter, writeMapMultiline } from './describe-writer';

describe('writeMapMultiline', () => {
  const render = (values: Record<string, string> | undefined, separator: '=' | ': ') => {
    const w = new DescribeWriter();
    writeMapMultiline(w, 'Annotations', values, separator);
    w.write(0, 'Status:\tRunning\n');
    return w.toString();
  };

  it('prints <none> for an empty map', () => {
    expect(render({}, ': ')).toBe('Annotations:  <none>\nStatus:       Running\n');
  });

  it('puts multi-line and long annotation values below their key', () => {
    const long = 'x'.repeat(150);
    expect(render({ a: 'one\ntwo\n', b: long, c: 'short' }, ': ')).toBe(
      [
        'Annotations:  a:',
        '                one',
        '                two',
        '              b:',
        `                ${'x'.repeat(138)}...`,
        '              c: short',
        'Status:       Running',
        '',
      ].join('\n'),
    );
  });

  it('joins labels with =', () => {
    expect(render({ b: '2', a: '1' }, '=')).toBe(
      'Annotations:  a=1\n              b=2\nStatus:       Running\n',
    );
  });
});
