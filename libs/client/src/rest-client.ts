// The REST client every component uses to talk to the API server: verbs over JSON, watch streams, and raw
// streaming GETs (logs).

import type { IncomingMessage, IncomingHttpHeaders } from 'node:http';

import type { DeleteOptions, KubeList, KubeObject, Status } from '@groundkube/api';
import { silentLogger, type Logger } from '@groundkube/logging';

import { RequestTimeoutError, ResponseDecodeError, StatusError, isStatus, statusFromHttp } from './errors';
import { HttpTransport, readBody } from './http-transport';
import { normalizeServerUrl, resourcePath, type ResourceTarget } from './resource-path';
import { WatchStream } from './watch';

export interface RestClientOptions {
  /** API server address: `http://127.0.0.1:8080`, `https://h:6443`, or `127.0.0.1:8080` (http assumed). */
  server: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string | undefined;
  userAgent?: string | undefined;
  /** Limit for a whole non-streaming request, and for the headers of watches and streams. Default 30 s; 0 = none. */
  timeoutMs?: number | undefined;
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean } | undefined;
  logger?: Logger | undefined;
}

/** Query parameters of list and watch. */
export interface ListOptions {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan' | undefined;
  timeoutSeconds?: number | undefined;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean | undefined;
}

/** Query parameters of writes. */
export interface WriteOptions {
  fieldManager?: string | undefined;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore' | undefined;
  dryRun?: boolean | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export type PatchContentType =
  | 'application/merge-patch+json'
  | 'application/json-patch+json'
  | 'application/strategic-merge-patch+json'
  | 'application/apply-patch+yaml';

export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface RawRequest extends CallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute path on the server, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  /** A string is sent as is; anything else is JSON-encoded. */
  body?: unknown;
  contentType?: string | undefined;
  /** Default `application/json`. kubectl asks for Tables with `application/json;as=Table;v=v1;g=meta.k8s.io,…`. */
  accept?: string | undefined;
  headers?: Record<string, string> | undefined;
}

export interface RawResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A streaming response (logs): `body` is the live response, read it or destroy it. */
export interface StreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

/**
 * A client for one API server. Every method takes an AbortSignal; aborting rejects with the signal's reason
 * (an AbortError by default). Failures from the server throw StatusError (with the server's Status), network
 * failures ConnectionError, slow servers RequestTimeoutError. Call `close()` to free pooled sockets.
 */
export class RestClient {
  readonly server: URL;
  private readonly transport: HttpTransport;
  private readonly token: string | undefined;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly log: Logger;

  constructor(options: RestClientOptions) {
    this.server = normalizeServerUrl(options.server);
    this.transport = new HttpTransport({ tls: options.tls });
    this.token = options.token;
    this.userAgent = options.userAgent ?? 'groundkube-client/v0.1.0';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.log = (options.logger ?? silentLogger()).child({ component: 'rest-client' });
  }

  async get<T extends KubeObject>(
    target: ResourceTarget,
    options: CallOptions & { resourceVersion?: string } = {},
  ) {
    return this.json<T>({
      method: 'GET',
      path: resourcePath(target),
      query: { resourceVersion: options.resourceVersion },
      signal: options.signal,
    });
  }

  async list<T extends KubeObject>(target: ResourceTarget, options: ListOptions & CallOptions = {}) {
    return this.json<KubeList<T>>({
      method: 'GET',
      path: resourcePath(target),
      query: listQuery(options),
      signal: options.signal,
    });
  }

  async create<T extends KubeObject>(
    target: ResourceTarget,
    body: T,
    options: WriteOptions & CallOptions = {},
  ) {
    return this.json<T>({
      method: 'POST',
      path: resourcePath(target),
      query: writeQuery(options),
      body,
      signal: options.signal,
    });
  }

  /** PUT of the whole object; include metadata.resourceVersion for optimistic concurrency (409 Conflict). */
  async update<T extends KubeObject>(
    target: ResourceTarget,
    body: T,
    options: WriteOptions & CallOptions = {},
  ) {
    return this.json<T>({
      method: 'PUT',
      path: resourcePath(target),
      query: writeQuery(options),
      body,
      signal: options.signal,
    });
  }

  /** PUT to the status subresource. */
  async updateStatus<T extends KubeObject>(
    target: ResourceTarget,
    body: T,
    options: WriteOptions & CallOptions = {},
  ) {
    return this.update<T>({ ...target, subresource: 'status' }, body, options);
  }

  /** PATCH with the content type the caller chooses; `patch` is a JSON value (or a ready string). */
  async patch<T extends KubeObject>(
    target: ResourceTarget,
    patch: unknown,
    options: WriteOptions & CallOptions & { contentType: PatchContentType; force?: boolean },
  ) {
    return this.json<T>({
      method: 'PATCH',
      path: resourcePath(target),
      query: { ...writeQuery(options), force: options.force },
      body: patch,
      contentType: options.contentType,
      signal: options.signal,
    });
  }

  /**
   * DELETE of one object. Resolves with what the server returns: the object (still terminating, or as deleted)
   * or a Success Status.
   */
  async delete<T extends KubeObject>(
    target: ResourceTarget,
    deleteOptions: DeleteOptions = {},
    options: CallOptions & { dryRun?: boolean } = {},
  ): Promise<T | Status> {
    return this.json<T | Status>({
      method: 'DELETE',
      path: resourcePath(target),
      query: { dryRun: options.dryRun ? 'All' : undefined },
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions },
      signal: options.signal,
    });
  }

  async deleteCollection<T extends KubeObject>(
    target: ResourceTarget,
    listOptions: ListOptions = {},
    deleteOptions: DeleteOptions = {},
    options: CallOptions = {},
  ): Promise<KubeList<T> | Status> {
    return this.json<KubeList<T> | Status>({
      method: 'DELETE',
      path: resourcePath({ ...target, name: undefined }),
      query: listQuery(listOptions),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions },
      signal: options.signal,
    });
  }

  /**
   * Opens a watch and resolves once the server accepted it (headers received). A refusal (e.g. HTTP 410 for a
   * too-old resourceVersion) throws StatusError here; later problems surface while iterating.
   */
  async watch<T extends KubeObject>(
    target: ResourceTarget,
    options: WatchOptions & CallOptions & { accept?: string } = {},
  ): Promise<WatchStream<T>> {
    const res = await this.open({
      method: 'GET',
      path: resourcePath(target),
      query: { ...listQuery(options), watch: 'true', allowWatchBookmarks: options.allowWatchBookmarks },
      accept: options.accept,
      signal: options.signal,
    });
    return new WatchStream<T>(res.body, options.signal);
  }

  /** A streaming GET (pods/log with follow). Non-2xx answers throw StatusError after reading the body. */
  async stream(
    request: Omit<RawRequest, 'method' | 'body'> & { method?: 'GET' | 'POST' },
  ): Promise<StreamResponse> {
    return this.open({ ...request, method: request.method ?? 'GET', accept: request.accept ?? '*/*' });
  }

  /** Any request; the whole body is returned undecoded, whatever the status (no StatusError). */
  async raw(request: RawRequest): Promise<RawResponse> {
    const signal = this.withTimeout(request.signal);
    try {
      const res = await this.transport.send(this.toTransport(request, signal));
      const body = await readBody(res);
      this.log.trace({ method: request.method, path: request.path, code: res.statusCode }, 'Request done');
      return { statusCode: res.statusCode ?? 0, headers: res.headers, body };
    } catch (err) {
      throw this.translateTimeout(err, request);
    }
  }

  /** Any request expecting JSON: decoded body on 2xx, StatusError otherwise. */
  async request<T>(request: RawRequest): Promise<T> {
    return this.json<T>(request);
  }

  /** Frees pooled sockets. In-flight requests are not affected. */
  close(): void {
    this.transport.destroy();
  }

  private async json<T>(request: RawRequest): Promise<T> {
    const res = await this.raw(request);
    if (res.statusCode < 200 || res.statusCode >= 300) throw errorFromResponse(res.statusCode, res.body);
    return decodeJson<T>(res.body, `${request.method} ${request.path}`);
  }

  private async open(request: RawRequest): Promise<StreamResponse> {
    const res = await this.transport.send({
      ...this.toTransport(request, request.signal),
      headerTimeoutMs: this.timeoutMs,
    });
    const statusCode = res.statusCode ?? 0;
    if (statusCode < 200 || statusCode >= 300) throw errorFromResponse(statusCode, await readBody(res));
    this.log.trace({ method: request.method, path: request.path, code: statusCode }, 'Stream opened');
    return { statusCode, headers: res.headers, body: res };
  }

  private toTransport(request: RawRequest, signal: AbortSignal | undefined) {
    const url = new URL(this.server.href);
    url.pathname = `${this.server.pathname.replace(/\/+$/, '')}${request.path}`;
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
      else url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      Accept: request.accept ?? 'application/json',
      'User-Agent': this.userAgent,
      ...request.headers,
    };
    if (this.token !== undefined && this.token !== '') headers['Authorization'] = `Bearer ${this.token}`;
    let body: string | undefined;
    if (request.body !== undefined) {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      headers['Content-Type'] = request.contentType ?? 'application/json';
    }
    return { method: request.method, url, headers, body, signal };
  }

  private withTimeout(signal: AbortSignal | undefined): AbortSignal | undefined {
    if (this.timeoutMs <= 0) return signal;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  }

  private translateTimeout(err: unknown, request: RawRequest): unknown {
    if (err instanceof Error && err.name === 'TimeoutError' && !request.signal?.aborted) {
      return new RequestTimeoutError(`${request.method} ${request.path}: no answer in ${this.timeoutMs}ms`, {
        cause: err,
      });
    }
    return err;
  }
}

function listQuery(options: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: options.labelSelector || undefined,
    fieldSelector: options.fieldSelector || undefined,
    limit: options.limit,
    continue: options.continue || undefined,
    resourceVersion: options.resourceVersion,
    resourceVersionMatch: options.resourceVersionMatch,
    timeoutSeconds: options.timeoutSeconds,
  };
}

function writeQuery(options: WriteOptions): Record<string, QueryValue> {
  return {
    fieldManager: options.fieldManager,
    fieldValidation: options.fieldValidation,
    dryRun: options.dryRun ? 'All' : undefined,
  };
}

function decodeJson<T>(body: Buffer, what: string): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (err) {
    throw new ResponseDecodeError(`${what}: response is not JSON`, { cause: err });
  }
}

/** A StatusError from a failed response: the server's Status when the body is one, else one made from the code. */
export function errorFromResponse(statusCode: number, body: Buffer): StatusError {
  const text = body.toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (isStatus(value)) return new StatusError({ ...value, code: value.code ?? statusCode });
  } catch {
    // Not JSON: fall through to a Status built from the HTTP code.
  }
  return new StatusError(statusFromHttp(statusCode, text));
}
