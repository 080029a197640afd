// Admission for namespaced writes: the namespace must exist, and must not be terminating when
// something new is created in it (Kubernetes' NamespaceLifecycle admission plugin).
import type { Namespace } from '@groundkube/api';
import type { Clock } from '@groundkube/client';
import { KeyNotFoundError, type Storage } from '@groundkube/storage';
import { type QualifiedResource, forbidden, notFound } from '../api-errors';
import { toApiError } from '../storage-errors';
import { objectKey } from './keys';

const NAMESPACES: QualifiedResource = { group: '', resource: 'namespaces' };

/**
 * How long a namespace seen Active is trusted without reading it again. Kubernetes' plugin reads
 * from an informer cache, which lags by about as much; this saves a read per create in bursts.
 */
export const ACTIVE_NAMESPACE_TTL_MS = 1_000;

export class NamespaceLifecycle {
  /** Namespace name → when it was last read as Active. */
  private readonly active = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /** Throws 404 when `namespace` is missing, 403 when it is being deleted. */
  async admitCreate(
    namespace: string,
    resource: QualifiedResource,
    name: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const seen = this.active.get(namespace);
    if (seen !== undefined && this.clock.now() - seen < ACTIVE_NAMESPACE_TTL_MS) return;
    this.active.delete(namespace);

    let ns: Namespace;
    try {
      ns = (await this.storage.get(objectKey({ resource: 'namespaces', namespaced: false }, '', namespace), {
        signal,
      })) as Namespace;
    } catch (err) {
      if (err instanceof KeyNotFoundError) throw notFound(NAMESPACES, namespace);
      throw toApiError(err, NAMESPACES, namespace);
    }
    if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
      throw forbidden(
        resource,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
    this.active.set(namespace, this.clock.now());
  }

  /** Forgets what was seen of `namespace` (called when it is marked for deletion). */
  forget(namespace: string): void {
    this.active.delete(namespace);
  }
}
