// `-o` values: the human table (default, wide) or a machine format.

import { UsageError } from '../errors';
import { JsonPathError, JsonPathTemplate } from '../printers/jsonpath';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: JsonPathTemplate }
  | { kind: 'custom-columns'; columns: CustomColumn[] };

/** One `HEADER:.json.path` of `-o custom-columns=…`. */
export interface CustomColumn {
  header: string;
  template: JsonPathTemplate;
}

export function parseOutputFormat(output: string | undefined): OutputFormat {
  if (output === undefined || output === '') return { kind: 'table', wide: false };
  if (output === 'wide') return { kind: 'table', wide: true };
  if (output === 'json' || output === 'yaml' || output === 'name') return { kind: output };
  const jsonpath = /^jsonpath(?:-as-json)?=(.*)$/s.exec(output);
  if (jsonpath) return { kind: 'jsonpath', template: compileJsonPath(jsonpath[1] ?? '') };
  const customColumns = /^custom-columns=(.*)$/s.exec(output);
  if (customColumns) return { kind: 'custom-columns', columns: parseCustomColumns(customColumns[1] ?? '') };
  throw new UsageError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,json,jsonpath,name,wide,yaml`,
  );
}

function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec === '') throw new UsageError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) {
      throw new UsageError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    }
    // kubectl relaxes `.a.b` and `a.b` to `{.a.b}`.
    let path = part.slice(colon + 1).trim();
    if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1);
    if (!path.startsWith('.')) path = `.${path}`;
    return { header: part.slice(0, colon), template: new JsonPathTemplate(`{${path}}`) };
  });
}

function compileJsonPath(template: string): JsonPathTemplate {
  try {
    return new JsonPathTemplate(template);
  } catch (err) {
    if (!(err instanceof JsonPathError)) throw err;
    throw new UsageError(`error parsing jsonpath ${template}, ${err.message}`, { cause: err });
  }
}
