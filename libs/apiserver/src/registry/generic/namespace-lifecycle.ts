// Admission for namespaced writes: the namespace must exist, and must not be terminating when
// something new is created in it (Kubernetes' NamespaceLifecycle admission plugin).
import type { Namespace } from '@groundkube/api';
import { KeyNotFoundError, type Storage } from '@groundkube/storage';
import { type QualifiedResource, forbidden, notFound } from '../api-errors';
import { toApiError } from '../storage-errors';
import { objectKey } from './keys';

const NAMESPACES: QualifiedResource = { group: '', resource: 'namespaces' };

export class NamespaceLifecycle {
  constructor(private readonly storage: Storage) {}

  /** Throws 404 when `namespace` is missing, 403 when it is being deleted. */
  async admitCreate(namespace: string, resource: QualifiedResource, name: string, signal?: AbortSignal): Promise<void> {
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
  }
}
