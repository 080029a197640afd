// `-o custom-columns=HEADER:.path,…`: one row per object, `<none>` where a path finds nothing, several
// results joined by commas, aligned with the get layout.

import type { CustomColumn } from '../commands/output-format';
import { GET_TABLE_LAYOUT, alignColumns } from './tab-writer';

export interface CustomColumnsPrintOptions {
  noHeaders: boolean;
  /** Column widths shared by successive prints (watch rows keep the header's alignment). */
  rememberedWidths?: number[];
}

export function printCustomColumns(
  objects: readonly unknown[],
  columns: CustomColumn[],
  options: CustomColumnsPrintOptions,
): string {
  const lines = options.noHeaders ? [] : [columns.map((column) => column.header).join('\t')];
  for (const object of objects) {
    const cells = columns.map((column) => {
      const value = column.template.execute(object).trim().split(' ').join(',');
      return value === '' ? '<none>' : value;
    });
    lines.push(cells.join('\t'));
  }
  if (lines.length === 0) return '';
  const text = lines.map((line) => `${line}\n`).join('');
  return alignColumns(text, { ...GET_TABLE_LAYOUT, remembered: options.rememberedWidths });
}
