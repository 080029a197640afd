// Checks of a write's body against the URL it was sent to: kind, apiVersion, namespace and name.
import type { KubeObject } from '@groundkube/api';
import { groupVersionString } from '../discovery';
import { badRequest } from '../registry/api-errors';
import type { ResourceRequestInfo } from './request-info';

/** The kind and apiVersion a write to this URL must carry (a subresource's own, e.g. Binding). */
export function expectedType(info: ResourceRequestInfo): {
  kind: string;
  apiVersion: string;
  version: string;
} {
  const sub = info.definition.subresources.find((s) => s.subresource === info.subresource);
  const group = sub?.group ?? info.group;
  const version = sub?.version ?? info.version;
  return { kind: sub?.kind ?? info.definition.kind, apiVersion: groupVersionString(group, version), version };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a decoded body into the object to write: kind and apiVersion must match the URL's (missing
 * ones are filled in), metadata must be an object, the namespace defaults to the URL's and must not
 * contradict it. With `name` (PUT), the body's name must be the URL's.
 */
export function objectForWrite(
  body: Record<string, unknown>,
  info: ResourceRequestInfo,
  options: { requireName?: boolean } = {},
): KubeObject {
  const expected = expectedType(info);
  const kind = body['kind'];
  const apiVersion = body['apiVersion'];
  if (apiVersion !== undefined && apiVersion !== expected.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${expected.apiVersion})`,
    );
  }
  if (kind !== undefined && kind !== expected.kind) {
    throw badRequest(
      `the kind in the data (${String(kind)}) does not match the expected kind (${expected.kind})`,
    );
  }
  const rawMetadata = body['metadata'] ?? {};
  if (!isPlainObject(rawMetadata)) throw badRequest('metadata: Invalid value: must be an object');
  const metadata: Record<string, unknown> = { ...rawMetadata };

  if (info.definition.namespaced && info.namespace !== '') {
    const namespace = metadata['namespace'];
    if (namespace === undefined || namespace === '') metadata['namespace'] = info.namespace;
    else if (namespace !== info.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }
  if (options.requireName === true && metadata['name'] !== info.name) {
    throw badRequest(
      `the name of the object (${String(metadata['name'] ?? '')}) does not match the name on the URL (${info.name})`,
    );
  }
  return { ...body, kind: expected.kind, apiVersion: expected.apiVersion, metadata } as KubeObject;
}
