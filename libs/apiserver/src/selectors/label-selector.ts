// Label selectors: the `labelSelector` query parameter and metav1.LabelSelector objects.
//
// Grammar (as Kubernetes' labels parser accepts it):
//   selector    := requirement (',' requirement)*  |  ''
//   requirement := ['!'] key | key op value | key ('in' | 'notin') '(' [value (',' value)*] ')'
//   op          := '=' | '==' | '!=' | '>' | '<'
// Whitespace separates tokens and is otherwise ignored; keys are qualified names and values label values.
import type { LabelSelector as LabelSelectorObject } from '@groundkube/api';
import { LabelSelectorParseError } from './errors';
import { invalidValue, labelValueProblems, qualifiedNameProblems } from './label-syntax';

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** One AND-ed term. `values` is sorted and de-duplicated; empty for `exists` and `!`. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A parsed label selector. The empty selector matches everything. */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** True when every requirement holds for `labels` (missing labels are absent keys). */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  isEmpty(): boolean;
  /** Canonical text (requirements sorted by key), parseable again. */
  toString(): string;
}

type TokenKind =
  'identifier' | 'in' | 'notin' | '!' | '!=' | '=' | '==' | '>' | '<' | '(' | ')' | ',' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS: ReadonlyArray<[string, TokenKind]> = [
  ['!=', '!='],
  ['==', '=='],
  ['!', '!'],
  ['=', '='],
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['>', '>'],
  ['<', '<'],
];
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      const symbol = SYMBOLS.find(([s]) => text.startsWith(s, i));
      if (symbol === undefined)
        throw new LabelSelectorParseError(`unable to parse requirement: found '${ch}'`);
      tokens.push({ kind: symbol[1], text: symbol[0] });
      i += symbol[0].length;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j] ?? '') && !SPECIAL.has(text[j] ?? '')) j++;
    const word = text.slice(i, j);
    tokens.push({ kind: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'identifier', text: word });
    i = j;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const next = this.peek();
      if (next.kind === 'end') return requirements;
      if (next.kind !== 'identifier' && next.kind !== '!') {
        throw fail(`found '${next.text}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.requirement());
      const after = this.next();
      if (after.kind === 'end') return requirements;
      if (after.kind !== ',') throw fail(`found '${after.text}', expected: ',' or 'end of string'`);
      const following = this.peek();
      if (following.kind !== 'identifier' && following.kind !== '!') {
        throw fail(`found '${following.text}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let negated = false;
    if (this.peek().kind === '!') {
      this.next();
      negated = true;
    }
    const keyToken = this.next();
    if (keyToken.kind !== 'identifier') throw fail(`found '${keyToken.text}', expected: identifier`);
    const key = keyToken.text;
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length > 0) throw fail(invalidValue('key', key, keyProblems));
    if (negated) return { key, operator: '!', values: [] };

    const opToken = this.peek();
    if (opToken.kind === 'end' || opToken.kind === ',') return { key, operator: 'exists', values: [] };
    this.next();
    switch (opToken.kind) {
      case 'in':
      case 'notin':
        return build(key, opToken.kind, this.valueSet());
      case '=':
      case '==':
      case '!=':
        return build(key, opToken.kind, [this.exactValue()]);
      case '>':
      case '<':
        return build(key, opToken.kind === '>' ? 'gt' : 'lt', [this.exactValue()]);
      default:
        throw fail(`found '${opToken.text}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private exactValue(): string {
    const token = this.peek();
    if (token.kind === 'end' || token.kind === ',') return '';
    this.next();
    if (token.kind !== 'identifier') throw fail(`found '${token.text}', expected: identifier`);
    return token.text;
  }

  /** `( v1, v2 )`; an empty slot (`()`, `(a,)`) is the empty value, as Kubernetes reads it. */
  private valueSet(): string[] {
    const open = this.next();
    if (open.kind !== '(') throw fail(`found '${open.text}', expected: '('`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const token = this.next();
      if (token.kind === 'identifier' && expectValue) {
        values.push(token.text);
        expectValue = false;
      } else if (token.kind === ',') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (token.kind === ')') {
        if (expectValue) values.push('');
        return values;
      } else if (expectValue) {
        throw fail(`found '${token.text}', expected: ',', ')' or identifier`);
      } else {
        throw fail(`found '${token.text}', expected: ',' or ')'`);
      }
    }
  }

  private peek(): Token {
    return this.tokens[this.position] ?? { kind: 'end', text: '' };
  }

  private next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length) this.position++;
    return token;
  }
}

function fail(reason: string): LabelSelectorParseError {
  return new LabelSelectorParseError(`unable to parse requirement: ${reason}`);
}

function build(key: string, operator: LabelOperator, rawValues: string[]): LabelRequirement {
  const values = [...new Set(rawValues)].sort();
  if (operator === 'gt' || operator === 'lt') {
    const value = values[0] ?? '';
    if (!/^-?\d+$/.test(value)) {
      throw fail(
        invalidValue('values[0]', value, ["for 'Gt', 'Lt' operators, the value must be an integer"]),
      );
    }
    return { key, operator, values };
  }
  values.forEach((value, index) => {
    const problems = labelValueProblems(value);
    if (problems.length > 0) throw fail(invalidValue(`values[${index}][${key}]`, value, problems));
  });
  return { key, operator, values };
}

function requirementMatches(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case '=':
    case '==':
    case 'in':
      return value !== undefined && req.values.includes(value);
    case '!=':
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const left = BigInt(value);
      const right = BigInt(req.values[0] ?? '0');
      return req.operator === 'gt' ? left > right : left < right;
    }
  }
}

function requirementText(req: LabelRequirement): string {
  switch (req.operator) {
    case 'exists':
      return req.key;
    case '!':
      return `!${req.key}`;
    case 'in':
    case 'notin':
      return `${req.key} ${req.operator} (${req.values.join(',')})`;
    case 'gt':
      return `${req.key}>${req.values[0] ?? ''}`;
    case 'lt':
      return `${req.key}<${req.values[0] ?? ''}`;
    default:
      return `${req.key}${req.operator}${req.values[0] ?? ''}`;
  }
}

function selectorOf(requirements: LabelRequirement[]): LabelSelector {
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: sorted,
    matches: (labels) => sorted.every((req) => requirementMatches(req, labels ?? {})),
    isEmpty: () => sorted.length === 0,
    toString: () => sorted.map(requirementText).join(','),
  };
}

/**
 * Parses the text form (`app=web,tier in (a,b),!legacy`). The empty or blank string selects everything.
 * Throws LabelSelectorParseError with Kubernetes' message (`unable to parse requirement: …`).
 */
export function parseLabelSelector(text: string): LabelSelector {
  return selectorOf(new Parser(tokenize(text)).parse());
}

/**
 * Converts a metav1.LabelSelector (matchLabels + matchExpressions). An absent selector selects nothing
 * in Kubernetes, so `undefined` gives a selector that matches no object; `{}` matches everything.
 * Throws LabelSelectorParseError for bad keys, values or operators.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | undefined): LabelSelector {
  if (selector === undefined) return { ...selectorOf([]), matches: () => false, isEmpty: () => false };
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const problems = qualifiedNameProblems(key);
    if (problems.length > 0) throw fail(invalidValue('key', key, problems));
    requirements.push(build(key, '=', [value]));
  }
  for (const expression of selector.matchExpressions ?? []) {
    const problems = qualifiedNameProblems(expression.key);
    if (problems.length > 0) throw fail(invalidValue('key', expression.key, problems));
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) throw fail("for 'in', 'notin' operators, values set can't be empty");
        requirements.push(build(expression.key, expression.operator === 'In' ? 'in' : 'notin', values));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) throw fail('values set must be empty for exists and does not exist');
        requirements.push({
          key: expression.key,
          operator: expression.operator === 'Exists' ? 'exists' : '!',
          values: [],
        });
        break;
      default:
        throw fail(`${JSON.stringify(expression.operator)} is not a valid label selector operator`);
    }
  }
  return selectorOf(requirements);
}
