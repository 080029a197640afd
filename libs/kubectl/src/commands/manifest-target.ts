// Where a manifest object goes: its resource (from discovery by apiVersion/kind) and namespace.

import type { KubeObject } from '@groundkube/api';
import { ConnectionError, type ResourceTarget } from '@groundkube/client';

import type { CommandContext } from '../cli/command-context';
import { KubectlError } from '../errors';
import type { ApiResource } from '../discovery/resource-mapper';
import type { ManifestObject } from '../manifests/manifest-reader';

export interface ManifestTarget {
  resource: ApiResource;
  target: ResourceTarget;
}

/**
 * Resolves the object's resource and fills `metadata.namespace` for namespaced kinds. `validating`: the
 * command validates the object (create and apply unless --validate=false), which the real kubectl does
 * before discovery, so an unreachable server is reported as a validation failure.
 */
export async function manifestTarget(
  ctx: CommandContext,
  item: ManifestObject,
  options: { validating?: boolean } = {},
): Promise<ManifestTarget> {
  const { object } = item;
  const apiVersion = object.apiVersion ?? '';
  const kind = object.kind ?? '';
  let resource: ApiResource | undefined;
  try {
    resource = await ctx.mapper.forKind(apiVersion, kind);
  } catch (err) {
    // kubectl names the manifest and the discovery request it could not make.
    if (!(err instanceof ConnectionError) || err.syscallCode !== 'ECONNREFUSED') throw err;
    const server = ctx.connection.server.replace(/\/$/, '');
    const refused = `dial tcp ${new URL(server).host}: connect: connection refused`;
    if (options.validating) {
      throw new KubectlError(
        `error validating "${item.source}": error validating data: failed to download openapi: Get "${server}/openapi/v2?timeout=32s": ${refused}; if you choose to ignore these errors, turn validation off with --validate=false`,
        { cause: err },
      );
    }
    throw new KubectlError(
      `unable to recognize "${item.source}": Get "${server}/api?timeout=32s": ${refused}`,
      {
        cause: err,
      },
    );
  }
  const name = object.metadata.name ?? '';
  if (!resource) {
    throw new KubectlError(
      `resource mapping not found for name: "${name}" namespace: "${object.metadata.namespace ?? ''}" from "${item.source}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    );
  }
  if (!resource.namespaced) return { resource, target: { resource, name } };
  const own = object.metadata.namespace;
  if (own && ctx.connection.namespaceExplicit && own !== ctx.namespace) {
    throw new KubectlError(
      `the namespace from the provided object "${own}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  const namespace = own || ctx.namespace;
  object.metadata.namespace = namespace;
  return { resource, target: { resource, namespace, name } };
}

/** `pod/web`, `lease.coordination.k8s.io/x`. */
export function typedName(resource: ApiResource, object: KubeObject | string): string {
  const name = typeof object === 'string' ? object : (object.metadata.name ?? '');
  return `${resourceKindName(resource)}/${name}`;
}

/** `pod`, `lease.coordination.k8s.io`. */
export function resourceKindName(resource: ApiResource): string {
  const kind = resource.kind.toLowerCase();
  return resource.group === '' ? kind : `${kind}.${resource.group}`;
}
