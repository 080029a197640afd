// POST (create) and PUT (update) of whole objects.
import {
  checkUnknownFields,
  sendWarnings,
  withoutUnknownFields,
  type UnknownFieldCheck,
} from '../field-validation';
import { expectedType, objectForWrite } from '../object-checks';
import { checkStructure } from '../structure-check';
import { parseWriteRequest, type FieldValidation } from '../query-options';
import { decodeObjectBody, readBody } from '../request-body';
import { encodeObject, negotiateOutput, sendJson } from '../response-encoding';
import type { ResourceRequestInfo } from '../request-info';
import type { HandlerContext } from './handler-context';

export function unknownFieldCheck(info: ResourceRequestInfo, mode: FieldValidation): UnknownFieldCheck {
  const { kind, apiVersion, version } = expectedType(info);
  return { kind, apiVersion, version, mode };
}

export async function handleCreate(h: HandlerContext): Promise<void> {
  const write = parseWriteRequest(h.query);
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const body = decodeObjectBody(h.req.headers['content-type'], await readBody(h.req));
  const check = unknownFieldCheck(h.info, write.fieldValidation);
  const warnings = checkUnknownFields(body, check);
  const object = objectForWrite(withoutUnknownFields(body, check), h.info);
  checkStructure(object, expectedType(h.info));

  const created = await h.registry.create(h.ctx, object, write);
  sendWarnings(h.res, warnings);
  sendJson(h.res, 201, encodeObject(created, h.info.definition, form, h.now()));
}

export async function handleUpdate(h: HandlerContext): Promise<void> {
  const write = parseWriteRequest(h.query);
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const body = decodeObjectBody(h.req.headers['content-type'], await readBody(h.req));
  const check = unknownFieldCheck(h.info, write.fieldValidation);
  const warnings = checkUnknownFields(body, check);
  const object = objectForWrite(withoutUnknownFields(body, check), h.info, { requireName: true });
  checkStructure(object, expectedType(h.info));

  const result = await h.registry.update(h.ctx, h.info.name, () => object, write);
  sendWarnings(h.res, warnings);
  sendJson(h.res, result.created ? 201 : 200, encodeObject(result.object, h.info.definition, form, h.now()));
}
