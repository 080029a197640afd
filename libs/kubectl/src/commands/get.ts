// kubectl get: lists or fetches objects and prints them as the server's Tables or in a machine format.

import type { KubeList, KubeObject, Table } from '@groundkube/api';
import { StatusError, resourcePath as resourcePathOf } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { serverErrorMessage, withListContext } from '../cli/error-report';
import { getInNamespace } from '../cli/missing-namespace';
import { PrintedError } from '../errors';
import { apiVersionOf, type ApiResource } from '../discovery/resource-mapper';
import { ageSince } from '../printers/age';
import { asList, objectName, printJson, printYaml } from '../printers/object-printer';
import { JsonPathTemplate } from '../printers/jsonpath';
import { printTable, type TablePrintOptions } from '../printers/table-printer';
import { parseOutputFormat, type CustomColumn, type OutputFormat } from './output-format';
import { GET_TABLE_LAYOUT, alignColumns } from '../printers/tab-writer';
import { resolveResourceArgs, type ResourceRequest } from './resource-args';

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface GetOptions {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  showLabels?: boolean;
  noHeaders?: boolean;
  labelColumns?: string[];
  /** `--sort-by`: a JSONPath into each object (`.metadata.name` or `{.metadata.name}`). */
  sortBy?: string | undefined;
  /** Clock for the NAME/AGE fallback when a server does not serve Tables. */
  now?: () => Date;
}

export async function runGet(ctx: CommandContext, args: string[], options: GetOptions): Promise<void> {
  const format = parseOutputFormat(options.output);
  const requests = await resolveResourceArgs(args, ctx.mapper);
  const errors: string[] = [];
  if (format.kind === 'table') {
    await getTables(ctx, requests, options, format.wide, errors);
  } else {
    await getObjects(ctx, requests, options, format, errors);
  }
  if (errors.length > 0) throw new PrintedError(errors.join('\n'));
}

function namespaceFor(ctx: CommandContext, resource: ApiResource, options: GetOptions): string | undefined {
  if (!resource.namespaced || options.allNamespaces) return undefined;
  return ctx.namespace;
}

async function getTables(
  ctx: CommandContext,
  requests: ResourceRequest[],
  options: GetOptions,
  wide: boolean,
  errors: string[],
): Promise<void> {
  let printedAny = false;
  for (const request of requests) {
    const table = await fetchTable(ctx, request, options, errors);
    if (!table || table.rows.length === 0) continue;
    if (options.sortBy) table.rows = sortByPath(table.rows, options.sortBy, (row) => row.object);
    const printOptions: TablePrintOptions = {
      wide,
      withNamespace: options.allNamespaces === true && request.resource.namespaced,
      showLabels: options.showLabels === true,
      labelColumns: options.labelColumns ?? [],
      noHeaders: options.noHeaders === true,
      kindPrefix: requests.length > 1 ? kindPrefix(request.resource) : undefined,
      rememberedWidths: [],
    };
    if (printedAny) ctx.io.stdout('\n');
    ctx.io.stdout(printTable(table, printOptions));
    printedAny = true;
    if (options.watch) await watchTable(ctx, request, options, table, printOptions);
  }
  if (!printedAny && errors.length === 0) {
    const first = requests[0]?.resource;
    if (options.watch && first) {
      await watchTable(ctx, requests[0] as ResourceRequest, options, undefined, {
        wide,
        withNamespace: options.allNamespaces === true && first.namespaced,
        showLabels: options.showLabels === true,
        noHeaders: options.noHeaders === true,
        rememberedWidths: [],
      });
      return;
    }
    const namespaced = requests.some((request) => request.resource.namespaced) && !options.allNamespaces;
    ctx.io.stderr(
      namespaced ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n',
    );
  }
}

async function fetchTable(
  ctx: CommandContext,
  request: ResourceRequest,
  options: GetOptions,
  errors: string[],
): Promise<Table | undefined> {
  const target = { resource: request.resource, namespace: namespaceFor(ctx, request.resource, options) };
  if (request.names.length === 0) {
    const result = await withListContext(
      request.resource,
      { labelSelector: options.selector, fieldSelector: options.fieldSelector },
      () =>
        ctx.client.request<Table | KubeList>({
          method: 'GET',
          path: resourcePathOf(target),
          // Sorting needs the whole objects in the rows, and all of them at once (as kubectl asks).
          query: {
            labelSelector: options.selector,
            fieldSelector: options.fieldSelector,
            ...(options.sortBy ? { includeObject: 'Object' } : { limit: 500 }),
          },
          accept: TABLE_ACCEPT,
          signal: ctx.io.signal,
        }),
    );
    return asTable(result, options);
  }
  let merged: Table | undefined;
  for (const name of request.names) {
    try {
      const result = await getInNamespace(ctx, target.namespace, () =>
        ctx.client.request<Table | KubeObject>({
          method: 'GET',
          path: resourcePathOf({ ...target, name }),
          accept: TABLE_ACCEPT,
          signal: ctx.io.signal,
        }),
      );
      const table = asTable(result, options);
      if (!merged) merged = table;
      else merged.rows.push(...table.rows);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      errors.push(serverErrorMessage(err));
    }
  }
  return merged;
}

/** A Table as is, or kubectl's NAME/AGE fallback for servers that ignore `as=Table`. */
function asTable(result: Table | KubeList | KubeObject, options: GetOptions): Table {
  if (result.kind === 'Table') return result as Table;
  const items = 'items' in result && Array.isArray(result.items) ? result.items : [result as KubeObject];
  const now = (options.now ?? (() => new Date()))();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: (result as KubeList).metadata?.resourceVersion },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
    ],
    rows: items.map((item) => ({
      cells: [item.metadata.name, ageSince(item.metadata.creationTimestamp, now)],
      object: item,
    })),
  };
}

/** Streams Table watch events, one row per event, until the signal aborts or the server ends the watch. */
async function watchTable(
  ctx: CommandContext,
  request: ResourceRequest,
  options: GetOptions,
  initial: Table | undefined,
  printOptions: TablePrintOptions,
): Promise<void> {
  const name = request.names[0];
  const fieldSelector = [options.fieldSelector, name !== undefined ? `metadata.name=${name}` : undefined]
    .filter((part) => part)
    .join(',');
  const stream = await ctx.client.watch(
    { resource: request.resource, namespace: namespaceFor(ctx, request.resource, options) },
    {
      labelSelector: options.selector,
      fieldSelector: fieldSelector || undefined,
      resourceVersion: initial?.metadata.resourceVersion || undefined,
      accept: TABLE_ACCEPT,
      signal: ctx.io.signal,
    },
  );
  let columns = initial?.columnDefinitions;
  let headerPending = initial === undefined && !printOptions.noHeaders;
  for await (const event of stream) {
    if (event.type === 'BOOKMARK') continue;
    if (event.type === 'ERROR') throw new StatusError(event.object);
    const table = asTable(event.object as unknown as Table, options);
    if (table.columnDefinitions.length > 0) columns = table.columnDefinitions;
    if (!columns) continue;
    ctx.io.stdout(
      printTable({ ...table, columnDefinitions: columns }, { ...printOptions, noHeaders: !headerPending }),
    );
    headerPending = false;
  }
}

async function getObjects(
  ctx: CommandContext,
  requests: ResourceRequest[],
  options: GetOptions,
  format: Exclude<OutputFormat, { kind: 'table' }>,
  errors: string[],
): Promise<void> {
  const objects: KubeObject[] = [];
  const single = requests.length === 1 && requests[0]?.names.length === 1;
  for (const request of requests) {
    const target = { resource: request.resource, namespace: namespaceFor(ctx, request.resource, options) };
    const fill = (item: KubeObject): KubeObject => ({
      ...item,
      apiVersion: apiVersionOf(request.resource),
      kind: request.resource.kind,
    });
    if (request.names.length === 0) {
      let list;
      try {
        list = await withListContext(
          request.resource,
          { labelSelector: options.selector, fieldSelector: options.fieldSelector },
          () =>
            ctx.client.list(target, {
              labelSelector: options.selector,
              fieldSelector: options.fieldSelector,
              limit: 500,
              signal: ctx.io.signal,
            }),
        );
      } catch (err) {
        // kubectl still prints what it has (an empty List for -o json/yaml) before the error.
        if (!(err instanceof PrintedError)) throw err;
        errors.push(err.message);
        continue;
      }
      objects.push(...list.items.map(fill));
      continue;
    }
    for (const name of request.names) {
      try {
        const object = await getInNamespace(ctx, target.namespace, () =>
          ctx.client.get({ ...target, name }, { signal: ctx.io.signal }),
        );
        objects.push(fill(object));
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        errors.push(serverErrorMessage(err));
      }
    }
  }
  if (single && objects.length === 0) return;
  if (options.sortBy)
    objects.splice(0, objects.length, ...sortByPath(objects, options.sortBy, (object) => object));
  const value = single ? objects[0] : asList(objects);
  switch (format.kind) {
    case 'json':
      ctx.io.stdout(printJson(value));
      break;
    case 'yaml':
      ctx.io.stdout(printYaml(value));
      break;
    case 'name':
      ctx.io.stdout(objects.map((object) => `${objectName(object)}\n`).join(''));
      break;
    case 'jsonpath':
      ctx.io.stdout(format.template.execute(value));
      break;
    case 'custom-columns':
      ctx.io.stdout(printCustomColumns(objects, format.columns, options.noHeaders === true));
      break;
  }
}

function kindPrefix(resource: ApiResource): string {
  const kind = resource.kind.toLowerCase();
  return resource.group === '' ? kind : `${kind}.${resource.group}`;
}

/** `-o custom-columns`: one row per object, `<none>` where a path finds nothing, several results joined by commas. */
function printCustomColumns(objects: KubeObject[], columns: CustomColumn[], noHeaders: boolean): string {
  const lines = noHeaders ? [] : [columns.map((column) => column.header).join('\t')];
  for (const object of objects) {
    const cells = columns.map((column) => {
      const value = column.template.execute(object).trim().split(' ').join(',');
      return value === '' ? '<none>' : value;
    });
    lines.push(cells.join('\t'));
  }
  return alignColumns(lines.map((line) => `${line}\n`).join(''), GET_TABLE_LAYOUT);
}

/**
 * Sorts by the value `path` finds in each item's object: numerically when both values are numbers, else as
 * strings; items where it finds nothing go first; equal ones keep their order.
 */
function sortByPath<T>(items: T[], path: string, objectOf: (item: T) => unknown): T[] {
  let expression = path.trim();
  if (expression.startsWith('{') && expression.endsWith('}')) expression = expression.slice(1, -1);
  if (!expression.startsWith('.')) expression = `.${expression}`;
  const template = new JsonPathTemplate(`{${expression}}`);
  const keyed = items.map((item) => ({ item, key: template.execute(objectOf(item)) }));
  const compare = (a: string, b: string): number => {
    const [x, y] = [Number(a), Number(b)];
    if (a !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return keyed.sort((a, b) => compare(a.key, b.key)).map((entry) => entry.item);
}
