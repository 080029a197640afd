// How objects become stored values and back. resourceVersion is never stored: it is the revision.
import type { KubeObject } from '@groundkube/api';
import { ConflictError } from './errors';
import type { Preconditions } from './storage';

export function encodeObject(object: KubeObject): string {
  const metadata = { ...object.metadata };
  delete metadata.resourceVersion;
  return JSON.stringify({ ...object, metadata });
}

export function decodeObject(value: string | Buffer, revision: number): KubeObject {
  const object = JSON.parse(value.toString()) as KubeObject;
  object.metadata = { ...object.metadata, resourceVersion: String(revision) };
  return object;
}

/** Throws ConflictError when `current` does not satisfy `preconditions`. */
export function checkPreconditions(key: string, current: KubeObject, preconditions?: Preconditions): void {
  if (!preconditions) return;
  if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid) {
    throw new ConflictError(
      key,
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
    );
  }
  if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== current.metadata.resourceVersion
  ) {
    throw new ConflictError(
      key,
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
    );
  }
}

/** Whether an update function left the object unchanged (then nothing is written). */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  return encodeObject(a) === encodeObject(b);
}
