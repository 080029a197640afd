// kubectl describe: pods, nodes, namespaces and services get kubectl's layouts; other kinds a generic dump of
// their
// fields.

import type { Lease, Namespace, Node, Pod, Service } from '@groundkube/api';
import { LEASES, PODS, StatusError } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { serverErrorMessage, withListContext } from '../cli/error-report';
import { getInNamespace } from '../cli/missing-namespace';
import { PrintedError } from '../errors';
import { describeNode, type LeaseInfo } from '../describe/node-describer';
import { describePod } from '../describe/pod-describer';
import { describeNamespace } from '../describe/namespace-describer';
import { describeService } from '../describe/service-describer';
import { fetchEndpointSlices } from '../describe/endpoint-slices';
import { fetchEvents } from '../describe/event-section';
import { printYaml } from '../printers/object-printer';
import { resolveResourceArgs } from './resource-args';
import type { ApiResource } from '../discovery/resource-mapper';

export interface DescribeOptions {
  selector?: string | undefined;
  showEvents?: boolean;
  now?: () => Date;
}

export async function runDescribe(
  ctx: CommandContext,
  args: string[],
  options: DescribeOptions,
): Promise<void> {
  const requests = await resolveResourceArgs(args, ctx.mapper, 'describe');
  const failures: string[] = [];
  const outputs: string[] = [];
  for (const { resource, names } of requests) {
    const namespace = resource.namespaced ? ctx.namespace : undefined;
    let targetNames = names;
    if (names.length === 0) {
      const list = await withListContext(
        resource,
        { labelSelector: options.selector, fieldSelector: undefined },
        () =>
          ctx.client.list(
            { resource, namespace },
            { labelSelector: options.selector, signal: ctx.io.signal },
          ),
      );
      targetNames = list.items.map((item) => item.metadata.name ?? '');
    }
    for (const name of targetNames) {
      try {
        outputs.push(await describeOne(ctx, resource, namespace, name, options));
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        failures.push(serverErrorMessage(err));
      }
    }
  }
  ctx.io.stdout(outputs.join('\n\n'));
  if (failures.length > 0) throw new PrintedError(failures.join('\n'));
}

async function describeOne(
  ctx: CommandContext,
  resource: ApiResource,
  namespace: string | undefined,
  name: string,
  options: DescribeOptions,
): Promise<string> {
  const now = (options.now ?? (() => new Date()))();
  const object = await getInNamespace(ctx, namespace, () =>
    ctx.client.get({ resource, namespace, name }, { signal: ctx.io.signal }),
  );
  const showEvents = options.showEvents !== false;
  if (resource.group === '' && resource.resource === 'pods') {
    const pod = object as Pod;
    const events = showEvents
      ? await fetchEvents(ctx, { name, namespace: namespace ?? '', uid: pod.metadata.uid ?? '' })
      : undefined;
    return describePod(pod, events, now);
  }
  if (resource.group === '' && resource.resource === 'nodes') {
    const node = object as Node;
    const pods = await ctx.client.list<Pod>(
      { resource: PODS },
      {
        fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
        limit: 500,
        signal: ctx.io.signal,
      },
    );
    let events;
    if (showEvents) {
      events = await fetchEvents(ctx, { name, namespace: '', uid: node.metadata.uid ?? '', kind: 'Node' });
      // The kubelet records node events with the node's name as uid.
      if (events.length === 0)
        events = await fetchEvents(ctx, { name, namespace: '', uid: name, kind: 'Node' });
    }
    return describeNode(node, pods.items, await fetchLease(ctx, name), events, now);
  }
  if (resource.group === '' && resource.resource === 'namespaces')
    return describeNamespace(object as Namespace);
  if (resource.group === '' && resource.resource === 'services') {
    const service = object as Service;
    const slices = await fetchEndpointSlices(ctx, namespace ?? '', name);
    const events = showEvents
      ? await fetchEvents(ctx, {
          name,
          namespace: namespace ?? '',
          uid: service.metadata.uid ?? '',
          kind: 'Service',
        })
      : undefined;
    return describeService(service, slices, events, now);
  }
  // TODO(#5): kind-specific layouts beyond pods, nodes, namespaces and services; a YAML dump keeps every
  // field visible meanwhile.
  return `Name:         ${name}\n${printYaml(object)}`;
}

async function fetchLease(ctx: CommandContext, name: string): Promise<LeaseInfo> {
  try {
    const lease = await ctx.client.get<Lease>(
      { resource: LEASES, namespace: 'kube-node-lease', name },
      { signal: ctx.io.signal },
    );
    return {
      found: true,
      holderIdentity: lease.spec?.holderIdentity,
      acquireTime: lease.spec?.acquireTime,
      renewTime: lease.spec?.renewTime,
    };
  } catch (err) {
    if (err instanceof StatusError) {
      // kubectl prints the server's own message (the real server says `leases.coordination.k8s.io "x" not found`).
      return { found: false, error: err.status.message ?? err.message };
    }
    throw err;
  }
}
