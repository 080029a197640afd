import { JsonPathError, JsonPathTemplate } from './jsonpath';

const list = {
  items: [
    { metadata: { name: 'web', labels: { app: 'web' } }, status: { phase: 'Running' } },
    { metadata: { name: 'db', labels: { app: 'db' } }, status: { phase: 'Pending' } },
  ],
};

const render = (template: string, data: unknown = list): string =>
  new JsonPathTemplate(template).execute(data);

describe('JsonPathTemplate keywords', () => {
  it.each([
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}'],
    ['{range.items[*]}{.metadata.name}{"\\n"}{end}'],
    ['{ range .items[*] }{.metadata.name}{"\\n"}{ end }'],
    ["{range.items[*]}{.metadata.name}{'\\n'}{end}"],
    ['{range $.items[*]}{@.metadata.name}{"\\n"}{end}'],
  ])('%s loops over the items', (template) => {
    expect(render(template)).toBe('web\ndb\n');
  });

  it('reads a name that only starts with a keyword as a field', () => {
    expect(render('{ranges}{endpoint}', { ranges: 'r', endpoint: 'e' })).toBe('re');
  });

  it('still reports an end outside a range', () => {
    expect(() => render('{.items[0].metadata.name}{end}')).toThrow('not in range, nothing to end');
  });
});

describe('JsonPathTemplate quoted literals', () => {
  it.each([
    [`{.items[0].metadata.name}{'\\n'}`, 'web\n'],
    [`{.items[0].metadata.name}{"\\t"}x`, 'web\tx'],
    [`{'a "b"'}`, 'a "b"'],
    [`{"it's"}`, "it's"],
    [`{'it\\'s'}`, "it's"],
    [`{"say \\"hi\\""}`, 'say "hi"'],
    [`{"\\x41\\101\\u00e9\\\\x"}`, 'AAé\\x'],
    [`{"}"}`, '}'],
  ])('%s prints %j', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([[`{'\\"'}`], [`{"\\q"}`], [`{"\\x4"}`]])('%s is an unquote error, as in kubectl', (template) => {
    expect(() => render(template)).toThrow(JsonPathError);
    expect(() => render(template)).toThrow(/^unquote string .* error invalid syntax$/);
  });

  it('reports a literal that never closes', () => {
    expect(() => render('{"abc}')).toThrow('unterminated quoted string');
  });

  it('takes a quote after an escaped backslash as escaped, as kubectl does', () => {
    expect(() => render('{"a\\\\"}')).toThrow('unterminated quoted string');
  });
});

describe('JsonPathTemplate paths', () => {
  it('reads a filter with quotes, spaces and a closing brace whole', () => {
    expect(
      render(
        `{.items[?(@.metadata.name == '}db')].status.phase}|{.items[?(@.status.phase=="Running")].metadata.name}`,
      ),
    ).toBe('|web');
  });

  it('reads a bare path (custom-columns style) as fields', () => {
    expect(render('{items[1].metadata.name}')).toBe('db');
  });

  it('names what is left open', () => {
    expect(() => render('{.items[*].metadata.name')).toThrow('unclosed action');
    expect(() => render('{.items[*')).toThrow('unterminated array');
  });
});
