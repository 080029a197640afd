// kubectl label / annotate: `KEY=VALUE` sets, `KEY-` removes; an existing key needs --overwrite. Sends a JSON
// merge patch of metadata.labels (or annotations) only.

import type { KubeObject } from '@groundkube/api';

import type { CommandContext } from '../cli/command-context';
import { getInNamespace } from '../cli/missing-namespace';
import { KubectlError, UsageError } from '../errors';
import { typedName } from './manifest-target';
import { resolveResourceArgs } from './resource-args';

export interface LabelOptions {
  overwrite?: boolean;
  selector?: string;
  all?: boolean;
}

type Field = 'labels' | 'annotations';

export function runLabel(ctx: CommandContext, args: string[], options: LabelOptions): Promise<void> {
  return updateMetadataMap(ctx, args, options, 'labels');
}

export function runAnnotate(ctx: CommandContext, args: string[], options: LabelOptions): Promise<void> {
  return updateMetadataMap(ctx, args, options, 'annotations');
}

/** Splits `TYPE NAME k=v k2-` into resource args, additions and removals. Exported for tests. */
export function parseKeyValueArgs(args: string[]): {
  resources: string[];
  set: Record<string, string>;
  remove: string[];
} {
  const first = args.findIndex((arg) => arg.includes('=') || (arg.endsWith('-') && !arg.includes('/')));
  const resources = first < 0 ? args : args.slice(0, first);
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const arg of first < 0 ? [] : args.slice(first)) {
    const eq = arg.indexOf('=');
    if (eq > 0) set[arg.slice(0, eq)] = arg.slice(eq + 1);
    else if (arg.endsWith('-') && arg.length > 1) remove.push(arg.slice(0, -1));
    else throw new UsageError(`invalid label spec: ${arg}`);
  }
  return { resources, set, remove };
}

async function updateMetadataMap(
  ctx: CommandContext,
  args: string[],
  options: LabelOptions,
  field: Field,
): Promise<void> {
  const { resources, set, remove } = parseKeyValueArgs(args);
  const noun = field === 'labels' ? 'label' : 'annotation';
  if (resources.length === 0) {
    throw new UsageError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  }
  if (Object.keys(set).length === 0 && remove.length === 0) {
    throw new UsageError(`at least one ${noun} update is required`);
  }
  for (const key of remove) {
    if (key in set) throw new UsageError(`can not both modify and remove ${field} in the same command`);
  }
  const requests = await resolveResourceArgs(resources, ctx.mapper);
  for (const { resource, names } of requests) {
    const namespace = resource.namespaced ? ctx.namespace : undefined;
    let objects: KubeObject[];
    if (names.length > 0) {
      objects = [];
      for (const name of names)
        objects.push(
          await getInNamespace(ctx, namespace, () =>
            ctx.client.get({ resource, namespace, name }, { signal: ctx.io.signal }),
          ),
        );
    } else if (options.all || options.selector) {
      objects = (
        await ctx.client.list(
          { resource, namespace },
          { labelSelector: options.selector, signal: ctx.io.signal },
        )
      ).items;
    } else {
      throw new UsageError('resource(s) were provided, but no name was specified');
    }
    for (const object of objects) {
      const existing = object.metadata[field] ?? {};
      const patchMap: Record<string, string | null> = {};
      // Without --overwrite, only a different value is refused; setting the same value again is fine.
      const clashes = Object.entries(set)
        .filter(([key, value]) => key in existing && existing[key] !== value)
        .map(([key]) => `'${key}' already has a value (${existing[key] ?? ''})`);
      if (clashes.length > 0 && !options.overwrite) {
        throw new KubectlError(
          field === 'labels'
            ? aggregate(clashes.map((clash) => `${clash}, and --overwrite is false`))
            : `--overwrite is false but found the following declared annotation(s): ${clashes.join('; ')}`,
        );
      }
      for (const [key, value] of Object.entries(set)) if (existing[key] !== value) patchMap[key] = value;
      // Removing a missing label is reported and left out; a missing annotation is removed anyway (as kubectl does).
      for (const key of remove) {
        if (key in existing || field === 'annotations') patchMap[key] = null;
        else ctx.io.stdout(`label "${key}" not found.\n`);
      }
      const name = object.metadata.name ?? '';
      if (Object.keys(patchMap).length === 0) {
        ctx.io.stdout(`${typedName(resource, name)} not ${field === 'labels' ? 'labeled' : 'annotated'}\n`);
        continue;
      }
      await ctx.client.patch(
        { resource, namespace: object.metadata.namespace ?? namespace, name },
        { metadata: { [field]: patchMap } },
        {
          contentType: 'application/merge-patch+json',
          fieldManager: `kubectl-${noun === 'label' ? 'label' : 'annotate'}`,
          signal: ctx.io.signal,
        },
      );
      const onlyRemovals = Object.keys(set).length === 0;
      const verb = field === 'labels' ? (onlyRemovals ? 'unlabeled' : 'labeled') : 'annotated';
      ctx.io.stdout(`${typedName(resource, name)} ${verb}\n`);
    }
  }
}

/** Several errors as Kubernetes' error aggregate prints them: one alone, or `[a, b]`. */
function aggregate(messages: string[]): string {
  return messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]`;
}
