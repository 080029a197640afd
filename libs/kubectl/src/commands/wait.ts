// kubectl wait --for=delete | condition=… | jsonpath=…: checks each object in turn, then follows a watch of
// it until the goal holds, it is deleted, or --timeout passes.
//
// Which objects get a `condition met` line follows kubectl's resource builder. Named objects are fetched when
// their turn comes, so one already gone by then is skipped without a word under --for=delete. With --all or
// -l the list is taken first, and an object gone by its turn has been deleted: that is `condition met`.

import type { KubeObject } from '@groundkube/api';
import { isNotFound, type ResourceTarget } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { parseDuration } from '../cli/command-context';
import { KubectlError, PrintedError, UsageError } from '../errors';
import { resourceKindName } from './manifest-target';
import { resolveResourceArgs } from './resource-args';
import { goalMet, parseWaitFor, type WaitGoal } from './wait-condition';

export interface WaitOptions {
  for: string;
  timeout: string;
  selector?: string | undefined;
  all?: boolean;
}

type Outcome = 'met' | 'skipped' | 'not-met';

export async function runWait(ctx: CommandContext, args: string[], options: WaitOptions): Promise<void> {
  const goal = parseWaitFor(options.for);
  const timeoutMs = parseDuration(options.timeout) ?? 0;
  if (Number.isNaN(timeoutMs))
    throw new UsageError(`invalid argument "${options.timeout}" for "--timeout" flag`);
  const requests = await resolveResourceArgs(args, ctx.mapper);
  const deadline = AbortSignal.timeout(Math.max(timeoutMs, 1));
  const signal = AbortSignal.any([ctx.io.signal, deadline]);
  const failures: string[] = [];
  for (const { resource, names } of requests) {
    const namespace = resource.namespaced ? ctx.namespace : undefined;
    let targetNames = names;
    const listed = names.length === 0;
    if (listed) {
      if (!options.all && !options.selector)
        throw new UsageError('resource(s) were provided, but no name was specified');
      const list = await ctx.client.list(
        { resource, namespace },
        { labelSelector: options.selector, signal },
      );
      targetNames = list.items.map((item) => item.metadata.name ?? '');
      if (targetNames.length === 0) throw new KubectlError('no matching resources found');
    }
    for (const name of targetNames) {
      const label = `${resourceKindName(resource)}/${name}`;
      const timedOut = `error: timed out waiting for the condition on ${resource.resource}/${name}`;
      try {
        const target = { resource, namespace, name };
        const outcome = await waitFor(ctx, target, goal, { signal, checkOnce: timeoutMs === 0, listed });
        if (outcome === 'met') ctx.io.stdout(`${label} condition met\n`);
        else if (outcome === 'not-met') failures.push(timedOut);
      } catch (err) {
        if (!deadline.aborted || ctx.io.signal.aborted) throw err;
        failures.push(timedOut);
      }
    }
  }
  if (failures.length > 0) throw new PrintedError(failures.join('\n'));
}

interface WaitForOptions {
  signal: AbortSignal;
  /** --timeout=0: look once, do not watch. */
  checkOnce: boolean;
  /** The object came from a list (--all, -l) rather than by name. */
  listed: boolean;
}

/**
 * Each round reads the object afresh, then watches from its resourceVersion; a watch that ends or reports an
 * error (e.g. its resourceVersion expired) starts the next round, so a deletion in between is not missed.
 */
async function waitFor(
  ctx: CommandContext,
  target: ResourceTarget,
  goal: WaitGoal,
  { signal, checkOnce, listed }: WaitForOptions,
): Promise<Outcome> {
  let uid: string | undefined;
  for (let round = 0; ; round++) {
    let current: KubeObject;
    try {
      current = await ctx.client.get(target, { signal });
    } catch (err) {
      if (goal.kind !== 'delete' || !isNotFound(err)) throw err;
      return round === 0 && !listed ? 'skipped' : 'met';
    }
    if (goal.kind === 'delete') {
      if (uid !== undefined && current.metadata.uid !== uid) return 'met';
      uid = current.metadata.uid;
    } else if (goalMet(current, goal)) return 'met';
    if (checkOnce) return 'not-met';

    const stream = await ctx.client.watch(
      { resource: target.resource, namespace: target.namespace },
      {
        fieldSelector: `metadata.name=${target.name ?? ''}`,
        resourceVersion: current.metadata.resourceVersion,
        signal,
      },
    );
    try {
      for await (const event of stream) {
        if (event.type === 'ERROR') break;
        if (event.type === 'BOOKMARK') continue;
        if (goal.kind === 'delete') {
          if (event.type === 'DELETED' && event.object.metadata.uid === uid) return 'met';
        } else if (event.type !== 'DELETED' && goalMet(event.object, goal)) return 'met';
      }
    } finally {
      stream.close();
    }
    if (signal.aborted) throw signal.reason;
  }
}
