// GET pods/{name}/log: finds the pod's node and container, then streams the kubelet's
// /containerLogs/{ns}/{pod}/{container} to the client, flushed as it arrives (kubectl logs -f).
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { KubeObject, Node, Pod } from '@groundkube/api';
import type { Logger } from '@groundkube/logging';
import { ApiError, badRequest, internalError } from '../registry/api-errors';
import type { RequestContext, ResourceRegistry } from '../registry/rest';

export interface PodLogProxyOptions {
  readonly pods: ResourceRegistry;
  readonly nodes: ResourceRegistry;
  /** Used when the node does not report status.daemonEndpoints.kubeletEndpoint.Port. */
  readonly defaultKubeletPort: number;
  readonly logger: Logger;
}

/** Query parameters forwarded to the kubelet, with the checks Kubernetes makes on PodLogOptions. */
const INTEGER_PARAMS: Readonly<Record<string, number>> = { tailLines: 0, limitBytes: 1, sinceSeconds: 1 };
const BOOLEAN_PARAMS = ['follow', 'previous', 'timestamps'];

function containerNames(containers: readonly { name: string }[] | undefined): string[] {
  return (containers ?? []).map((c) => c.name);
}

/** The container to read: the one named, or the only one; Kubernetes' messages otherwise. */
export function chooseContainer(pod: Pod, requested: string | null): string {
  const name = pod.metadata.name ?? '';
  const main = containerNames(pod.spec?.containers);
  const init = containerNames(pod.spec?.initContainers);
  if (requested !== null && requested !== '') {
    if (main.includes(requested) || init.includes(requested)) return requested;
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  if (main.length === 1) return main[0]!;
  if (main.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  let message = `a container name must be specified for pod ${name}, choose one of: [${main.join(' ')}]`;
  if (init.length > 0) message += ` or one of the init containers: [${init.join(' ')}]`;
  throw badRequest(message);
}

/** The kubelet query string: validated copies of the log options the client gave. */
export function kubeletLogQuery(query: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [param, min] of Object.entries(INTEGER_PARAMS)) {
    const value = query.get(param);
    if (value === null || value === '') continue;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) {
      throw badRequest(`${param}: Invalid value: ${value}: must be greater than or equal to ${min}`);
    }
    out.set(param, String(n));
  }
  for (const param of BOOLEAN_PARAMS) {
    const value = query.get(param);
    if (value === 'true' || value === '1') out.set(param, 'true');
  }
  const sinceTime = query.get('sinceTime');
  if (sinceTime !== null && sinceTime !== '') {
    if (out.has('sinceSeconds'))
      throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
    if (Number.isNaN(Date.parse(sinceTime))) throw badRequest(`sinceTime: Invalid value: ${sinceTime}`);
    out.set('sinceTime', sinceTime);
  }
  return out;
}

/** Where the node's kubelet listens: its InternalIP (127.0.0.1 if none) and daemon endpoint port. */
export function kubeletAddress(node: Node, defaultPort: number): { host: string; port: number } {
  const internal = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  return { host: internal ?? '127.0.0.1', port: typeof port === 'number' && port > 0 ? port : defaultPort };
}

function kubeletFailure(code: number, text: string): ApiError {
  const message = text.trim() || `the kubelet answered ${code}`;
  if (code === 404) return new ApiError(404, 'NotFound', message);
  if (code === 400) return badRequest(message);
  return internalError(message);
}

export async function proxyPodLog(
  ctx: RequestContext,
  podName: string,
  query: URLSearchParams,
  res: ServerResponse,
  options: PodLogProxyOptions,
): Promise<void> {
  const pod = (await options.pods.get(ctx, podName)) as KubeObject as Pod;
  const container = chooseContainer(pod, query.get('container'));
  const kubeletQuery = kubeletLogQuery(query);
  const nodeName = pod.spec?.nodeName;
  if (nodeName === undefined || nodeName === '') {
    // As Kubernetes does: a pod no node runs yet has no log, which is an empty one.
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain');
    res.end();
    return;
  }
  const node = (await options.nodes.get({ ...ctx, namespace: '' }, nodeName)) as KubeObject as Node;
  const { host, port } = kubeletAddress(node, options.defaultKubeletPort);
  const path = ['containerLogs', ctx.namespace, podName, container].map(encodeURIComponent).join('/');
  const qs = kubeletQuery.toString();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/${path}${qs === '' ? '' : `?${qs}`}`;

  let upstream: Response;
  try {
    upstream = await fetch(url, { signal: ctx.signal });
  } catch (error) {
    if (ctx.signal.aborted) return;
    throw internalError(
      `Get "${url}": ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
    );
  }
  if (upstream.status !== 200 || upstream.body === null) {
    throw kubeletFailure(upstream.status, await upstream.text());
  }

  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.flushHeaders();
  options.logger.trace({ pod: `${ctx.namespace}/${podName}`, container, url }, 'Streaming pod log');
  try {
    // Chunk by chunk, so a followed log reaches the client as the kubelet sends it.
    for await (const chunk of Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream)) {
      if (!res.write(chunk as Buffer)) await once(res, 'drain', { signal: ctx.signal });
    }
  } catch (error) {
    if (!ctx.signal.aborted) {
      options.logger.debug(
        { err: error, pod: `${ctx.namespace}/${podName}` },
        'Pod log stream ended with an error',
      );
    }
  } finally {
    if (!res.destroyed) res.end();
  }
}
