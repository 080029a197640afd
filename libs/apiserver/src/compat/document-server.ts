// A test fixture, not a server: it answers kubectl's discovery, OpenAPI and read requests from a fixed
// set of objects, using only this library's document builders (discovery, openapi, printers,
// selectors). It lets the real kubectl judge those documents before, and independently of, the real
// API server. It records each request so tests can check what kubectl asked for.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { KubeObject } from '@groundkube/api';
import { KUBERNETES_VERSION } from '@groundkube/api';
import {
  GROUNDKUBE_RESOURCES,
  buildAPIResourceList,
  discoveryResponse,
  findResource,
  type ResourceDefinition,
} from '../discovery';
import { createOpenAPIService } from '../openapi';
import { createOpenAPIV2Service } from '../openapi-v2/openapi-v2-service';
import { acceptsTable, parseIncludeObject, tableForList, tableForObject } from '../printers';
import { compileListFilter } from '../selectors';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly accept: string;
  readonly contentType: string;
  readonly body: string;
}

export interface DocumentServer extends AsyncDisposable {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface DocumentServerOptions {
  /** Objects served by GET, keyed by nothing: their kind/namespace/name decide where they appear. */
  readonly objects: KubeObject[];
  /** Answer /api and /apis with legacy documents whatever the Accept header says. */
  readonly legacyDiscoveryOnly?: boolean;
  readonly now: () => Date;
}

interface Route {
  resource: ResourceDefinition;
  namespace: string | undefined;
  name: string | undefined;
}

function route(pathname: string): Route | undefined {
  const core = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?([a-z]+)(?:\/([^/]+))?$/.exec(pathname);
  const named = /^\/apis\/([^/]+)\/([^/]+)\/(?:namespaces\/([^/]+)\/)?([a-z]+)(?:\/([^/]+))?$/.exec(pathname);
  if (core) {
    const resource = findResource(GROUNDKUBE_RESOURCES, { group: '', version: 'v1', resource: core[2]! });
    return resource && { resource, namespace: core[1], name: core[3] };
  }
  if (named) {
    const resource = findResource(GROUNDKUBE_RESOURCES, {
      group: named[1]!,
      version: named[2]!,
      resource: named[4]!,
    });
    return resource && { resource, namespace: named[3], name: named[5] };
  }
  return undefined;
}

function send(res: ServerResponse, status: number, contentType: string, body: unknown): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function notFound(res: ServerResponse, message: string): void {
  send(res, 404, 'application/json', {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NotFound',
    code: 404,
  });
}

/** Starts the fixture on a free loopback port. */
export async function startDocumentServer(options: DocumentServerOptions): Promise<DocumentServer> {
  const openapi = createOpenAPIService(GROUNDKUBE_RESOURCES);
  const openapiV2 = createOpenAPIV2Service(GROUNDKUBE_RESOURCES);
  const requests: RecordedRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const accept = options.legacyDiscoveryOnly ? 'application/json' : req.headers.accept;
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      accept: req.headers.accept ?? '',
      contentType: req.headers['content-type'] ?? '',
      body,
    });

    if (url.pathname === '/version')
      return send(res, 200, 'application/json', { ...KUBERNETES_VERSION, platform: 'linux/amd64' });
    if (url.pathname === '/api' || url.pathname === '/apis') {
      const reply = discoveryResponse(GROUNDKUBE_RESOURCES, {
        root: url.pathname,
        accept,
        serverAddress: req.headers.host ?? '',
      });
      return send(res, 200, reply.contentType, reply.body);
    }
    if (url.pathname === '/api/v1')
      return send(
        res,
        200,
        'application/json',
        buildAPIResourceList(GROUNDKUBE_RESOURCES, { group: '', version: 'v1' }),
      );
    const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (groupVersion) {
      const list = buildAPIResourceList(GROUNDKUBE_RESOURCES, {
        group: groupVersion[1]!,
        version: groupVersion[2]!,
      });
      return list ? send(res, 200, 'application/json', list) : notFound(res, 'no such group version');
    }
    if (url.pathname === '/openapi/v3') return send(res, 200, 'application/json', openapi.root().body);
    if (url.pathname.startsWith('/openapi/v3/')) {
      const document = openapi.groupVersion(url.pathname.slice('/openapi/v3/'.length));
      return document ? send(res, 200, 'application/json', document.body) : notFound(res, 'no such document');
    }
    if (url.pathname === '/openapi/v2') {
      const reply = openapiV2.reply(req.headers.accept);
      res.writeHead(200, { 'Content-Type': reply.contentType, ETag: reply.etag });
      return res.end(reply.body);
    }

    const target = route(url.pathname);
    if (target === undefined) return notFound(res, 'the server could not find the requested resource');
    const { resource } = target;
    const kindObjects = options.objects.filter(
      (o) =>
        o.kind === resource.kind &&
        (target.namespace === undefined || o.metadata.namespace === target.namespace),
    );
    const apiVersion = resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;

    if (req.method === 'POST') {
      const created = JSON.parse(body) as KubeObject;
      created.metadata = {
        ...created.metadata,
        uid: 'fixture-uid',
        resourceVersion: '2000',
        creationTimestamp: options.now().toISOString(),
      };
      return send(res, 201, 'application/json', created);
    }
    const table = acceptsTable(req.headers.accept);
    const includeObject = parseIncludeObject(url.searchParams.get('includeObject') ?? undefined);
    if (target.name !== undefined) {
      const object = kindObjects.find((o) => o.metadata.name === target.name);
      if (object === undefined) return notFound(res, `${resource.resource} "${target.name}" not found`);
      const reply = table ? tableForObject(resource, object, { now: options.now(), includeObject }) : object;
      return send(res, 200, 'application/json', reply);
    }
    const filter = compileListFilter({
      resource,
      labelSelector: url.searchParams.get('labelSelector') ?? undefined,
      fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
    });
    const list = {
      kind: `${resource.kind}List`,
      apiVersion,
      metadata: { resourceVersion: '1007' },
      items: kindObjects.filter(filter),
    };
    return send(
      res,
      200,
      'application/json',
      table ? tableForList(resource, list, { now: options.now(), includeObject }) : list,
    );
  };

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      try {
        handle(req, res, body);
      } catch (error) {
        send(res, 400, 'application/json', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: String(error),
          reason: 'BadRequest',
          code: 400,
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${port}`, requests, close, [Symbol.asyncDispose]: close };
}
