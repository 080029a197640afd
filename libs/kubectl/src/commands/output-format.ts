// `-o` values: the human table (default, wide) or a machine format. Templates can come inline (`jsonpath=…`,
// `custom-columns=…`) or from a file (`jsonpath-file=…`, `custom-columns-file=…`), read from the working
// folder.
// Go templates are not supported: kubectl's are Go's text/template, with its functions, which this kubectl
// does not carry; asking for one is a one-line error that points at jsonpath.

import { readFileSync } from 'node:fs';

import { KubectlError, UsageError } from '../errors';
import { JsonPathError, JsonPathTemplate } from '../printers/jsonpath';
import { printJson } from '../printers/object-printer';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  /** `asJson`: `-o jsonpath-as-json`, each result list printed as a JSON array. */
  | { kind: 'jsonpath'; template: JsonPathTemplate; asJson: boolean }
  /** `headersAlways`: kubectl's printer from a columns file prints its header line even with --no-headers. */
  | { kind: 'custom-columns'; columns: CustomColumn[]; headersAlways: boolean };

/** One `HEADER:.json.path` of `-o custom-columns=…`. */
export interface CustomColumn {
  header: string;
  template: JsonPathTemplate;
}

/** What `-o` accepts here, in the order kubectl lists formats when it matches none. */
export const OUTPUT_FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'wide',
  'yaml',
] as const;

/** kubectl's Go-template formats, which this kubectl recognises only to say that it does not have them. */
const GO_TEMPLATE_FORMATS = new Set(['go-template', 'go-template-file', 'template', 'templatefile']);

/** `-o go-template=…` and its kin. */
export class GoTemplateUnsupportedError extends KubectlError {
  override readonly code = 'KUBECTL_GO_TEMPLATE_UNSUPPORTED';

  constructor(readonly format: string) {
    super(
      `-o ${format} is not supported: this kubectl has no Go templates; use -o jsonpath=<template> instead`,
    );
  }
}

export function noPrinterError(output: string, allowed: readonly string[]): UsageError {
  return new UsageError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: ${allowed.join(',')}`,
  );
}

export function parseOutputFormat(output: string | undefined): OutputFormat {
  if (output === undefined || output === '') return { kind: 'table', wide: false };
  if (output === 'wide') return { kind: 'table', wide: true };
  if (output === 'json' || output === 'yaml' || output === 'name') return { kind: output };
  const equals = output.indexOf('=');
  const name = equals < 0 ? output : output.slice(0, equals);
  const value = equals < 0 ? '' : output.slice(equals + 1);
  if (GO_TEMPLATE_FORMATS.has(name)) throw new GoTemplateUnsupportedError(name);
  switch (name) {
    case 'jsonpath':
    case 'jsonpath-as-json':
      return {
        kind: 'jsonpath',
        template: compileJsonPath(requireTemplate(value)),
        asJson: name !== 'jsonpath',
      };
    case 'jsonpath-file': {
      const template = readTemplateFile(requireTemplate(value), 'error reading --template');
      return { kind: 'jsonpath', template: compileJsonPath(template), asJson: false };
    }
    case 'custom-columns':
      return {
        kind: 'custom-columns',
        columns: parseCustomColumns(requireColumns(value)),
        headersAlways: false,
      };
    case 'custom-columns-file': {
      const template = readTemplateFile(requireColumns(value), 'error reading template');
      return { kind: 'custom-columns', columns: parseCustomColumnsFile(template), headersAlways: true };
    }
    default:
      throw noPrinterError(output, OUTPUT_FORMATS);
  }
}

/** A jsonpath format's output for `value`: the template's text, or its result lists as JSON arrays. */
export function printJsonPath(format: Extract<OutputFormat, { kind: 'jsonpath' }>, value: unknown): string {
  return format.asJson
    ? format.template.executeAsJson(value, (list) => printJson(list))
    : format.template.execute(value);
}

function requireTemplate(value: string): string {
  if (value === '') throw new UsageError('template format specified but no template given');
  return value;
}

function requireColumns(value: string): string {
  if (value === '') throw new UsageError('custom-columns format specified but no custom columns given');
  return value;
}

/** The whole file, trailing newline included (kubectl keeps it: it ends the printed text). */
function readTemplateFile(file: string, context: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubectlError(`${context} ${file}, ${goFileError(file, err)}`, { cause: err });
  }
}

/** Go's wording of a failed os.ReadFile, which kubectl puts in its message. */
function goFileError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `open ${file}: no such file or directory`;
  if (code === 'EACCES') return `open ${file}: permission denied`;
  if (code === 'EISDIR') return `read ${file}: is a directory`;
  return err instanceof Error ? err.message : String(err);
}

function parseCustomColumns(spec: string): CustomColumn[] {
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) {
      throw new UsageError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    }
    return customColumn(part.slice(0, colon), part.slice(colon + 1));
  });
}

/** Two lines: the headers, then as many paths, each line split on whitespace. */
function parseCustomColumnsFile(template: string): CustomColumn[] {
  const expected =
    'Expected format is one line of space separated headers, one line of space separated column specs.';
  const lines = template === '' ? [] : template.split('\n').map((line) => line.replace(/\r$/, ''));
  if (template.endsWith('\n')) lines.pop();
  const [headerLine, specLine] = lines;
  if (headerLine === undefined) throw new KubectlError(`invalid template, missing header line. ${expected}`);
  if (specLine === undefined) throw new KubectlError(`invalid template, missing spec line. ${expected}`);
  const headers = words(headerLine);
  const specs = words(specLine);
  if (headers.length !== specs.length) {
    throw new KubectlError(
      `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    );
  }
  return headers.map((header, index) => customColumn(header, specs[index] ?? ''));
}

function words(line: string): string[] {
  return line.split(/\s+/).filter((word) => word !== '');
}

/** kubectl relaxes `.a.b`, `a.b` and `{a.b}` to `{.a.b}`. */
function customColumn(header: string, expression: string): CustomColumn {
  let path = expression.trim();
  if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1);
  if (!path.startsWith('.')) path = `.${path}`;
  return { header, template: new JsonPathTemplate(`{${path}}`) };
}

function compileJsonPath(template: string): JsonPathTemplate {
  try {
    return new JsonPathTemplate(template);
  } catch (err) {
    if (!(err instanceof JsonPathError)) throw err;
    throw new UsageError(`error parsing jsonpath ${template}, ${err.message}`, { cause: err });
  }
}
