// The documents clients read before anything else: /version, /api, /apis, /api/v1, /apis/<g>[/<v>],
// and /openapi/v3 (kubectl create/apply/edit read it to decide on server-side field validation).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { arch, platform } from 'node:os';
import { KUBERNETES_VERSION } from '@groundkube/api';
import { buildAPIGroup, buildAPIResourceList, discoveryResponse, type ResourceCatalogue } from '../discovery';
import { pathNotFound } from '../endpoints/resource-endpoint';
import type { DiscoveryRequestInfo } from '../endpoints/request-info';
import { sendJson } from '../endpoints/response-encoding';
import type { OpenAPIService } from '../openapi';

/** Build facts reported by /version; supplied at build time where known. */
export interface BuildInfo {
  readonly gitCommit: string;
  readonly buildDate: string;
}

/** /version, shaped like kube-apiserver's (the kubectl dispatcher picks its binary from major/minor). */
export function versionInfo(build: BuildInfo): Record<string, string> {
  const goArch: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    gitVersion: KUBERNETES_VERSION.gitVersion,
    gitCommit: build.gitCommit,
    gitTreeState: 'clean',
    buildDate: build.buildDate,
    // Kubernetes names its Go toolchain here; ours is the Node.js runtime.
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${platform()}/${goArch[arch()] ?? arch()}`,
  };
}

function hostOf(req: IncomingMessage): string {
  return req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 0}`;
}

/** GET /api or /apis: aggregated (v2, v2beta1) or legacy documents by Accept. */
export function serveDiscoveryRoot(
  catalogue: ResourceCatalogue,
  root: '/api' | '/apis',
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const reply = discoveryResponse(catalogue, {
    root,
    accept: req.headers.accept,
    serverAddress: hostOf(req),
  });
  res.setHeader('Vary', 'Accept');
  const text = JSON.stringify(reply.body);
  res.statusCode = 200;
  res.setHeader('Content-Type', reply.contentType);
  res.end(text);
}

/** GET /api/<v>, /apis/<g>, /apis/<g>/<v>. */
export function serveGroupDiscovery(
  catalogue: ResourceCatalogue,
  info: DiscoveryRequestInfo,
  res: ServerResponse,
): void {
  const body =
    info.version === ''
      ? buildAPIGroup(catalogue, info.group)
      : buildAPIResourceList(catalogue, { group: info.group, version: info.version });
  if (body === undefined) throw pathNotFound();
  sendJson(res, 200, body);
}

/** GET /openapi/v3 (key '') or /openapi/v3/<key>, with ETag revalidation. */
export function serveOpenAPI(
  openapi: OpenAPIService,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const doc = key === '' ? openapi.root() : openapi.groupVersion(key);
  if (doc === undefined) throw pathNotFound();
  res.setHeader('ETag', doc.etag);
  res.setHeader('Cache-Control', openapi.cacheControl(query.get('hash') ?? undefined, doc));
  res.setHeader('Vary', 'Accept');
  if (req.headers['if-none-match'] === doc.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', doc.contentType);
  res.end(doc.body);
}
