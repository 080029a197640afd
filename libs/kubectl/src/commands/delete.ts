// kubectl delete: sends every DELETE first, prints `pod "x" deleted` for each, then (with --wait, the default)
// waits until each object is gone: a GET, and if it still exists, a watch until its DELETED event.

import type { DeleteOptions, KubeObject } from '@groundkube/api';
import { StatusError, isNotFound, type ResourceTarget } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { parseDuration } from '../cli/command-context';
import { serverErrorMessage, withListContext } from '../cli/error-report';
import { KubectlError, PrintedError, UsageError } from '../errors';
import type { ApiResource } from '../discovery/resource-mapper';
import { readManifests } from '../manifests/manifest-reader';
import { manifestTarget, resourceKindName } from './manifest-target';
import { resolveResourceArgs } from './resource-args';

export interface DeleteCommandOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  gracePeriod?: string;
  now?: boolean;
  force?: boolean;
  wait?: boolean;
  timeout?: string;
  ignoreNotFound?: boolean;
}

/** One object to delete; `source` is the manifest it was read from (with -f). */
interface DeleteTarget {
  resource: ApiResource;
  target: ResourceTarget;
  source?: string;
}

interface Deletion {
  resource: ApiResource;
  target: ResourceTarget;
  uid: string | undefined;
}

export async function runDelete(
  ctx: CommandContext,
  args: string[],
  options: DeleteCommandOptions,
): Promise<void> {
  const targets = await collectTargets(ctx, args, options);
  const body = deleteBody(ctx, options);
  const failures: string[] = [];
  const pending: Deletion[] = [];
  if (targets.length === 0) {
    ctx.io.stdout('No resources found\n');
    return;
  }
  for (const { resource, target, source } of targets) {
    try {
      const result = await ctx.client.delete<KubeObject>(target, body, { signal: ctx.io.signal });
      const verb = options.force && body.gracePeriodSeconds === 0 ? 'force deleted' : 'deleted';
      ctx.io.stdout(`${resourceKindName(resource)} "${target.name ?? ''}" ${verb}\n`);
      const uid = result.kind !== 'Status' ? (result as KubeObject).metadata?.uid : undefined;
      pending.push({ resource, target, uid });
    } catch (err) {
      if (options.ignoreNotFound && isNotFound(err)) continue;
      if (!(err instanceof StatusError)) throw err;
      // From -f, kubectl names the manifest the object came from.
      failures.push(
        serverErrorMessage(err, source === undefined ? undefined : `error when deleting "${source}"`),
      );
    }
  }
  if (options.wait !== false) {
    const timeoutMs = parseDuration(options.timeout);
    const signal =
      timeoutMs !== undefined
        ? AbortSignal.any([ctx.io.signal, AbortSignal.timeout(timeoutMs)])
        : ctx.io.signal;
    for (const deletion of pending) {
      try {
        await waitForDeletion(ctx, deletion, signal);
      } catch (err) {
        if (signal.aborted && !ctx.io.signal.aborted) {
          failures.push(
            `error: timed out waiting for the condition on ${resourcePlural(deletion.resource)}/${deletion.target.name ?? ''}`,
          );
          continue;
        }
        throw err;
      }
    }
  }
  if (failures.length > 0) throw new PrintedError(failures.join('\n'));
}

async function collectTargets(
  ctx: CommandContext,
  args: string[],
  options: DeleteCommandOptions,
): Promise<DeleteTarget[]> {
  if (options.filename && options.filename.length > 0) {
    const items = await readManifests({
      filenames: options.filename,
      recursive: options.recursive,
      readStdin: ctx.io.readStdin,
    });
    const out: DeleteTarget[] = [];
    for (const item of items) out.push({ ...(await manifestTarget(ctx, item)), source: item.source });
    return out;
  }
  if (args.length === 0) {
    throw new UsageError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const requests = await resolveResourceArgs(args, ctx.mapper);
  const out: DeleteTarget[] = [];
  for (const { resource, names } of requests) {
    const namespace = resource.namespaced && !options.allNamespaces ? ctx.namespace : undefined;
    if (names.length > 0) {
      for (const name of names) out.push({ resource, target: { resource, namespace, name } });
      continue;
    }
    if (!options.all && !options.selector && !options.fieldSelector) {
      throw new UsageError(`resource(s) were provided, but no name was specified`);
    }
    const list = await withListContext(
      resource,
      { labelSelector: options.selector, fieldSelector: options.fieldSelector },
      () =>
        ctx.client.list(
          { resource, namespace },
          {
            labelSelector: options.selector,
            fieldSelector: options.fieldSelector,
            signal: ctx.io.signal,
          },
        ),
    );
    for (const item of list.items) {
      out.push({
        resource,
        target: { resource, namespace: item.metadata.namespace, name: item.metadata.name },
      });
    }
  }
  return out;
}

function deleteBody(ctx: CommandContext, options: DeleteCommandOptions): DeleteOptions {
  const body: DeleteOptions = { propagationPolicy: 'Background' };
  let grace = options.gracePeriod !== undefined ? Number(options.gracePeriod) : -1;
  if (Number.isNaN(grace))
    throw new UsageError(`invalid argument "${options.gracePeriod}" for "--grace-period" flag`);
  if (options.now) {
    if (grace >= 0) throw new UsageError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (options.force && grace < 0) grace = 0;
  if (grace === 0 && !options.force) grace = 1;
  if (grace >= 0) body.gracePeriodSeconds = grace;
  if (options.force && grace === 0) {
    ctx.io.stderr(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  }
  return body;
}

/** Resolves once the object is gone (404, or replaced by one with another uid). */
async function waitForDeletion(ctx: CommandContext, deletion: Deletion, signal: AbortSignal): Promise<void> {
  const { target } = deletion;
  const name = target.name ?? '';
  for (;;) {
    let current: KubeObject;
    try {
      current = await ctx.client.get(target, { signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (deletion.uid !== undefined && current.metadata.uid !== deletion.uid) return;
    const stream = await ctx.client.watch(
      { resource: target.resource, namespace: target.namespace },
      {
        fieldSelector: `metadata.name=${name}`,
        resourceVersion: current.metadata.resourceVersion,
        signal,
      },
    );
    for await (const event of stream) {
      if (event.type === 'DELETED') {
        stream.close();
        return;
      }
      if (event.type === 'ERROR') break;
    }
    if (signal.aborted) throw new KubectlError('aborted');
  }
}

/** `pods`, `leases.coordination.k8s.io`: how kubectl names a resource in wait errors. */
function resourcePlural(resource: ApiResource): string {
  return resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`;
}
