// kubectl wait --for=condition=NAME[=VALUE] | --for=delete: checks each object now, then follows a watch of it
// until the condition holds, it is deleted, or --timeout passes.

import type { KubeObject } from '@groundkube/api';
import { isNotFound, type ResourceTarget } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { parseDuration } from '../cli/command-context';
import { KubectlError, PrintedError, UsageError } from '../errors';
import { resourceKindName } from './manifest-target';
import { resolveResourceArgs } from './resource-args';

export interface WaitOptions {
  for: string;
  timeout: string;
  selector?: string | undefined;
  all?: boolean;
}

type Goal = { kind: 'delete' } | { kind: 'condition'; type: string; value: string };

export function parseWaitFor(text: string): Goal {
  if (text === 'delete') return { kind: 'delete' };
  const match = /^condition=([^=]+)(?:=(.*))?$/.exec(text);
  if (!match) throw new UsageError(`unrecognized condition: "${text}"`);
  return { kind: 'condition', type: match[1] ?? '', value: match[2] ?? 'true' };
}

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
    if (names.length === 0) {
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
      try {
        const outcome = await waitFor(ctx, { resource, namespace, name }, goal, signal, timeoutMs === 0);
        // An object already gone when --for=delete starts is success without a word, as in kubectl.
        if (outcome === 'met') ctx.io.stdout(`${label} condition met\n`);
        else if (outcome === 'not-met')
          failures.push(`error: timed out waiting for the condition on ${resource.resource}/${name}`);
      } catch (err) {
        if (deadline.aborted && !ctx.io.signal.aborted) {
          failures.push(`error: timed out waiting for the condition on ${resource.resource}/${name}`);
        } else throw err;
      }
    }
  }
  if (failures.length > 0) throw new PrintedError(failures.join('\n'));
}

/**
 * `met` when the goal was reached, `already-gone` when --for=delete found nothing to wait for, `not-met` when
 * it was not reached and `checkOnce` (timeout 0) forbids waiting.
 */
async function waitFor(
  ctx: CommandContext,
  target: ResourceTarget,
  goal: Goal,
  signal: AbortSignal,
  checkOnce: boolean,
): Promise<'met' | 'already-gone' | 'not-met'> {
  let current: KubeObject;
  try {
    current = await ctx.client.get(target, { signal });
  } catch (err) {
    if (goal.kind === 'delete' && isNotFound(err)) return 'already-gone';
    throw err;
  }
  const uid = current.metadata.uid;
  if (goal.kind === 'condition' && conditionMet(current, goal)) return 'met';
  if (checkOnce) return 'not-met';
  let resourceVersion = current.metadata.resourceVersion;
  for (;;) {
    const stream = await ctx.client.watch(
      { resource: target.resource, namespace: target.namespace },
      { fieldSelector: `metadata.name=${target.name ?? ''}`, resourceVersion, signal },
    );
    for await (const event of stream) {
      if (event.type === 'ERROR') {
        resourceVersion = undefined;
        break;
      }
      const object = event.object;
      resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
      if (event.type === 'DELETED' && goal.kind === 'delete' && object.metadata.uid === uid) return 'met';
      if (event.type !== 'DELETED' && goal.kind === 'condition' && conditionMet(object, goal)) return 'met';
    }
    if (signal.aborted) throw signal.reason;
  }
}

function conditionMet(object: KubeObject, goal: Extract<Goal, { kind: 'condition' }>): boolean {
  const status = (
    object as {
      status?: {
        conditions?: { type: string; status: string; observedGeneration?: number }[];
        observedGeneration?: number;
      };
    }
  ).status;
  const condition = status?.conditions?.find((entry) => entry.type.toLowerCase() === goal.type.toLowerCase());
  if (!condition || condition.status.toLowerCase() !== goal.value.toLowerCase()) return false;
  const generation = object.metadata.generation;
  const observed = condition.observedGeneration ?? status?.observedGeneration;
  return generation === undefined || observed === undefined || observed >= generation;
}
