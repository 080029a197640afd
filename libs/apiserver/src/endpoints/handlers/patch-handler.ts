// PATCH: the body is applied to the live object inside the registry's update, so a write that races
// another is re-applied to the newer object. An apply patch (server-side apply) of a missing object
// creates it. Unknown fields never reach storage: an apply configuration is judged and stripped
// before it is applied (so managedFields never lists them), any other patch's result after.
import type { KubeObject } from '@groundkube/api';
import { parseApplyBody, patchObject, patchTypeFromContentType } from '../../patch';
import { isApiError } from '../../registry/api-errors';
import {
  checkUnknownFields,
  sendWarnings,
  unknownFieldsOf,
  withoutUnknownFields,
  type UnknownFieldCheck,
} from '../field-validation';
import { expectedType } from '../object-checks';
import { checkStructure } from '../structure-check';
import { parseWriteRequest } from '../query-options';
import { readBody } from '../request-body';
import { encodeObject, negotiateOutput, sendJson } from '../response-encoding';
import { toApiError } from '../errors-to-status';
import { qualifiedResource, type HandlerContext } from './handler-context';
import { unknownFieldCheck } from './write-handlers';

/** The apply configuration without unknown fields (as JSON text), and the warnings they earn. */
function knownApplyConfiguration(
  body: string,
  check: UnknownFieldCheck,
): { body: string; warnings: string[] } {
  const configuration = parseApplyBody(body);
  const warnings = checkUnknownFields(configuration, check);
  return { body: JSON.stringify(withoutUnknownFields(configuration, check)), warnings };
}

export async function handlePatch(h: HandlerContext): Promise<void> {
  const contentType = h.req.headers['content-type'];
  const patchType = patchTypeFromContentType(contentType); // 415 before anything else
  const write = parseWriteRequest(h.query);
  const form = negotiateOutput(h.req.headers.accept, h.query);
  const raw = (await readBody(h.req)).toString('utf8');
  const check = unknownFieldCheck(h.info, write.fieldValidation);
  const { kind, apiVersion } = expectedType(h.info);
  const target = {
    apiVersion,
    kind,
    name: h.info.name,
    ...(h.info.namespace !== '' ? { namespace: h.info.namespace } : {}),
  };

  let warnings: string[] = [];
  let body = raw;
  if (patchType === 'apply') ({ body, warnings } = knownApplyConfiguration(raw, check));

  const patch = (live: KubeObject | undefined): KubeObject => {
    try {
      const outcome = patchObject({
        contentType,
        body,
        live,
        target,
        fieldManager: write.fieldManager,
        now: h.now(),
      });
      checkStructure(outcome.object, expectedType(h.info));
      if (patchType !== 'apply') {
        const baseline = live === undefined ? [] : unknownFieldsOf(live, check);
        warnings = checkUnknownFields(outcome.object, check, baseline);
      }
      return withoutUnknownFields(outcome.object, check);
    } catch (error) {
      // Registries pass ApiErrors through their update unchanged; anything else would become a 500.
      throw toApiError(error, { resource: qualifiedResource(h.info), name: h.info.name });
    }
  };

  let result: { object: KubeObject; created: boolean };
  try {
    result = await h.registry.update(h.ctx, h.info.name, patch, write);
  } catch (error) {
    // Registries that refuse create-on-update answer 404; an apply patch may still create.
    if (patchType !== 'apply' || !isApiError(error) || error.code !== 404) throw error;
    result = { object: await h.registry.create(h.ctx, patch(undefined), write), created: true };
  }
  sendWarnings(h.res, warnings);
  sendJson(h.res, result.created ? 201 : 200, encodeObject(result.object, h.info.definition, form, h.now()));
}
