// The `includeObject` query parameter: what each table row carries in `object`.
import type { KubeObject, PartialObjectMetadata } from '@groundkube/api';
import { InvalidIncludeObjectError } from './errors';

/** None: no object; Metadata (the default): PartialObjectMetadata; Object: the full object. */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';

/** Reads the query value; absent or '' means Metadata. Throws InvalidIncludeObjectError otherwise. */
export function parseIncludeObject(value: string | undefined): IncludeObjectPolicy {
  if (value === undefined || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw new InvalidIncludeObjectError(value);
}

/** The object's metadata wrapped as meta.k8s.io/v1 PartialObjectMetadata. */
export function partialObjectMetadata(object: KubeObject): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata ?? {} };
}

/** What a row's `object` holds under `policy`; undefined means the key is omitted. */
export function rowObject(object: KubeObject, policy: IncludeObjectPolicy): KubeObject | undefined {
  switch (policy) {
    case 'None':
      return undefined;
    case 'Metadata':
      return partialObjectMetadata(object);
    case 'Object':
      return object;
  }
}
