// kubectl get: lists or fetches objects and prints them as the server's Tables or in a machine format.

import type { KubeList, KubeObject, Table } from '@groundkube/api';
import { StatusError, resourcePath as resourcePathOf } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { serverErrorMessage, withListContext } from '../cli/error-report';
import { getInNamespace } from '../cli/missing-namespace';
import { PrintedError } from '../errors';
import { apiVersionOf, type ApiResource } from '../discovery/resource-mapper';
import { asList, objectName, printJson, printYaml } from '../printers/object-printer';
import { JsonPathTemplate } from '../printers/jsonpath';
import { printTable, type TablePrintOptions } from '../printers/table-printer';
import { parseOutputFormat, printJsonPath, type OutputFormat } from './output-format';
import { resolveResourceArgs, type ResourceRequest } from './resource-args';
import { watchObjects, watchTable, type WatchOptions } from './get-watch';
import { TABLE_ACCEPT, asTable } from './server-table';
import { printCustomColumns } from '../printers/custom-columns';

export { TABLE_ACCEPT } from './server-table';

export interface GetOptions {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  /** `--watch-only`: watch without printing the objects that exist first. */
  watchOnly?: boolean;
  /** `--output-watch-events`: print each event's type too. */
  outputWatchEvents?: boolean;
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
  for (const [index, request] of requests.entries()) {
    const table = await fetchTable(ctx, request, options, errors);
    const printOptions: TablePrintOptions = {
      wide,
      withNamespace: options.allNamespaces === true && request.resource.namespaced,
      showLabels: options.showLabels === true,
      labelColumns: options.labelColumns ?? [],
      noHeaders: options.noHeaders === true,
      kindPrefix: requests.length > 1 ? kindPrefix(request.resource) : undefined,
      rememberedWidths: [],
    };
    if (watching(options) && index === 0 && errors.length === 0) {
      if (table && options.sortBy) table.rows = sortByPath(table.rows, options.sortBy, (row) => row.object);
      await watchTable(ctx, request, watchOptions(ctx, request, options), table, printOptions);
      return;
    }
    if (!table || table.rows.length === 0) continue;
    if (options.sortBy) table.rows = sortByPath(table.rows, options.sortBy, (row) => row.object);
    if (printedAny) ctx.io.stdout('\n');
    ctx.io.stdout(printTable(table, printOptions));
    printedAny = true;
  }
  if (!printedAny && errors.length === 0) {
    const namespaced = requests.some((request) => request.resource.namespaced) && !options.allNamespaces;
    ctx.io.stderr(
      namespaced ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n',
    );
  }
}

function watching(options: GetOptions): boolean {
  return options.watch === true || options.watchOnly === true;
}

function watchOptions(ctx: CommandContext, request: ResourceRequest, options: GetOptions): WatchOptions {
  return {
    namespace: namespaceFor(ctx, request.resource, options),
    selector: options.selector,
    fieldSelector: options.fieldSelector,
    watchOnly: options.watchOnly === true,
    outputWatchEvents: options.outputWatchEvents === true,
    noHeaders: options.noHeaders === true,
    now: options.now ?? (() => new Date()),
  };
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
    return asTable(result, (options.now ?? (() => new Date()))());
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
      const table = asTable(result, (options.now ?? (() => new Date()))());
      if (!merged) merged = table;
      else merged.rows.push(...table.rows);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      errors.push(serverErrorMessage(err));
    }
  }
  return merged;
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
  // Where a watch starts: the list's resourceVersion, or the object's.
  let resourceVersion: string | undefined;
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
      resourceVersion ??= list.metadata?.resourceVersion;
      continue;
    }
    for (const name of request.names) {
      try {
        const object = await getInNamespace(ctx, target.namespace, () =>
          ctx.client.get({ ...target, name }, { signal: ctx.io.signal }),
        );
        objects.push(fill(object));
        resourceVersion ??= object.metadata.resourceVersion;
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        errors.push(serverErrorMessage(err));
      }
    }
  }
  if (single && objects.length === 0) return;
  if (options.sortBy)
    objects.splice(0, objects.length, ...sortByPath(objects, options.sortBy, (object) => object));
  const first = requests[0];
  if (watching(options) && first && errors.length === 0) {
    await watchObjects(ctx, first, watchOptions(ctx, first, options), format, { objects, resourceVersion });
    return;
  }
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
      ctx.io.stdout(printJsonPath(format, value));
      break;
    case 'custom-columns':
      ctx.io.stdout(
        printCustomColumns(objects, format.columns, {
          noHeaders: options.noHeaders === true && !format.headersAlways,
        }),
      );
      break;
  }
}

function kindPrefix(resource: ApiResource): string {
  const kind = resource.kind.toLowerCase();
  return resource.group === '' ? kind : `${kind}.${resource.group}`;
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
