// Serves every resource path: checks the verb against the catalogue, finds the registry, and hands
// the request to the verb's handler. pods/log goes to the kubelet proxy instead of a registry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@groundkube/logging';
import type { Verb } from '../discovery';
import { proxyPodLog, type PodLogProxyOptions } from '../podlogs/pod-log-proxy';
import { ApiError, methodNotAllowed } from '../registry/api-errors';
import type { RequestContext, ResourceRegistry } from '../registry/rest';
import { handleDelete, handleDeleteCollection } from './handlers/delete-handlers';
import type { HandlerContext } from './handlers/handler-context';
import { handlePatch } from './handlers/patch-handler';
import { handleGet, handleList } from './handlers/read-handlers';
import { handleWatch } from './handlers/watch-handler';
import { handleCreate, handleUpdate } from './handlers/write-handlers';
import type { RequestVerb, ResourceRequestInfo } from './request-info';

/** The registry serving (group, resource, subresource); undefined when none does. */
export type RegistryLookup = (
  group: string,
  resource: string,
  subresource?: string,
) => ResourceRegistry | undefined;

export interface ResourceEndpointDeps {
  readonly registries: RegistryLookup;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Port of kubelets whose node does not say (status.daemonEndpoints). */
  readonly kubeletPort: number;
  /** Aborted when the server shuts down; watches and log streams end on it. */
  readonly shutdown: AbortSignal;
}

export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** pods/* subresources that stream over an upgraded connection, and how messages name what they do. */
const STREAMING_SUBRESOURCES: Readonly<Record<string, string>> = {
  exec: 'exec into',
  attach: 'attach to',
  portforward: 'port forwarding to',
};

const HANDLERS: Readonly<Record<RequestVerb, (h: HandlerContext) => Promise<void>>> = {
  get: handleGet,
  list: handleList,
  watch: handleWatch,
  create: handleCreate,
  update: handleUpdate,
  patch: handlePatch,
  delete: handleDelete,
  deletecollection: handleDeleteCollection,
};

function allowedVerbs(info: ResourceRequestInfo): readonly Verb[] {
  if (info.subresource === '') return info.definition.verbs;
  return info.definition.subresources.find((s) => s.subresource === info.subresource)?.verbs ?? [];
}

/**
 * Rejects requests whose shape the REST layout does not serve: named verbs without a name, a
 * namespaced object without its namespace, create on a name, verbs the resource lacks (405).
 */
function checkShape(info: ResourceRequestInfo): void {
  const namespacedObject = info.definition.namespaced && info.namespace === '';
  if (info.subresource !== '' && info.name === '') throw pathNotFound();
  if (namespacedObject && info.name !== '') throw pathNotFound();
  if (namespacedObject && (info.verb === 'create' || info.verb === 'deletecollection')) {
    throw methodNotAllowed('the server does not allow this method on the requested resource');
  }
  if (info.verb === 'create' && info.name !== '' && info.subresource === '') {
    throw methodNotAllowed('the server does not allow this method on the requested resource');
  }
  if ((info.verb === 'update' || info.verb === 'patch') && info.name === '') {
    throw methodNotAllowed('the server does not allow this method on the requested resource');
  }
  const allowed = allowedVerbs(info);
  const verb: Verb = info.verb;
  if (!allowed.includes(verb)) {
    throw methodNotAllowed(
      info.definition.refusal ?? 'the server does not allow this method on the requested resource',
    );
  }
}

export async function serveResource(
  info: ResourceRequestInfo,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ResourceEndpointDeps,
): Promise<void> {
  checkShape(info);
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  const ctx: RequestContext = {
    namespace: info.namespace,
    name: info.name === '' ? undefined : info.name,
    signal: controller.signal,
  };

  if (info.resource === 'pods' && info.group === '' && info.subresource === 'log') {
    const streaming = { ...ctx, signal: AbortSignal.any([ctx.signal, deps.shutdown]) };
    return proxyPodLog(streaming, info.name, url.searchParams, res, podLogOptions(deps));
  }
  const streaming = STREAMING_SUBRESOURCES[info.subresource];
  if (info.resource === 'pods' && info.group === '' && streaming !== undefined) {
    // These need a streaming upgrade (websocket v5.channel.k8s.io / portforward.k8s.io, or SPDY) carried
    // through to the kubelet; none is served yet, so kubectl gets a plain answer rather than a failed
    // upgrade.
    // TODO(#3): proxy exec, attach and port-forward streams to the kubelet.
    throw methodNotAllowed(`${streaming} pods is not served by this API server yet (pods "${info.name}")`);
  }

  const registry = deps.registries(info.group, info.resource, info.subresource || undefined);
  if (registry === undefined) throw pathNotFound();
  const handler: HandlerContext = {
    info,
    registry,
    req,
    res,
    query: url.searchParams,
    path: url.pathname,
    ctx,
    now: deps.now,
    logger: deps.logger,
    shutdown: deps.shutdown,
  };
  await HANDLERS[info.verb](handler);
}

function podLogOptions(deps: ResourceEndpointDeps): PodLogProxyOptions {
  const pods = deps.registries('', 'pods');
  const nodes = deps.registries('', 'nodes');
  if (pods === undefined || nodes === undefined) throw pathNotFound();
  return { pods, nodes, defaultKubeletPort: deps.kubeletPort, logger: deps.logger };
}
