// `-o` values: the human table (default, wide) or a machine format.

import { UsageError } from '../errors';
import { JsonPathTemplate } from '../printers/jsonpath';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: JsonPathTemplate };

export function parseOutputFormat(output: string | undefined): OutputFormat {
  if (output === undefined || output === '') return { kind: 'table', wide: false };
  if (output === 'wide') return { kind: 'table', wide: true };
  if (output === 'json' || output === 'yaml' || output === 'name') return { kind: output };
  const jsonpath = /^jsonpath(?:-as-json)?=(.*)$/s.exec(output);
  if (jsonpath) return { kind: 'jsonpath', template: new JsonPathTemplate(jsonpath[1] ?? '') };
  throw new UsageError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,name,wide,yaml`,
  );
}
