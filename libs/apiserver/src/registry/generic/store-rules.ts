// Small rules the generic store applies: preconditions, the expired-continue message, field copies.
import type { DeleteOptions, KubeObject, ObjectMeta } from '@groundkube/api';
import { type ApiError, type QualifiedResource, conflict, expired } from '../api-errors';

export function withoutResourceVersion(object: KubeObject): KubeObject {
  const metadata = { ...object.metadata };
  delete metadata.resourceVersion;
  return { ...object, metadata };
}

export function specOf(object: KubeObject): unknown {
  return (object as KubeObject & { spec?: unknown }).spec;
}

export function setOrDelete<K extends keyof ObjectMeta>(
  meta: ObjectMeta,
  key: K,
  value: ObjectMeta[K] | undefined,
): void {
  if (value === undefined) delete meta[key];
  else meta[key] = value;
}

export function checkDeletePreconditions(
  resource: QualifiedResource,
  name: string,
  live: KubeObject,
  options: DeleteOptions,
): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  if (uid !== undefined && uid !== live.metadata.uid) {
    throw conflict(
      resource,
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${live.metadata.uid ?? ''}`,
    );
  }
  if (resourceVersion !== undefined && resourceVersion !== live.metadata.resourceVersion) {
    throw conflict(
      resource,
      name,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion ?? ''}`,
    );
  }
}

export function expiredContinue(): ApiError {
  return expired(
    'The provided continue parameter is too old to display a consistent list result. You can start a new list ' +
      'without the continue parameter, or use the continue token in this response to retrieve the remainder of ' +
      'the results. Continuing with the provided token results in an inconsistent list - objects that were ' +
      'created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
}
