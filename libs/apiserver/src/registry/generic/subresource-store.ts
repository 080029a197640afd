// `<resource>/status`: get and update (and so patch) of one object's status through the main
// store, with a strategy that writes nothing but status. Other verbs are not served.
import type { KubeObject } from '@groundkube/api';
import type { ObjectUpdater, RequestContext, UpdateResult, WriteRequest } from '../rest';
import type { ResourceStrategy } from '../strategy';
import type { GenericStore } from './store';
import { SubresourceRegistry } from './subresource-registry';

export class StatusStore extends SubresourceRegistry {
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;

  constructor(
    private readonly main: GenericStore,
    private readonly strategy: ResourceStrategy,
    subresource = 'status',
  ) {
    super();
    this.resource = `${main.resource}/${subresource}`;
    this.kind = main.kind;
    this.namespaced = main.namespaced;
  }

  override get(ctx: RequestContext, name: string): Promise<KubeObject> {
    return this.main.get(ctx, name);
  }

  override update(
    ctx: RequestContext,
    name: string,
    updater: ObjectUpdater,
    request: WriteRequest,
  ): Promise<UpdateResult> {
    return this.main.updateWith(this.strategy, ctx, name, updater, request);
  }
}
