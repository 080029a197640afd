// Keys of cached objects: `namespace/name`, or `name` for cluster-scoped objects (client-go's MetaNamespaceKey).

import type { KubeObject } from '@groundkube/api';

export function objectKey(obj: KubeObject): string {
  const { namespace, name } = obj.metadata;
  if (name === undefined || name === '') throw new TypeError('object has no metadata.name');
  return namespace ? `${namespace}/${name}` : name;
}

export function splitObjectKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
