// startApiServer: etcd storage, the registries, the HTTP app, and one listening socket. Close stops
// accepting, ends open watches and log streams, and releases etcd.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realClock, type Clock } from '@groundkube/client';
import type { Logger } from '@groundkube/logging';
import {
  DEFAULT_COMPACTION_INTERVAL_MS,
  Etcd3Compactor,
  Etcd3Storage,
  type Storage,
} from '@groundkube/storage';
import { GROUNDKUBE_RESOURCES } from '../discovery';
import type { HealthCheck } from '../health/health-checks';
import { createRequestMetrics } from '../metrics/request-metrics';
import { createOpenAPIService } from '../openapi';
import { createOpenAPIV2Service } from '../openapi-v2/openapi-v2-service';
import { createRegistries, ensureSystemNamespaces, runRegistryLoops, type Registries } from '../registry';
import { createApiApp } from './api-app';
import { trackConnections } from './connection-tracker';
import type { BuildInfo } from './discovery-routes';
import { waitForStorage } from './storage-wait';

export interface ApiServerOptions {
  /** etcd client URLs, e.g. ['http://127.0.0.1:2379']. */
  readonly etcdEndpoints: readonly string[];
  /** Address to bind, e.g. 127.0.0.1. */
  readonly host: string;
  /** Port to bind; 0 picks a free one (see `url`). */
  readonly port: number;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** CIDR for service cluster IPs, e.g. 10.0.0.0/16 (the registry's default when absent). */
  readonly serviceClusterIpRange?: string;
  /** Kubelet port for pods/log when a node does not report its own (default 10250). */
  readonly kubeletPort?: number;
  /**
   * How often etcd's history is compacted (kube-apiserver's --etcd-compaction-interval, default
   * 5 min); 0 turns compaction off.
   */
  readonly etcdCompactionIntervalMs?: number;
  /** How long to wait for etcd to answer at start (default 60 s). */
  readonly storageWaitMs?: number;
  /** Aborting it while the server starts (waiting for etcd) gives up at once with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly build?: BuildInfo;
}

export interface ApiServer extends AsyncDisposable {
  /** http://host:port the server listens on. */
  readonly url: string;
  readonly port: number;
  /** Stops serving (open watches end) and closes the etcd client. Safe to call twice. */
  close(): Promise<void>;
}

/** How long close() waits for in-flight requests before cutting connections. */
const SHUTDOWN_GRACE_MS = 5_000;

const DEFAULT_BUILD: BuildInfo = {
  gitCommit: process.env['GROUNDKUBE_GIT_COMMIT'] ?? 'unknown',
  buildDate: process.env['GROUNDKUBE_BUILD_DATE'] ?? '1970-01-01T00:00:00Z',
};

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new Error(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function healthEndpoints(storage: Storage, isShuttingDown: () => boolean) {
  const ping: HealthCheck = { name: 'ping', check: async () => true };
  const log: HealthCheck = { name: 'log', check: async () => true };
  const etcd: HealthCheck = { name: 'etcd', check: (signal) => storage.healthy({ signal }) };
  const shutdown: HealthCheck = { name: 'shutdown', check: async () => !isShuttingDown() };
  return {
    healthz: { name: 'healthz', checks: [ping, log, etcd], failureCode: 500 as const },
    livez: { name: 'livez', checks: [ping, log], failureCode: 500 as const },
    readyz: { name: 'readyz', checks: [ping, log, etcd, shutdown], failureCode: 503 as const },
  };
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const clock = options.clock ?? realClock;
  const logger = options.logger.child({ component: 'apiserver' });
  const storage = new Etcd3Storage({
    endpoints: options.etcdEndpoints,
    logger: options.logger.child({ component: 'storage' }),
  });
  try {
    await waitForStorage({
      storage,
      endpoints: options.etcdEndpoints,
      clock,
      logger,
      timeoutMs: options.storageWaitMs ?? 60_000,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    const registries = createRegistries({
      storage,
      clock,
      logger: options.logger.child({ component: 'registry' }),
      serviceClusterIPRange: options.serviceClusterIpRange,
    });
    await ensureSystemNamespaces(registries, options.signal);
    return await serve(options, { storage, registries, clock, logger });
  } catch (error) {
    await storage.close();
    throw error;
  }
}

async function serve(
  options: ApiServerOptions,
  parts: {
    storage: Etcd3Storage;
    registries: Registries;
    clock: Clock;
    logger: Logger;
  },
): Promise<ApiServer> {
  let shuttingDown = false;
  // Aborted at close: ends watches and followed logs, and the registry's loops.
  const background = new AbortController();
  const app = createApiApp({
    registries: (group, resource, subresource) => parts.registries.lookup(group, resource, subresource),
    catalogue: GROUNDKUBE_RESOURCES,
    openapi: createOpenAPIService(GROUNDKUBE_RESOURCES),
    openapiV2: createOpenAPIV2Service(GROUNDKUBE_RESOURCES),
    metrics: createRequestMetrics(),
    health: healthEndpoints(parts.storage, () => shuttingDown),
    now: () => new Date(parts.clock.now()),
    logger: parts.logger,
    kubeletPort: options.kubeletPort ?? 10250,
    build: options.build ?? DEFAULT_BUILD,
    shutdown: background.signal,
  });
  // Request line and headers may take up to 1 MiB, as Go's http server allows the real apiserver; Node's
  // default (16 KiB) would answer a long name with a bare 431 and no Status.
  const server = createServer({ maxHeaderSize: 1 << 20 }, app);
  const connections = trackConnections(server);
  // Watches and followed logs are long; Node's default request timeout (300 s) would cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  // Clients keep connections between bursts (kubectl, informers, our RestClient). Node's 5 s idle
  // timeout closes them so soon that a client's next request can race the close and fail with
  // "socket hang up"; kube-apiserver keeps idle connections for 90 s.
  server.keepAliveTimeout = 90_000;
  const port = await listen(server, options.port, options.host);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}`;
  parts.logger.info({ url, etcd: options.etcdEndpoints }, 'API server listening');

  // Deleting a namespace empties it and old events expire; in Kubernetes the controller manager and etcd
  // lease TTLs do this, here the registry's loops.
  const finalizer = runRegistryLoops(parts.registries, background.signal);
  const compactionMs = options.etcdCompactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
  const compactor =
    compactionMs > 0
      ? new Etcd3Compactor({
          storage: parts.storage,
          logger: parts.logger,
          intervalMs: compactionMs,
          sleep: (ms, signal) => parts.clock.sleep(ms, signal),
        }).run(background.signal)
      : Promise.resolve();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      shuttingDown = true;
      parts.logger.info({ url }, 'API server stopping');
      const stopped = once(server, 'close');
      server.close();
      background.abort();
      // In-flight requests get a moment to finish, their connections closing as they are answered;
      // then whatever is left is cut.
      connections.drain();
      const grace = new AbortController();
      const drained = await Promise.race([
        stopped.then(() => true),
        parts.clock.sleep(SHUTDOWN_GRACE_MS, grace.signal).then(
          () => false,
          () => true,
        ),
      ]);
      grace.abort();
      if (!drained) server.closeAllConnections();
      await Promise.all([stopped, finalizer, compactor]);
      await parts.storage.close();
      parts.logger.info({ url }, 'API server stopped');
    })();
    return closed;
  };
  return { url, port, close, [Symbol.asyncDispose]: close };
}
