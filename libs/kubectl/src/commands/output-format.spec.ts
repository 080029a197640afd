import { UsageError } from '../errors';
import { parseOutputFormat } from './output-format';

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

  it.each(['badformat', 'custom-columns=', 'custom-columns=NAME'])(
    'rejects -o %s as a usage error',
    (output) => {
      expect(() => parseOutputFormat(output)).toThrow(UsageError);
    },
  );
});
