// kubectl logs: picks the container (the only one, the default-container annotation, or the first, with a
// note on stderr), then streams pods/NAME/log to stdout.

import type { Pod } from '@groundkube/api';
import { PODS, StatusError, isNotFound } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { parseDuration } from '../cli/command-context';
import { namespaceNotFoundInstead } from '../cli/missing-namespace';
import { KubectlError, UsageError } from '../errors';

export interface LogsOptions {
  container?: string | undefined;
  follow?: boolean;
  tail?: string;
  since?: string | undefined;
  previous?: boolean;
  timestamps?: boolean;
  limitBytes?: string | undefined;
}

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export async function runLogs(ctx: CommandContext, podArg: string, options: LogsOptions): Promise<void> {
  const slash = podArg.indexOf('/');
  if (slash >= 0) {
    const type = podArg.slice(0, slash);
    if (!['pod', 'pods', 'po'].includes(type.toLowerCase())) {
      throw new UsageError(`cannot get the logs from ${type}: groundkube kubectl reads logs of pods only`);
    }
  }
  const name = slash >= 0 ? podArg.slice(slash + 1) : podArg;
  const target = { resource: PODS, namespace: ctx.namespace, name };
  let pod: Pod;
  try {
    pod = await ctx.client.get<Pod>(target, { signal: ctx.io.signal });
  } catch (err) {
    // kubectl words a missing pod differently here than in other commands; when the namespace is missing
    // too, its NotFound takes the pod's place in the same frame.
    if (!isNotFound(err)) throw err;
    const reported = await namespaceNotFoundInstead(ctx, err, ctx.namespace);
    const message = reported instanceof StatusError ? reported.message : `pods "${name}" not found`;
    throw new KubectlError(`error from server (NotFound): ${message} in namespace "${ctx.namespace}"`, {
      cause: reported,
    });
  }
  const container = options.container ?? defaultContainer(ctx, pod);
  const known = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
    ...((pod.spec as { ephemeralContainers?: { name: string }[] } | undefined)?.ephemeralContainers ?? []),
  ];
  if (container !== undefined && !known.some((entry) => entry.name === container)) {
    throw new KubectlError(`container ${container} is not valid for pod ${name}`);
  }

  const query: Record<string, string | undefined> = { container };
  if (options.follow) query['follow'] = 'true';
  if (options.previous) query['previous'] = 'true';
  if (options.timestamps) query['timestamps'] = 'true';
  if (options.tail !== undefined && options.tail !== '-1') query['tailLines'] = options.tail;
  if (options.limitBytes !== undefined) query['limitBytes'] = options.limitBytes;
  if (options.since !== undefined) {
    const ms = parseDuration(options.since);
    if (ms === undefined || Number.isNaN(ms))
      throw new UsageError(`invalid argument "${options.since}" for "--since" flag`);
    query['sinceSeconds'] = String(Math.max(1, Math.ceil(ms / 1000)));
  }
  const response = await ctx.client.stream({
    path: `/api/v1/namespaces/${encodeURIComponent(ctx.namespace)}/pods/${encodeURIComponent(name)}/log`,
    query,
    signal: ctx.io.signal,
  });
  try {
    for await (const chunk of response.body) ctx.io.stdout((chunk as Buffer).toString('utf8'));
  } catch (err) {
    if (!ctx.io.signal.aborted) throw err;
  }
}

function defaultContainer(ctx: CommandContext, pod: Pod): string | undefined {
  const containers = pod.spec?.containers ?? [];
  if (containers.length <= 1) return containers[0]?.name;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated && containers.some((container) => container.name === annotated)) return annotated;
  const first = containers[0]?.name ?? '';
  const all = [
    ...containers.map((container) => container.name),
    ...(pod.spec?.initContainers ?? []).map((container) => `${container.name} (init)`),
  ];
  ctx.io.stderr(`Defaulted container "${first}" out of: ${all.join(', ')}\n`);
  return first;
}
