// Field selectors: the `fieldSelector` query parameter. Terms are AND-ed with ','; each is
// `field=value`, `field==value` or `field!=value`. In values, '\' escapes ',', '=', '!' and '\'.
// A field the object lacks reads as the empty string, so `involvedObject.namespace=` matches
// events about cluster-scoped objects.
import { FieldSelectorParseError } from './errors';

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** Selectable fields of one object: field path → value, e.g. `{"status.phase":"Running"}`. */
export type FieldSet = Readonly<Record<string, string>>;

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** True when every term holds; a field missing from `fields` compares as ''. */
  matches(fields: FieldSet): boolean;
  isEmpty(): boolean;
  toString(): string;
}

// Longest operators first, so `a!=b` is not read as `a!` `=` `b`.
const OPERATORS: readonly FieldOperator[] = ['!=', '==', '='];

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

function splitTerm(term: string): FieldRequirement | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of OPERATORS) {
      if (term.startsWith(operator, i)) {
        return { field: term.slice(0, i), operator, value: term.slice(i + operator.length) };
      }
    }
  }
  return undefined;
}

function unescapeValue(selector: string, value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (ch === '\\') {
      const next = value[i + 1];
      if (next === undefined || !['\\', ',', '='].includes(next)) {
        throw new FieldSelectorParseError(`invalid field selector: '${selector}': invalid escape sequence`);
      }
      out += next;
      i++;
    } else if (ch === ',' || ch === '=') {
      throw new FieldSelectorParseError(`invalid field selector: '${selector}': unescaped '${ch}' in value`);
    } else {
      out += ch;
    }
  }
  return out;
}

function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/**
 * Parses the text form (`spec.nodeName=n1,status.phase!=Failed`). Empty terms are skipped, so '' selects
 * everything. Throws FieldSelectorParseError (`invalid selector: 'x'; can't understand 'x'`) for a term
 * without an operator. Field names are not checked here: see `validateFieldSelector`.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    const parsed = splitTerm(term);
    if (parsed === undefined) {
      throw new FieldSelectorParseError(`invalid selector: '${text}'; can't understand '${term}'`);
    }
    requirements.push({ ...parsed, value: unescapeValue(text, parsed.value) });
  }
  return {
    requirements,
    matches: (fields) =>
      requirements.every((req) => {
        const actual = fields[req.field] ?? '';
        return req.operator === '!=' ? actual !== req.value : actual === req.value;
      }),
    isEmpty: () => requirements.length === 0,
    toString: () => requirements.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(','),
  };
}
