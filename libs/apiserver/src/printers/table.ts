// meta.k8s.io/v1 Table documents: what the server answers when the client's Accept asks for
// `as=Table`. Rows always carry every column; the client hides priority > 0 columns unless wide.
import type { KubeList, KubeObject, ListMeta, Table, TableRow } from '@groundkube/api';
import { rowObject, type IncludeObjectPolicy } from './include-object';
import { printerFor, type PrintedResource } from './printer-registry';

export interface TableOptions {
  /** The instant ages are measured from (injected: the server passes `new Date()`, tests a fixed one). */
  readonly now: Date;
  /** What each row carries in `object`; defaults to Metadata (PartialObjectMetadata). */
  readonly includeObject?: IncludeObjectPolicy;
  /** Leave `columnDefinitions` empty (the real server does so for every watch event but the first). */
  readonly noHeaders?: boolean;
}

function rowsFor(
  resource: PrintedResource,
  objects: readonly KubeObject[],
  options: TableOptions,
): TableRow[] {
  const printer = printerFor(resource);
  const policy = options.includeObject ?? 'Metadata';
  return objects.map((object) => {
    const row: TableRow = { cells: printer.cells(object, { now: options.now }) };
    const conditions = printer.conditions?.(object);
    if (conditions !== undefined) row.conditions = conditions;
    const carried = rowObject(object, policy);
    if (carried !== undefined) row.object = carried;
    return row;
  });
}

function table(
  resource: PrintedResource,
  metadata: ListMeta,
  rows: TableRow[],
  options: TableOptions,
): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.noHeaders === true ? [] : printerFor(resource).columns.map((c) => ({ ...c })),
    rows,
  };
}

/**
 * A table of the list's items, in order. `metadata` keeps the list's resourceVersion, continue and
 * remainingItemCount, which kubectl needs to start a watch (`get -w`) and to page.
 */
export function tableForList(resource: PrintedResource, list: KubeList, options: TableOptions): Table {
  const metadata: ListMeta = {};
  if (list.metadata?.resourceVersion !== undefined) metadata.resourceVersion = list.metadata.resourceVersion;
  if (list.metadata?.continue) metadata.continue = list.metadata.continue;
  if (list.metadata?.remainingItemCount !== undefined) {
    metadata.remainingItemCount = list.metadata.remainingItemCount;
  }
  return table(resource, metadata, rowsFor(resource, list.items, options), options);
}

/** A one-row table for a single-object GET; `metadata.resourceVersion` is the object's. */
export function tableForObject(resource: PrintedResource, object: KubeObject, options: TableOptions): Table {
  const metadata: ListMeta = {};
  if (object.metadata?.resourceVersion !== undefined)
    metadata.resourceVersion = object.metadata.resourceVersion;
  return table(resource, metadata, rowsFor(resource, [object], options), options);
}
