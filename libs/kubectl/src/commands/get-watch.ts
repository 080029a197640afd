// kubectl get -w / --watch-only: after the list (unless --watch-only), one print per watch event, in the
// requested format: a table row (with an EVENT column under --output-watch-events), or the object alone as
// its own document (-o json/yaml/name/jsonpath/custom-columns). --output-watch-events wraps the object as
// {"type","object"} for the machine formats, and kubectl applies jsonpath and custom-columns to that
// wrapper too. The watch ends quietly on Ctrl-C, when the server ends it, or at --request-timeout.

import type { KubeObject, Table } from '@groundkube/api';
import { StatusError } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { parseDuration } from '../cli/command-context';
import { printCustomColumns } from '../printers/custom-columns';
import { objectName, printJson, printYaml, sortKeys } from '../printers/object-printer';
import { printTable, type TablePrintOptions } from '../printers/table-printer';
import { printJsonPath, type OutputFormat } from './output-format';
import type { ResourceRequest } from './resource-args';
import { TABLE_ACCEPT, asTable } from './server-table';

export interface WatchOptions {
  namespace: string | undefined;
  selector?: string | undefined;
  fieldSelector?: string | undefined;
  /** Print nothing for the objects that exist when the watch starts. */
  watchOnly: boolean;
  outputWatchEvents: boolean;
  noHeaders: boolean;
  now: () => Date;
}

type MachineFormat = Exclude<OutputFormat, { kind: 'table' }>;

/** Streams Table watch events, one row per event, after `initial` (the list just printed, if any). */
export async function watchTable(
  ctx: CommandContext,
  request: ResourceRequest,
  options: WatchOptions,
  initial: Table | undefined,
  printOptions: TablePrintOptions,
): Promise<void> {
  let columns = initial?.columnDefinitions.length ? initial.columnDefinitions : undefined;
  // kubectl's EVENT column is as wide as its longest value, MODIFIED, from the first line on.
  const rememberedWidths = [...(printOptions.rememberedWidths ?? [])];
  if (options.outputWatchEvents)
    rememberedWidths[0] = Math.max(rememberedWidths[0] ?? 0, 'MODIFIED'.length + 3);
  let headerPending = !printOptions.noHeaders;
  const print = (table: Table, type: string): void => {
    if (table.columnDefinitions.length > 0) columns = table.columnDefinitions;
    if (!columns || table.rows.length === 0) return;
    const eventType = options.outputWatchEvents ? type : undefined;
    const text = printTable(
      { ...table, columnDefinitions: columns },
      { ...printOptions, noHeaders: !headerPending, eventType, rememberedWidths },
    );
    ctx.io.stdout(text);
    headerPending = false;
  };
  if (initial && !options.watchOnly) print(initial, 'ADDED');
  await followWatch(ctx, request, options, initial?.metadata.resourceVersion, TABLE_ACCEPT, (event) =>
    print(asTable(event.object as unknown as Table, options.now()), event.type),
  );
}

/** Prints `initial` (unless --watch-only), then each watch event, in a machine format. */
export async function watchObjects(
  ctx: CommandContext,
  request: ResourceRequest,
  options: WatchOptions,
  format: MachineFormat,
  initial: { objects: KubeObject[]; resourceVersion: string | undefined },
): Promise<void> {
  const state: PrintState = { printed: 0, options, rememberedWidths: [] };
  // kubectl writes the whole initial list through one tab writer before flushing it, so custom columns are
  // aligned over all of its rows; each event after it is flushed on its own (keeping the widths seen so far).
  const print = (objects: KubeObject[], type: string): void => {
    const entries = objects.map((object) => ({
      object,
      value: options.outputWatchEvents ? { type, object: sortKeys(object) } : object,
    }));
    ctx.io.stdout(formatBatch(format, entries, state));
    state.printed += entries.length;
  };
  if (!options.watchOnly && initial.objects.length > 0) print(initial.objects, 'ADDED');
  await followWatch(ctx, request, options, initial.resourceVersion, undefined, (event) =>
    print([event.object], event.type),
  );
}

interface PrintState {
  /** How many objects were printed before this batch (the header and YAML separators depend on it). */
  printed: number;
  options: WatchOptions;
  rememberedWidths: number[];
}

/**
 * One print of `entries` (the initial list, or one event): `value` is what is formatted, `object` its object.
 */
function formatBatch(
  format: MachineFormat,
  entries: { value: unknown; object: KubeObject }[],
  state: PrintState,
): string {
  if (format.kind === 'custom-columns') {
    return printCustomColumns(
      entries.map((entry) => entry.value),
      format.columns,
      {
        noHeaders: (state.options.noHeaders && !format.headersAlways) || state.printed > 0,
        rememberedWidths: state.rememberedWidths,
      },
    );
  }
  return entries
    .map((entry, index) =>
      formatOne(format, entry.value, entry.object, state.printed + index === 0, state.options),
    )
    .join('');
}

function formatOne(
  format: Exclude<MachineFormat, { kind: 'custom-columns' }>,
  value: unknown,
  object: KubeObject,
  first: boolean,
  options: WatchOptions,
): string {
  switch (format.kind) {
    case 'name':
      return `${objectName(object)}\n`;
    case 'json':
      // An event is one compact line with `type` before `object`, as Go encodes metav1.WatchEvent.
      return options.outputWatchEvents
        ? printJson(value, { keepOrder: true, compact: true })
        : printJson(value);
    case 'yaml':
      return `${first ? '' : '---\n'}${printYaml(value)}`;
    case 'jsonpath':
      return printJsonPath(format, value);
  }
}

/** Opens the watch and hands each ADDED/MODIFIED/DELETED event to `onEvent`; a watch ERROR is thrown. */
async function followWatch(
  ctx: CommandContext,
  request: ResourceRequest,
  options: WatchOptions,
  resourceVersion: string | undefined,
  accept: string | undefined,
  onEvent: (event: { type: string; object: KubeObject }) => void,
): Promise<void> {
  const name = request.names[0];
  const fieldSelector = [options.fieldSelector, name !== undefined ? `metadata.name=${name}` : undefined]
    .filter((part) => part)
    .join(',');
  // --request-timeout bounds the whole watch; reaching it is a normal end (exit 0), as in kubectl.
  const timeoutMs = parseDuration(ctx.flags.requestTimeout);
  const signal =
    timeoutMs !== undefined && !Number.isNaN(timeoutMs)
      ? AbortSignal.any([ctx.io.signal, AbortSignal.timeout(timeoutMs)])
      : ctx.io.signal;
  const stream = await ctx.client.watch(
    { resource: request.resource, namespace: options.namespace },
    {
      labelSelector: options.selector,
      fieldSelector: fieldSelector || undefined,
      resourceVersion: resourceVersion || undefined,
      ...(accept === undefined ? {} : { accept }),
      signal,
    },
  );
  for await (const event of stream) {
    if (event.type === 'BOOKMARK') continue;
    if (event.type === 'ERROR') throw new StatusError(event.object);
    onEvent(event);
  }
}
