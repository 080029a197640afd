// /openapi/v3: a root listing one document per group-version, addressed by content hash, and the
// per-group-version documents themselves. Everything is computed once from the catalogue; the
// serialized bytes and hashes are stable for a given catalogue, so ETags stay valid across restarts.
import { createHash } from 'node:crypto';
import { KUBERNETES_VERSION } from '@groundkube/api';
import { groupVersions, type ResourceCatalogue } from '../discovery';
import { componentSchemas, type DocumentKind, type SchemaObject } from './component-schemas';
import { resourcePaths, type PathItem } from './operations';

export interface OpenAPIV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, SchemaObject> };
}

export interface OpenAPIV3Root {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** A ready-to-send reply: the exact bytes, their hash and the headers to send with them. */
export interface OpenAPIResponse {
  readonly body: string;
  readonly contentType: 'application/json';
  /** Upper-case hex SHA-512 of `body`. */
  readonly hash: string;
  /** Quoted, for the ETag header. */
  readonly etag: string;
}

/** Serves the documents of one catalogue. */
export interface OpenAPIService {
  /** GET /openapi/v3. */
  root(): OpenAPIResponse;
  /**
   * GET /openapi/v3/<key>, where key is `api/v1` or `apis/<group>/<version>` (no leading slash; the
   * `hash` and `timeout` query parameters are ignored). Undefined when no such group-version: reply 404.
   */
  groupVersion(key: string): OpenAPIResponse | undefined;
  /**
   * The Cache-Control header: documents fetched by their current hash never change
   * ("public, immutable"); anything else must be revalidated.
   */
  cacheControl(requestedHash: string | undefined, response: OpenAPIResponse): string;
}

function respond(document: unknown): OpenAPIResponse {
  const body = JSON.stringify(document);
  const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
  return { body, contentType: 'application/json', hash, etag: `"${hash}"` };
}

/** The document key of a group-version: `api/v1` or `apis/<group>/<version>`. */
export function openAPIKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * The kinds a group-version's resources and subresources take or return (Pod, Binding, …), with their
 * own group-version: pods/eviction of core v1 takes a policy/v1 Eviction, whose schema Kubernetes
 * puts in the core v1 document too.
 */
function servedKinds(members: ResourceCatalogue): DocumentKind[] {
  const kinds: DocumentKind[] = members.map((r) => ({ group: r.group, version: r.version, kind: r.kind }));
  for (const r of members)
    for (const sub of r.subresources)
      kinds.push({ group: sub.group ?? r.group, version: sub.version ?? r.version, kind: sub.kind });
  return kinds;
}

/** The OpenAPI v3 document of one group-version, or undefined when the catalogue has none of it. */
export function buildGroupVersionDocument(
  catalogue: ResourceCatalogue,
  target: { group: string; version: string },
): OpenAPIV3Document | undefined {
  const members = catalogue.filter((r) => r.group === target.group && r.version === target.version);
  if (members.length === 0) return undefined;
  const paths: Record<string, PathItem> = {};
  for (const resource of members) Object.assign(paths, resourcePaths(resource));
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths: sorted,
    components: { schemas: componentSchemas(servedKinds(members)) },
  };
}

/** Precomputes every document of the catalogue. */
export function createOpenAPIService(catalogue: ResourceCatalogue): OpenAPIService {
  const documents = new Map<string, OpenAPIResponse>();
  for (const gv of groupVersions(catalogue)) {
    const document = buildGroupVersionDocument(catalogue, gv);
    if (document !== undefined) documents.set(openAPIKey(gv.group, gv.version), respond(document));
  }
  const root: OpenAPIV3Root = { paths: {} };
  for (const [key, response] of documents) {
    root.paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${response.hash}` };
  }
  const rootResponse = respond(root);
  return {
    root: () => rootResponse,
    groupVersion: (key) => documents.get(key.replace(/^\/+|\/+$/g, '')),
    cacheControl: (requestedHash, response) =>
      requestedHash !== undefined && requestedHash === response.hash
        ? 'public, immutable'
        : 'no-cache, private',
  };
}
