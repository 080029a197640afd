// One entry point for PATCH requests: picks the algorithm from the Content-Type and applies the body.
import type { KubeObject } from '@groundkube/api';
import { PatchMalformedError, PatchTargetNotFoundError } from './errors';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { mergeSchemaFor } from './merge-schema';
import { patchTypeFromContentType, type PatchType } from './patch-types';
import { serverSideApply } from './server-side-apply';
import { applyStrategicMergePatch } from './strategic-merge-patch';

export interface PatchRequest {
  /** The request's Content-Type header. */
  readonly contentType: string | undefined;
  /** The raw request body. */
  readonly body: string;
  /** The stored object; undefined when it does not exist (only an apply patch may then create it). */
  readonly live: KubeObject | undefined;
  /** The kind and object the URL addresses (apiVersion as in objects: `v1`, `coordination.k8s.io/v1`). */
  readonly target: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  };
  /** The `fieldManager` query parameter (required for apply). */
  readonly fieldManager?: string | undefined;
  /** The clock, for managedFields timestamps. */
  readonly now: Date;
}

export interface PatchOutcome {
  readonly type: PatchType;
  /** The patched object (or, when `created`, the object to create). Not yet validated or stored. */
  readonly object: KubeObject;
  /** True when an apply patch addressed a missing object: the caller creates it (201). */
  readonly created: boolean;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new PatchMalformedError(`error decoding patch: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Applies a PATCH body to the live object. Throws UnsupportedPatchTypeError (415),
 * PatchMalformedError (400), PatchNotApplicableError (422) or PatchTargetNotFoundError (404: a
 * non-apply patch of a missing object). The caller then runs its usual update (or create) path.
 */
export function patchObject(request: PatchRequest): PatchOutcome {
  const type = patchTypeFromContentType(request.contentType);
  if (type === 'apply') {
    const { object, created } = serverSideApply({
      live: request.live,
      body: request.body,
      fieldManager: request.fieldManager,
      target: request.target,
      now: request.now,
    });
    return { type, object, created };
  }

  if (request.live === undefined) throw new PatchTargetNotFoundError(request.target.name);
  const patch = parseJson(request.body);
  switch (type) {
    case 'json':
      return { type, object: applyJsonPatch(request.live, patch), created: false };
    case 'merge':
      return { type, object: applyMergePatch(request.live, patch), created: false };
    case 'strategic': {
      const schema = mergeSchemaFor(request.target.apiVersion, request.target.kind);
      return { type, object: applyStrategicMergePatch(request.live, patch, schema), created: false };
    }
  }
}
