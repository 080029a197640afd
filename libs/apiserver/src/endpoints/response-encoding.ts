// How objects and lists go out: as themselves (JSON), as a meta.k8s.io Table when the Accept header
// asks for one (kubectl get), or as PartialObjectMetadata(List) when asked for metadata only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeList, KubeObject, Status } from '@groundkube/api';
import { groupVersionString, type ResourceDefinition } from '../discovery';
import {
  acceptsTable,
  parseAccept,
  parseIncludeObject,
  partialObjectMetadata,
  tableForList,
  tableForObject,
  type IncludeObjectPolicy,
} from '../printers';

export type OutputForm =
  | { readonly as: 'object' }
  | { readonly as: 'Table'; readonly includeObject: IncludeObjectPolicy }
  | { readonly as: 'PartialObjectMetadata' };

/** Reads Accept (and includeObject) once per request. */
export function negotiateOutput(accept: string | undefined, query: URLSearchParams): OutputForm {
  if (acceptsTable(accept)) {
    return { as: 'Table', includeObject: parseIncludeObject(query.get('includeObject') ?? undefined) };
  }
  const metadataOnly = parseAccept(accept).some(
    (range) =>
      range.params['g'] === 'meta.k8s.io' &&
      (range.params['as'] === 'PartialObjectMetadata' || range.params['as'] === 'PartialObjectMetadataList'),
  );
  return metadataOnly ? { as: 'PartialObjectMetadata' } : { as: 'object' };
}

/** The printers' key for a resource. */
export function printedResource(definition: ResourceDefinition): { group: string; resource: string } {
  return { group: definition.group, resource: definition.resource };
}

/**
 * Fills kind and apiVersion when the registry left them out (clients rely on both), and puts them
 * first, where Kubernetes writes them (`curl` output then reads as in the walkthrough).
 */
export function withTypeMeta<T extends KubeObject>(object: T, kind: string, apiVersion: string): T {
  return { kind: object.kind ?? kind, apiVersion: object.apiVersion ?? apiVersion, ...object };
}

export function encodeObject(
  object: KubeObject,
  definition: ResourceDefinition,
  form: OutputForm,
  now: Date,
): unknown {
  const typed = withTypeMeta(
    object,
    definition.kind,
    groupVersionString(definition.group, definition.version),
  );
  switch (form.as) {
    case 'object':
      return typed;
    case 'Table':
      return tableForObject(printedResource(definition), typed, { now, includeObject: form.includeObject });
    case 'PartialObjectMetadata':
      return partialObjectMetadata(typed);
  }
}

export function encodeList(
  list: KubeList,
  definition: ResourceDefinition,
  form: OutputForm,
  now: Date,
  selfLink: string,
): unknown {
  const apiVersion = groupVersionString(definition.group, definition.version);
  const items = list.items.map((item) => withTypeMeta(item, definition.kind, apiVersion));
  const typed: KubeList = {
    ...list,
    kind: list.kind ?? `${definition.kind}List`,
    apiVersion: list.apiVersion ?? apiVersion,
    metadata: { selfLink, ...list.metadata },
    items,
  };
  switch (form.as) {
    case 'object':
      return typed;
    case 'Table':
      return tableForList(printedResource(definition), typed, { now, includeObject: form.includeObject });
    case 'PartialObjectMetadata':
      return {
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: typed.metadata,
        items: items.map(partialObjectMetadata),
      };
  }
}

/**
 * Whether to indent JSON replies, as Kubernetes decides: `?pretty=true|false` if given, otherwise
 * yes for curl, Wget and browsers (the walkthrough's `curl` output is indented), no for programs.
 */
export function wantsPretty(req: IncomingMessage | undefined): boolean {
  if (req === undefined) return false;
  const pretty = new URL(req.url ?? '/', 'http://x').searchParams.get('pretty');
  if (pretty !== null) return pretty === 'true' || pretty === '1';
  const agent = req.headers['user-agent'] ?? '';
  return /^(curl|Wget|Mozilla\/)/.test(agent);
}

/** Sends a JSON body with its status code (indented for people, see wantsPretty). */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = wantsPretty(res.req) ? `${JSON.stringify(body, null, 2)}\n` : JSON.stringify(body);
  res.statusCode = code;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status.code ?? 500, status);
}
