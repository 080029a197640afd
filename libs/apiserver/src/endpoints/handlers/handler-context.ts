// What every verb handler gets: the parsed request, the registry that serves it, and the response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@groundkube/logging';
import type { ResourceRegistry, RequestContext } from '../../registry/rest';
import type { QualifiedResource } from '../../registry/api-errors';
import type { ResourceRequestInfo } from '../request-info';

export interface HandlerContext {
  readonly info: ResourceRequestInfo;
  readonly registry: ResourceRegistry;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** The path without query, for selfLinks. */
  readonly path: string;
  /** Namespace and the client-gone signal, as the registry wants them. */
  readonly ctx: RequestContext;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Aborted when the server shuts down: long-running requests (watches) end cleanly on it. */
  readonly shutdown: AbortSignal;
}

/** `pods`, `pods/status`, with the group: for error messages. */
export function qualifiedResource(info: ResourceRequestInfo): QualifiedResource {
  return {
    group: info.group,
    resource: info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`,
  };
}
