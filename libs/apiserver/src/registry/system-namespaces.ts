// The namespaces a cluster always has, created at API server start.
import { NAMESPACE_DEFAULT, NAMESPACE_NODE_LEASE, NAMESPACE_PUBLIC, NAMESPACE_SYSTEM } from '@groundkube/api';
import { isApiError } from './api-errors';
import type { Registries } from './registries';

export const SYSTEM_NAMESPACES: readonly string[] = [
  NAMESPACE_DEFAULT,
  NAMESPACE_SYSTEM,
  NAMESPACE_PUBLIC,
  NAMESPACE_NODE_LEASE,
];

/** Creates each system namespace that is missing; safe to call on every start. */
export async function ensureSystemNamespaces(
  registries: Registries,
  signal?: AbortSignal,
): Promise<string[]> {
  const created: string[] = [];
  const ctx = { namespace: '', signal: signal ?? new AbortController().signal };
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await registries.stores.namespaces.create(
        ctx,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        {},
      );
      created.push(name);
    } catch (err) {
      if (isApiError(err) && err.reason === 'AlreadyExists') continue;
      throw err;
    }
  }
  if (created.length > 0) registries.logger.info({ namespaces: created }, 'System namespaces created');
  return created;
}
