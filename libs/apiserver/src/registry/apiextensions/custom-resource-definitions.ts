// apiextensions.k8s.io/v1 customresourcedefinitions, served read-only and always empty: groundkube
// serves no custom resources. It is there for clients that ask before they act: the real kubectl's
// client-side validation lists CRDs when OpenAPI does not know a kind, and with an empty list it
// reports the kind as unmapped ("ensure CRDs are installed first") instead of a failed lookup. Writes
// never get here: the catalogue lists get, list and watch only, and its `refusal` answers the rest.
import type { KubeList, KubeObject, Status, WatchEvent } from '@groundkube/api';
import type { Storage } from '@groundkube/storage';
import { notFound } from '../api-errors';
import { toApiError } from '../storage-errors';
import { SubresourceRegistry } from '../generic/subresource-registry';
import type { ListRequest, RequestContext, WatchRequest } from '../rest';

const RESOURCE = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' };

export class CustomResourceDefinitionRegistry extends SubresourceRegistry {
  readonly resource = 'customresourcedefinitions';
  readonly kind = 'CustomResourceDefinition';
  readonly namespaced = false;

  constructor(private readonly storage: Storage) {
    super();
  }

  override get(_ctx: RequestContext, name: string): Promise<KubeObject> {
    return Promise.reject(notFound(RESOURCE, name));
  }

  /** An empty list at the store's current revision, so a watch can start from it. */
  override async list(ctx: RequestContext, _request: ListRequest): Promise<KubeList> {
    const revision = await this.storage
      .currentRevision({ signal: ctx.signal })
      .catch((err: unknown) => Promise.reject(toApiError(err, RESOURCE)));
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinitionList',
      metadata: { resourceVersion: String(revision) },
      items: [],
    };
  }

  /** Nothing ever changes: the stream stays open, silent, until the client or the timeout ends it. */
  override async *watch(
    ctx: RequestContext,
    _request: WatchRequest,
  ): AsyncIterable<WatchEvent<KubeObject | Status>> {
    if (ctx.signal.aborted) return;
    await new Promise<void>((resolve) =>
      ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    yield* [];
  }
}
