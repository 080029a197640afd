// The verbs a subresource does not serve. A subresource (`pods/status`, `pods/binding`) answers one or
// two verbs; ResourceRegistry has them all, so every other one is refused here with 405 MethodNotAllowed.
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '@groundkube/api';
import { type ApiError, methodNotAllowed } from '../api-errors';
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

/** Refuses every verb; a subclass overrides the ones its subresource serves. */
export abstract class SubresourceRegistry implements ResourceRegistry {
  abstract readonly resource: string;
  abstract readonly kind: string;
  abstract readonly namespaced: boolean;

  protected refuse(verb: string): ApiError {
    return methodNotAllowed(`${verb} is not supported on resources of kind "${this.resource}"`);
  }

  create(_ctx: RequestContext, _object: KubeObject, _request: WriteRequest): Promise<KubeObject> {
    return Promise.reject(this.refuse('create'));
  }

  get(_ctx: RequestContext, _name: string): Promise<KubeObject> {
    return Promise.reject(this.refuse('get'));
  }

  list(_ctx: RequestContext, _request: ListRequest): Promise<KubeList> {
    return Promise.reject(this.refuse('list'));
  }

  update(_c: RequestContext, _n: string, _u: ObjectUpdater, _r: WriteRequest): Promise<UpdateResult> {
    return Promise.reject(this.refuse('update'));
  }

  delete(_c: RequestContext, _n: string, _o: DeleteOptions, _r: WriteRequest): Promise<DeleteResult> {
    return Promise.reject(this.refuse('delete'));
  }

  deleteCollection(
    _c: RequestContext,
    _o: DeleteOptions,
    _l: ListRequest,
    _r: WriteRequest,
  ): Promise<KubeList> {
    return Promise.reject(this.refuse('deletecollection'));
  }

  /** Throws (not an iterable that fails): the endpoint turns it into the 405 before any response is sent. */
  watch(_ctx: RequestContext, _request: WatchRequest): AsyncIterable<WatchEvent<KubeObject | Status>> {
    throw this.refuse('watch');
  }
}
