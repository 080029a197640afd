// GET of one object, and of a collection.
import { encodeList, encodeObject, negotiateOutput, sendJson } from '../response-encoding';
import { parseListRequest } from '../query-options';
import type { HandlerContext } from './handler-context';

export async function handleGet(h: HandlerContext): Promise<void> {
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const object = await h.registry.get(h.ctx, h.info.name);
  sendJson(h.res, 200, encodeObject(object, h.info.definition, form, h.now()));
}

export async function handleList(h: HandlerContext): Promise<void> {
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const request = parseListRequest(h.query);
  const list = await h.registry.list(h.ctx, request);
  sendJson(h.res, 200, encodeList(list, h.info.definition, form, h.now(), h.path));
}
