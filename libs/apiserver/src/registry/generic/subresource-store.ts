// `<resource>/status`: get and update (and so patch) of one object's status through the main
// store, with a strategy that writes nothing but status. Other verbs are not served.
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '@groundkube/api';
import { methodNotAllowed } from '../api-errors';
import type {
  DeleteResult,
  ListRequest,
  ObjectUpdater,
  RequestContext,
  ResourceRegistry,
  UpdateResult,
  WatchRequest,
  WriteRequest,
} from '../rest';
import type { ResourceStrategy } from '../strategy';
import type { GenericStore } from './store';

export class StatusStore implements ResourceRegistry {
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;

  constructor(
    private readonly main: GenericStore,
    private readonly strategy: ResourceStrategy,
    subresource = 'status',
  ) {
    this.resource = `${main.resource}/${subresource}`;
    this.kind = main.kind;
    this.namespaced = main.namespaced;
  }

  private refuse(verb: string): never {
    throw methodNotAllowed(`${verb} is not supported on resources of kind "${this.resource}"`);
  }

  get(ctx: RequestContext, name: string): Promise<KubeObject> {
    return this.main.get(ctx, name);
  }

  update(
    ctx: RequestContext,
    name: string,
    updater: ObjectUpdater,
    request: WriteRequest,
  ): Promise<UpdateResult> {
    return this.main.updateWith(this.strategy, ctx, name, updater, request);
  }

  create(_ctx: RequestContext, _object: KubeObject, _request: WriteRequest): Promise<KubeObject> {
    return Promise.reject(
      methodNotAllowed(`create is not supported on resources of kind "${this.resource}"`),
    );
  }

  list(_ctx: RequestContext, _request: ListRequest): Promise<KubeList> {
    return Promise.reject(methodNotAllowed(`list is not supported on resources of kind "${this.resource}"`));
  }

  delete(_ctx: RequestContext, _name: string, _o: DeleteOptions, _r: WriteRequest): Promise<DeleteResult> {
    return Promise.reject(
      methodNotAllowed(`delete is not supported on resources of kind "${this.resource}"`),
    );
  }

  deleteCollection(
    _ctx: RequestContext,
    _o: DeleteOptions,
    _l: ListRequest,
    _r: WriteRequest,
  ): Promise<KubeList> {
    return Promise.reject(
      methodNotAllowed(`deletecollection is not supported on resources of kind "${this.resource}"`),
    );
  }

  watch(_ctx: RequestContext, _request: WatchRequest): AsyncIterable<WatchEvent<KubeObject | Status>> {
    return this.refuse('watch');
  }
}
