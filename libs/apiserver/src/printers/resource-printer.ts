// The contract every per-resource printer fulfils, and the descriptions shared by several of them.
import type { KubeObject, TableColumnDefinition } from '@groundkube/api';

/** What a printer may read besides the object: the clock, injected so tests are deterministic. */
export interface PrintContext {
  readonly now: Date;
}

/** A condition attached to a row (kubectl uses `Completed` to recognise finished pods). */
export interface TableRowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/**
 * Renders one resource as table rows. `columns` is constant; `cells` returns exactly one value per
 * column, always all of them (the server renders "wide"; kubectl hides priority > 0 columns itself).
 */
export interface ResourcePrinter<T extends KubeObject = KubeObject> {
  readonly columns: readonly TableColumnDefinition[];
  cells(object: T, context: PrintContext): unknown[];
  conditions?(object: T): TableRowCondition[] | undefined;
}

/** Builds a column definition; `format` and `priority` default to '' and 0 as on the wire. */
export function column(
  name: string,
  type: string,
  description: string,
  extra: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return { name, type, format: extra.format ?? '', description, priority: extra.priority ?? 0 };
}

// Descriptions of the metadata columns every resource shares.
export const NAME_COLUMN = column(
  'Name',
  'string',
  'Name is unique within a namespace and identifies the object; clients use it to refer to it.',
  { format: 'name' },
);
export const AGE_COLUMN = column(
  'Age',
  'string',
  'Time elapsed since the server created the object (from metadata.creationTimestamp).',
);
