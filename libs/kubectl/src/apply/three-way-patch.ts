// The strategic merge patch `kubectl apply` sends, computed from three versions of an object:
// - original: what the last apply sent (the last-applied-configuration annotation), or nothing;
// - modified: what is being applied now;
// - current: the live object.
// Fields the user removed since the last apply (in original, not in modified) become `null`; fields whose
// modified value differs from the live one are set. Fields only the server or other writers set (in current,
// never in original or modified) are left alone. Lists with a merge key (containers by name, ports by
// containerPort…) are patched element by element with a `$setElementOrder/<field>` directive; removed elements
// get `{"$patch": "delete"}`; every other list is replaced whole.

export type JsonMap = Record<string, unknown>;

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Merge keys of the core/v1 lists, by the field's path with list indices dropped (e.g. `spec.containers`). */
const MERGE_KEYS: Record<string, string> = {
  'spec.containers': 'name',
  'spec.initContainers': 'name',
  'spec.ephemeralContainers': 'name',
  'spec.containers.ports': 'containerPort',
  'spec.initContainers.ports': 'containerPort',
  'spec.containers.env': 'name',
  'spec.initContainers.env': 'name',
  'spec.containers.volumeMounts': 'mountPath',
  'spec.initContainers.volumeMounts': 'mountPath',
  'spec.containers.volumeDevices': 'devicePath',
  'spec.volumes': 'name',
  'spec.imagePullSecrets': 'name',
  'spec.hostAliases': 'ip',
  'spec.resourceClaims': 'name',
  'spec.template.spec.containers': 'name',
  'spec.template.spec.initContainers': 'name',
  'spec.template.spec.containers.ports': 'containerPort',
  'spec.template.spec.containers.env': 'name',
  'spec.template.spec.containers.volumeMounts': 'mountPath',
  'spec.template.spec.volumes': 'name',
  'metadata.ownerReferences': 'uid',
  'status.conditions': 'type',
};

/** Merge keys that differ by kind: a Service's ports merge by `port`, not `containerPort`. */
const KIND_MERGE_KEYS: Record<string, Record<string, string>> = {
  Service: { 'spec.ports': 'port' },
  Node: { 'status.addresses': 'type', 'status.conditions': 'type' },
};

export interface ThreeWayInput {
  original: JsonMap | undefined;
  modified: JsonMap;
  current: JsonMap;
  kind: string;
}

/** The patch; an empty object means there is nothing to change. */
export function threeWayMergePatch(input: ThreeWayInput): JsonMap {
  const mergeKeyOf = (path: string): string | undefined => KIND_MERGE_KEYS[input.kind]?.[path] ?? MERGE_KEYS[path];
  return diffMaps(input.original, input.modified, input.current, '', mergeKeyOf);
}

type MergeKeyOf = (path: string) => string | undefined;

function diffMaps(
  original: JsonMap | undefined,
  modified: JsonMap,
  current: JsonMap | undefined,
  path: string,
  mergeKeyOf: MergeKeyOf,
): JsonMap {
  const patch: JsonMap = {};
  for (const key of Object.keys(original ?? {})) {
    if (!(key in modified)) patch[key] = null;
  }
  for (const [key, value] of Object.entries(modified)) {
    const fieldPath = path === '' ? key : `${path}.${key}`;
    const live = current?.[key];
    const before = original?.[key];
    if (isMap(value) && isMap(live)) {
      const sub = diffMaps(isMap(before) ? before : undefined, value, live, fieldPath, mergeKeyOf);
      if (Object.keys(sub).length > 0) patch[key] = sub;
      continue;
    }
    const mergeKey = mergeKeyOf(fieldPath);
    if (mergeKey !== undefined && Array.isArray(value) && Array.isArray(live) && value.every(isMap)) {
      const beforeList = Array.isArray(before) ? before.filter(isMap) : [];
      const result = diffMergeList(beforeList, value, live.filter(isMap), fieldPath, mergeKey, mergeKeyOf);
      if (result.elements.length > 0 || result.orderChanged) {
        patch[`$setElementOrder/${key}`] = value.map((element) => ({ [mergeKey]: element[mergeKey] }));
      }
      if (result.elements.length > 0) patch[key] = result.elements;
      continue;
    }
    if (!deepEqual(value, live)) patch[key] = value;
  }
  return patch;
}

function diffMergeList(
  original: JsonMap[],
  modified: JsonMap[],
  current: JsonMap[],
  path: string,
  mergeKey: string,
  mergeKeyOf: MergeKeyOf,
): { elements: JsonMap[]; orderChanged: boolean } {
  const keyOf = (element: JsonMap): string => JSON.stringify(element[mergeKey]);
  const currentByKey = new Map(current.map((element) => [keyOf(element), element]));
  const originalByKey = new Map(original.map((element) => [keyOf(element), element]));
  const modifiedKeys = new Set(modified.map(keyOf));
  const elements: JsonMap[] = [];
  for (const element of modified) {
    const live = currentByKey.get(keyOf(element));
    if (live === undefined) {
      elements.push(element);
      continue;
    }
    const sub = diffMaps(originalByKey.get(keyOf(element)), element, live, path, mergeKeyOf);
    if (Object.keys(sub).length > 0) elements.push({ ...sub, [mergeKey]: element[mergeKey] });
  }
  for (const element of original) {
    if (!modifiedKeys.has(keyOf(element))) elements.push({ $patch: 'delete', [mergeKey]: element[mergeKey] });
  }
  const liveOrder = current.map(keyOf).filter((key) => modifiedKeys.has(key));
  const wantedOrder = modified.map(keyOf).filter((key) => currentByKey.has(key));
  return { elements, orderChanged: liveOrder.join() !== wantedOrder.join() };
}

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/** The annotation value kubectl stores: the applied object as compact JSON, keys sorted, newline-terminated. */
export function lastAppliedValue(object: JsonMap): string {
  return `${JSON.stringify(sortDeep(object))}\n`;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (isMap(value)) {
    const out: JsonMap = {};
    for (const key of Object.keys(value).sort()) out[key] = sortDeep(value[key]);
    return out;
  }
  return value;
}
