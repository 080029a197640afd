// Prints server-side Tables (meta.k8s.io/v1) the way kubectl's human-readable printer does: upper-cased
// headers, priority>0 columns only when wide, NAMESPACE / LABELS / label columns from the row's object
// metadata, aligned with the get layout of the tab writer.

import type { ObjectMeta, Table, TableRow } from '@groundkube/api';

import { GET_TABLE_LAYOUT, alignColumns } from './tab-writer';

export interface TablePrintOptions {
  /** `-o wide`: also show columns with priority > 0. */
  wide?: boolean;
  /** `-A`: a NAMESPACE column first. */
  withNamespace?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** `-L key,…`: one column per key, after the server's columns. */
  labelColumns?: string[];
  noHeaders?: boolean;
  /** Prefix names with `kind/` (several resource types in one get). */
  kindPrefix?: string;
  /** Column widths shared by successive prints (watch rows keep the header's alignment). */
  rememberedWidths?: number[];
  /** `--output-watch-events`: an EVENT column first, holding this watch event type. */
  eventType?: string | undefined;
}

/** Header and row cells of a Table after kubectl's column rules, not yet aligned. */
export function tableCells(table: Table, options: TablePrintOptions): { header: string[]; rows: string[][] } {
  const shown = table.columnDefinitions
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => options.wide === true || column.priority === 0);
  const header: string[] = [];
  if (options.eventType !== undefined) header.push('EVENT');
  if (options.withNamespace) header.push('NAMESPACE');
  header.push(...shown.map(({ column }) => column.name.toUpperCase()));
  for (const key of options.labelColumns ?? []) header.push(labelColumnHeader(key));
  if (options.showLabels) header.push('LABELS');

  const rows = table.rows.map((row) => {
    const meta = rowMetadata(row);
    const cells: string[] = [];
    if (options.eventType !== undefined) cells.push(options.eventType);
    if (options.withNamespace) cells.push(meta?.namespace ?? '');
    for (const { column, index } of shown) {
      let text = formatCell(row.cells[index]);
      if (column.format === 'name' && options.kindPrefix) text = `${options.kindPrefix}/${text}`;
      cells.push(text);
    }
    for (const key of options.labelColumns ?? []) cells.push(meta?.labels?.[key] ?? '');
    if (options.showLabels) cells.push(formatLabels(meta?.labels));
    return cells;
  });
  return { header, rows };
}

/** The aligned text of a Table, ending with a newline (empty when there is nothing to print). */
export function printTable(table: Table, options: TablePrintOptions): string {
  const { header, rows } = tableCells(table, options);
  const lines = options.noHeaders ? rows : [header, ...rows];
  if (lines.length === 0) return '';
  return alignColumns(lines.map((cells) => cells.join('\t')).join('\n') + '\n', {
    ...GET_TABLE_LAYOUT,
    remembered: options.rememberedWidths,
  });
}

/** `k=v,k2=v2` sorted by key, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((key) => `${key}=${labels?.[key] ?? ''}`).join(',');
}

function labelColumnHeader(key: string): string {
  const slash = key.lastIndexOf('/');
  return (slash >= 0 ? key.slice(slash + 1) : key).toUpperCase();
}

function rowMetadata(row: TableRow): ObjectMeta | undefined {
  const object = row.object as { metadata?: ObjectMeta } | undefined;
  return object?.metadata;
}

function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '<none>';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}
