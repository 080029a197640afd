// The express app of the API server: non-resource documents (version, discovery, OpenAPI, health,
// metrics) and every /api and /apis resource path. Every error leaves as a Kubernetes Status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '@groundkube/logging';
import type { ResourceCatalogue } from '../discovery';
import { isExpectedError, toApiError } from '../endpoints/errors-to-status';
import { parseRequestInfo, type RequestInfo } from '../endpoints/request-info';
import { pathNotFound, serveResource, type RegistryLookup } from '../endpoints/resource-endpoint';
import { sendJson, sendStatus } from '../endpoints/response-encoding';
import { runHealthChecks, type HealthEndpoint } from '../health/health-checks';
import type { RequestMetrics } from '../metrics/request-metrics';
import type { OpenAPIService } from '../openapi';
import type { OpenAPIV2Service } from '../openapi-v2/openapi-v2-service';
import { methodNotAllowed } from '../registry/api-errors';
import {
  serveDiscoveryRoot,
  serveGroupDiscovery,
  serveOpenAPI,
  versionInfo,
  type BuildInfo,
} from './discovery-routes';
import { metricsLabels } from './metrics-labels';

export interface ApiAppDeps {
  readonly registries: RegistryLookup;
  readonly catalogue: ResourceCatalogue;
  readonly openapi: OpenAPIService;
  readonly openapiV2: OpenAPIV2Service;
  readonly metrics: RequestMetrics;
  readonly health: {
    readonly healthz: HealthEndpoint;
    readonly livez: HealthEndpoint;
    readonly readyz: HealthEndpoint;
  };
  readonly now: () => Date;
  readonly logger: Logger;
  readonly kubeletPort: number;
  readonly build: BuildInfo;
  /** Aborted when the server shuts down: watches and followed logs end cleanly. */
  readonly shutdown: AbortSignal;
}

interface RequestState {
  info?: RequestInfo;
  url: URL;
  started: bigint;
}

const STATE = Symbol('groundkube.request');
type WithState = IncomingMessage & { [STATE]?: RequestState };

function stateOf(req: IncomingMessage): RequestState {
  const carrier = req as WithState;
  carrier[STATE] ??= { url: new URL(req.url ?? '/', 'http://apiserver'), started: process.hrtime.bigint() };
  return carrier[STATE];
}

function onlyGet(req: Request): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw methodNotAllowed('the server does not allow this method on the requested resource');
  }
}

function sendText(res: ServerResponse, code: number, body: string): void {
  res.statusCode = code;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}

export function createApiApp(deps: ApiAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const log = deps.logger;

  app.use((req: Request, res: Response, next: NextFunction) => {
    const state = stateOf(req);
    const done = deps.metrics.started(req.method !== 'GET' && req.method !== 'HEAD');
    res.once('close', () => {
      done();
      observe(req, res, state);
    });
    next();
  });

  function observe(req: Request, res: Response, state: RequestState): void {
    const durationSeconds = Number(process.hrtime.bigint() - state.started) / 1e9;
    const labels = metricsLabels(req, state.info, state.url);
    // A client that left before the reply counts as Kubernetes counts it: 499 is not used, the code stands.
    deps.metrics.observe({ ...labels, code: res.statusCode, durationSeconds });
    log.trace(
      {
        method: req.method,
        url: req.originalUrl,
        code: res.statusCode,
        ms: Math.round(durationSeconds * 1000),
        userAgent: req.headers['user-agent'],
        kubectlCommand: req.headers['kubectl-command'],
      },
      'Request served',
    );
  }

  app.get('/version', (_req, res) => sendJson(res, 200, versionInfo(deps.build)));
  app.all('/version', (req) => onlyGet(req));

  for (const name of ['healthz', 'livez', 'readyz'] as const) {
    const endpoint = deps.health[name];
    const serve = async (req: Request, res: Response, only?: string): Promise<void> => {
      onlyGet(req);
      const query = stateOf(req).url.searchParams;
      const report = await runHealthChecks(endpoint, {
        verbose: query.has('verbose') && query.get('verbose') !== 'false',
        exclude: query.getAll('exclude'),
        signal: AbortSignal.timeout(5_000),
        ...(only !== undefined ? { only } : {}),
      });
      if (report === undefined) throw pathNotFound();
      sendText(res, report.code, report.body);
    };
    app.all(`/${name}`, (req, res) => serve(req, res));
    app.all(`/${name}/:check`, (req, res) => serve(req, res, req.params['check']));
  }

  app.all('/metrics', async (req, res) => {
    onlyGet(req);
    const text = await deps.metrics.render();
    res.statusCode = 200;
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.end(text);
  });

  app.all('/api', (req, res) => {
    onlyGet(req);
    serveDiscoveryRoot(deps.catalogue, '/api', req, res);
  });
  app.all('/apis', (req, res) => {
    onlyGet(req);
    serveDiscoveryRoot(deps.catalogue, '/apis', req, res);
  });

  app.use('/openapi/v3', (req, res) => {
    onlyGet(req);
    const key = stateOf(req).url.pathname.replace(/^\/openapi\/v3\/?/, '');
    serveOpenAPI(deps.openapi, key, req, res, stateOf(req).url.searchParams);
  });
  app.all('/openapi/v2', (req, res) => {
    onlyGet(req);
    const reply = deps.openapiV2.reply(req.headers.accept);
    res.setHeader('ETag', reply.etag);
    res.setHeader('Vary', 'Accept');
    if (req.headers['if-none-match'] === reply.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', reply.contentType);
    res.end(reply.body);
  });

  app.use(['/api', '/apis'], async (req, res) => {
    const state = stateOf(req);
    const info = parseRequestInfo(deps.catalogue, req.method, state.url.pathname, state.url.searchParams);
    state.info = info;
    switch (info.kind) {
      case 'discovery':
        onlyGet(req);
        return serveGroupDiscovery(deps.catalogue, info, res);
      case 'unknown':
        throw pathNotFound();
      case 'method-not-allowed':
        throw methodNotAllowed('the server does not allow this method on the requested resource');
      case 'resource': {
        if (info.verb === 'watch' || info.subresource === 'log') {
          const { dryRun: _dryRun, ...labels } = metricsLabels(req, info, state.url);
          res.once('close', deps.metrics.longRunning(labels));
        }
        return serveResource(info, req, res, state.url, {
          registries: deps.registries,
          now: deps.now,
          logger: log,
          kubeletPort: deps.kubeletPort,
          shutdown: deps.shutdown,
        });
      }
    }
  });

  app.use(() => {
    throw pathNotFound();
  });

  // Express recognises error handlers by their four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(error);
    if (isExpectedError(apiError)) {
      log.debug(
        { method: req.method, url: req.originalUrl, code: apiError.code, reason: apiError.reason },
        'Request refused',
      );
    } else {
      log.error({ err: error, method: req.method, url: req.originalUrl }, 'Request failed');
    }
    if (res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    sendStatus(res, apiError.toStatus());
  });
  return app;
}
