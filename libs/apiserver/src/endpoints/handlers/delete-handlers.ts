// DELETE of one object and of a collection.
import type { KubeObject, Status } from '@groundkube/api';
import { parseDeleteOptions, parseListRequest, parseWriteRequest } from '../query-options';
import { decodeOptionalBody, readBody } from '../request-body';
import { encodeList, encodeObject, negotiateOutput, sendJson } from '../response-encoding';
import type { ResourceRequestInfo } from '../request-info';
import type { HandlerContext } from './handler-context';

/**
 * Resources whose immediate delete answers with the deleted object, as in Kubernetes (its stores
 * for pods and services set ReturnDeletedObject); the others answer a Success Status.
 */
const RETURNS_DELETED_OBJECT = new Set(['/pods', '/services']);

function successStatus(info: ResourceRequestInfo, object: KubeObject): Status {
  const details: NonNullable<Status['details']> = { name: info.name, kind: info.resource };
  if (info.group !== '') details.group = info.group;
  if (object.metadata?.uid !== undefined) details.uid = object.metadata.uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

async function deleteInputs(h: HandlerContext) {
  const body = decodeOptionalBody(h.req.headers['content-type'], await readBody(h.req));
  const options = parseDeleteOptions(body, h.query);
  const write = parseWriteRequest(h.query);
  const dryRun = write.dryRun === true || (options.dryRun ?? []).includes('All');
  return { options, write: { ...write, dryRun } };
}

export async function handleDelete(h: HandlerContext): Promise<void> {
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const { options, write } = await deleteInputs(h);
  const result = await h.registry.delete(h.ctx, h.info.name, options, write);

  if (!result.deleted) {
    // Graceful deletion pending: the marked object. 202 only when cascading was asked for the old way.
    const code = options.orphanDependents === false ? 202 : 200;
    sendJson(h.res, code, encodeObject(result.object, h.info.definition, form, h.now()));
  } else if (RETURNS_DELETED_OBJECT.has(`${h.info.group}/${h.info.resource}`)) {
    sendJson(h.res, 200, encodeObject(result.object, h.info.definition, form, h.now()));
  } else {
    sendJson(h.res, 200, successStatus(h.info, result.object));
  }
}

export async function handleDeleteCollection(h: HandlerContext): Promise<void> {
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const { options, write } = await deleteInputs(h);
  const list = await h.registry.deleteCollection(h.ctx, options, parseListRequest(h.query), write);
  sendJson(h.res, 200, encodeList(list, h.info.definition, form, h.now(), h.path));
}
