// kubectl's JSONPath templates (`-o jsonpath='{.items[*].metadata.name}'`). The npm JSONPath packages evaluate
// single `$.a.b` expressions; kubectl's dialect is a *template*: literal text around `{…}` actions, `range` /
// `end` loops, `{"\n"}` / `{'\n'}` literals and space-joined multiple results. That template layer is what
// this file is;
// the path steps implement the subset kubectl documents: `.field`, `['field']`, `[n]`, `[a:b]`, `[*]`, `.*`,
// `..field` and `[?(@.path op literal)]` filters.

export class JsonPathError extends Error {
  readonly code = 'KUBECTL_JSONPATH_INVALID';
}

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | undefined; end: number | undefined }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; name: string }
  | { kind: 'filter'; path: Step[]; op: string | undefined; value: unknown };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; steps: Step[] }
  | { kind: 'range'; steps: Step[]; body: Node[] };

/** A compiled template; `execute` can run many times. */
export class JsonPathTemplate {
  private readonly nodes: Node[];

  constructor(template: string) {
    this.nodes = parseTemplate(template);
  }

  execute(data: unknown): string {
    return renderNodes(this.nodes, data);
  }

  /** What each top-level `{path}` action finds, one list per action (kubectl's FindResults); a missing key finds nothing. */
  findResults(data: unknown): unknown[][] {
    return this.nodes.flatMap((node) => (node.kind === 'path' ? [evaluate(node.steps, data)] : []));
  }

  /**
   * `-o jsonpath-as-json`: each result list as an indented JSON array, one per action and per literal text,
   * and within a range one per action of each pass, as kubectl's JSON mode prints them.
   */
  executeAsJson(data: unknown, formatJson: (value: unknown) => string): string {
    return resultLists(this.nodes, data).map(formatJson).join('');
  }
}

function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  const rangeStack: Extract<Node, { kind: 'range' }>[] = [];
  let pos = 0;
  while (pos < template.length) {
    const open = template.indexOf('{', pos);
    if (open < 0) {
      current(stack).push({ kind: 'text', text: template.slice(pos) });
      break;
    }
    if (open > pos) current(stack).push({ kind: 'text', text: template.slice(pos, open) });
    const { parts, next } = scanAction(template, open + 1);
    pos = next;
    const [first, ...rest] = parts;
    if (first?.kind === 'keyword' && first.word === 'end') {
      if (rest.length > 0) throw new JsonPathError('unexpected text after end');
      if (rangeStack.length === 0) throw new JsonPathError('not in range, nothing to end');
      rangeStack.pop();
      stack.pop();
    } else if (first?.kind === 'keyword' && first.word === 'range') {
      const node: Extract<Node, { kind: 'range' }> = { kind: 'range', steps: joinPaths(rest), body: [] };
      current(stack).push(node);
      rangeStack.push(node);
      stack.push(node.body);
    } else if (first?.kind === 'literal' && rest.length === 0) {
      current(stack).push({ kind: 'text', text: first.text });
    } else {
      current(stack).push({ kind: 'path', steps: joinPaths(parts) });
    }
  }
  if (rangeStack.length > 0) throw new JsonPathError('unclosed range');
  return root;
}

function current(stack: Node[][]): Node[] {
  const top = stack[stack.length - 1];
  if (top === undefined) throw new JsonPathError('template nesting broken');
  return top;
}

/** What one `{…}` action holds, in order: the keywords `range` / `end`, quoted literals and path pieces. */
type ActionPart =
  | { kind: 'keyword'; word: 'range' | 'end' }
  | { kind: 'literal'; text: string }
  | { kind: 'path'; source: string };

// Reads an action the way kubectl's parser tokenises it, from just after its `{` to its `}`: a keyword ends
// at
// the first character that cannot continue a name, so `{range.items[*]}` is `range` then `.items[*]`, and a
// quoted literal may use either quote (`{"\n"}`, `{'\n'}`). Brackets and filters are read whole, so a `}` or
// a
// space inside them does not end the action.
function scanAction(template: string, from: number): { parts: ActionPart[]; next: number } {
  const parts: ActionPart[] = [];
  let pos = from;
  for (;;) {
    const char = template[pos];
    if (char === undefined || char === '\n' || char === '\r') throw unclosedAction(template.slice(from));
    if (char === '}') return { parts, next: pos + 1 };
    if (char === ' ' || char === '\t') {
      pos++;
    } else if (char === '"' || char === "'") {
      const end = quoteEnd(template, pos);
      parts.push({ kind: 'literal', text: unquote(template.slice(pos, end)) });
      pos = end;
    } else {
      const end = pathEnd(template, pos);
      const source = template.slice(pos, end);
      if (source === 'range' || source === 'end') parts.push({ kind: 'keyword', word: source });
      else parts.push({ kind: 'path', source });
      pos = end;
    }
  }
}

function unclosedAction(rest: string): JsonPathError {
  // Name what is left open, as kubectl's parser does.
  if (rest.lastIndexOf('[') > rest.lastIndexOf(']')) return new JsonPathError('unterminated array');
  return new JsonPathError('unclosed action');
}

/**
 * The index just past the quote that closes the literal opening at `open` (one not preceded by a backslash).
 */
function quoteEnd(template: string, open: number): number {
  const quote = template[open];
  for (let i = open + 1; i < template.length; i++) {
    const char = template[i];
    if (char === '\n') break;
    if (char === quote && template[i - 1] !== '\\') return i + 1;
  }
  throw new JsonPathError('unterminated quoted string');
}

// A path piece runs to a space, a quote or the action's `}`. A bare name (`range`, `end`, `metadata`) also
// stops where a `.` or `[` starts the next step, so that a keyword can stand right before its path.
function pathEnd(template: string, start: number): number {
  const bareName = /[A-Za-z0-9_]/.test(template[start] ?? '');
  let pos = start;
  while (pos < template.length) {
    const char = template[pos] ?? '';
    if (char === ' ' || char === '\t' || char === '}' || char === '"' || char === "'") break;
    if (char === '\n' || char === '\r') break;
    if (bareName && (char === '.' || char === '[')) break;
    if (char === '\\') pos += 2;
    else if (char === '[') pos = bracketEnd(template, pos);
    else pos++;
  }
  return pos;
}

/** Just past the `]` of the bracket at `open`; a filter's `)` and quoted values are read whole. */
function bracketEnd(template: string, open: number): number {
  const filter = template.startsWith('[?(', open);
  let quote: string | undefined;
  for (let i = open + 1; i < template.length; i++) {
    const char = template[i];
    if (char === '\n') break;
    if (quote !== undefined) {
      if (char === quote && template[i - 1] !== '\\') quote = undefined;
    } else if (filter && (char === '"' || char === "'")) {
      quote = char;
    } else if (char === ']' && (!filter || template[i - 1] === ')')) {
      return i + 1;
    }
  }
  throw new JsonPathError(filter ? 'unterminated filter' : 'unterminated array');
}

function joinPaths(parts: ActionPart[]): Step[] {
  return parts.flatMap((part) => {
    if (part.kind === 'path') return parsePath(part.source);
    // TODO(#5): kubectl evaluates a literal or keyword among path steps in order; ours accepts them only
    // alone.
    throw new JsonPathError(
      `unrecognized character in action: ${part.kind === 'literal' ? part.text : part.word}`,
    );
  });
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * A quoted literal's text. Escapes are Go's string escapes (`\n`, `\t`, `\\`, `\x41`, `\101`, `\u00e9`,
 * `\U0001F600`), and the quote that opened the literal is the one quote that may be escaped.
 */
function unquote(quoted: string): string {
  const quote = quoted[0] ?? '';
  const body = quoted.slice(1, -1);
  const invalid = (): JsonPathError => new JsonPathError(`unquote string ${quoted} error invalid syntax`);
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i] ?? '';
    if (char !== '\\') {
      if (char === quote) throw invalid();
      text += char;
      continue;
    }
    const escape = body[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[escape];
    if (simple !== undefined) {
      text += simple;
      i++;
    } else if (escape === quote) {
      text += quote;
      i++;
    } else if (escape === 'x' || escape === 'u' || escape === 'U') {
      const digits = escape === 'x' ? 2 : escape === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw invalid();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw invalid();
      text += String.fromCodePoint(code);
      i += 1 + digits;
    } else if (/[0-7]/.test(escape)) {
      const octal = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(octal) || parseInt(octal, 8) > 255) throw invalid();
      text += String.fromCharCode(parseInt(octal, 8));
      i += 3;
    } else {
      throw invalid();
    }
  }
  return text;
}

function parsePath(source: string): Step[] {
  const steps: Step[] = [];
  let pos = source.startsWith('$') || source.startsWith('@') ? 1 : 0;
  // A field name may hold escaped dots: `.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration`.
  const fieldName = (from: number): [string, number] => {
    let end = from;
    let name = '';
    for (;;) {
      const char = source[end] ?? '';
      if (char === '\\' && source[end + 1] === '.') {
        name += '.';
        end += 2;
      } else if (end < source.length && /[A-Za-z0-9_\-/]/.test(char)) {
        name += char;
        end++;
      } else {
        return [name, end];
      }
    }
  };
  while (pos < source.length) {
    const char = source[pos];
    if (char === '.' && source[pos + 1] === '.') {
      const [name, end] = fieldName(pos + 2);
      steps.push({ kind: 'recursive', name });
      pos = end;
    } else if (char === '.' && source[pos + 1] === '*') {
      steps.push({ kind: 'wildcard' });
      pos += 2;
    } else if (char === '.') {
      const [name, end] = fieldName(pos + 1);
      if (name !== '') steps.push({ kind: 'field', name });
      pos = end;
    } else if (char === '[') {
      const close = matchingBracket(source, pos);
      steps.push(parseBracket(source.slice(pos + 1, close).trim()));
      pos = close + 1;
    } else if (char === ' ' || char === '\t') {
      pos++;
    } else {
      const [name, end] = fieldName(pos);
      if (name === '') throw new JsonPathError(`unrecognized character in action: ${source.slice(pos)}`);
      steps.push({ kind: 'field', name });
      pos = end;
    }
  }
  return steps;
}

function matchingBracket(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '[') depth++;
    else if (source[i] === ']' && --depth === 0) return i;
  }
  throw new JsonPathError('unterminated array');
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^'.*'$|^".*"$/.test(inner)) return { kind: 'field', name: inner.slice(1, -1) };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const slice = /^(-?\d*):(-?\d*)$/.exec(inner);
  if (slice) {
    return {
      kind: 'slice',
      start: slice[1] === '' ? undefined : Number(slice[1]),
      end: slice[2] === '' ? undefined : Number(slice[2]),
    };
  }
  const filter = /^\?\(\s*@(\S*?)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$/.exec(inner);
  if (filter) {
    const raw = filter[3];
    let value: unknown;
    if (raw !== undefined) {
      if (/^'.*'$/.test(raw)) value = raw.slice(1, -1);
      else {
        try {
          value = JSON.parse(raw);
        } catch {
          throw new JsonPathError(`invalid filter value: ${raw}`);
        }
      }
    }
    return { kind: 'filter', path: parsePath(filter[1] ?? ''), op: filter[2], value };
  }
  throw new JsonPathError(`invalid array index ${inner}`);
}

function evaluate(steps: Step[], data: unknown): unknown[] {
  let values: unknown[] = [data];
  for (const step of steps) values = values.flatMap((value) => applyStep(step, value));
  return values;
}

function applyStep(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return isRecord(value) && step.name in value ? [value[step.name]] : [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const index = step.index < 0 ? value.length + step.index : step.index;
      return index >= 0 && index < value.length ? [value[index]] : [];
    }
    case 'slice':
      return Array.isArray(value) ? value.slice(step.start, step.end) : [];
    case 'wildcard':
      if (Array.isArray(value)) return value;
      return isRecord(value)
        ? Object.keys(value)
            .sort()
            .map((key) => value[key])
        : [];
    case 'recursive':
      return recursiveFind(value, step.name);
    case 'filter':
      return Array.isArray(value) ? value.filter((item) => filterMatches(step, item)) : [];
  }
}

function recursiveFind(value: unknown, name: string): unknown[] {
  const found: unknown[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isRecord(node)) {
      if (name in node) found.push(node[name]);
      for (const key of Object.keys(node).sort()) visit(node[key]);
    }
  };
  visit(value);
  return found;
}

function filterMatches(step: Extract<Step, { kind: 'filter' }>, item: unknown): boolean {
  const [left] = evaluate(step.path, item);
  if (step.op === undefined) return left !== undefined;
  if (left === undefined) return false;
  const right = step.value;
  switch (step.op) {
    case '==':
      return left === right || String(left) === String(right);
    case '!=':
      return !(left === right || String(left) === String(right));
    case '<':
      return Number(left) < Number(right);
    case '>':
      return Number(left) > Number(right);
    case '<=':
      return Number(left) <= Number(right);
    case '>=':
      return Number(left) >= Number(right);
    default:
      return false;
  }
}

// A range runs its body once per value its path finds: `{range .items[*]}` once per item, but `{range
// .items}`
// once, with the whole list as `@` (kubectl does not step into an array the path did not open).
function renderNodes(nodes: Node[], data: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'path') out += evaluate(node.steps, data).map(formatValue).join(' ');
    else for (const value of evaluate(node.steps, data)) out += renderNodes(node.body, value);
  }
  return out;
}

function resultLists(nodes: Node[], data: unknown): unknown[][] {
  return nodes.flatMap((node) => {
    if (node.kind === 'text') return [[node.text]];
    if (node.kind === 'path') return [evaluate(node.steps, data)];
    return evaluate(node.steps, data).flatMap((value) => resultLists(node.body, value));
  });
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
