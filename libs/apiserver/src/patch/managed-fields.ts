// Field sets in the `FieldsV1` form of metadata.managedFields: a tree whose keys name a map field
// (`f:name`), a list element by its merge key (`k:{"name":"nginx"}`), or a set member (`v:"a"`); the
// key "." marks that the element itself is owned.
import { isObject, type JsonObject } from './json-values';
import type { MergeSchema } from './merge-schema';

export type FieldsV1 = { [key: string]: FieldsV1 };

// Identity fields: part of every apply, owned by nobody.
const IDENTITY = new Set(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace']);

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function listEntries(list: unknown[], path: string, schema: MergeSchema): FieldsV1 {
  const strategy = schema[path];
  if (strategy === undefined) return {};
  const entries: FieldsV1 = {};
  for (const item of list) {
    if (strategy.mergeKey === undefined) {
      entries[`v:${JSON.stringify(item)}`] = {};
    } else if (isObject(item) && strategy.mergeKey in item) {
      const key = `k:${JSON.stringify({ [strategy.mergeKey]: item[strategy.mergeKey] })}`;
      entries[key] = { '.': {}, ...mapEntries(item, path, schema) };
    }
  }
  return entries;
}

function mapEntries(map: JsonObject, path: string, schema: MergeSchema): FieldsV1 {
  const entries: FieldsV1 = {};
  for (const [key, value] of Object.entries(map)) {
    const fieldPath = join(path, key);
    if (IDENTITY.has(fieldPath) || key.startsWith('$') || value === null || value === undefined) continue;
    if (isObject(value)) entries[`f:${key}`] = mapEntries(value, fieldPath, schema);
    else if (Array.isArray(value)) entries[`f:${key}`] = listEntries(value, fieldPath, schema);
    else entries[`f:${key}`] = {};
  }
  return entries;
}

/** The fields a configuration sets, as a FieldsV1 tree (identity fields excluded). */
export function fieldSetOf(configuration: JsonObject, schema: MergeSchema): FieldsV1 {
  return mapEntries(configuration, '', schema);
}

/** Does `set` contain exactly the node at `path` (a sequence of FieldsV1 keys)? */
export function hasField(set: FieldsV1 | undefined, path: readonly string[]): boolean {
  let node: FieldsV1 | undefined = set;
  for (const key of path) {
    node = node?.[key];
    if (node === undefined) return false;
  }
  return true;
}

/**
 * Paths (FieldsV1 key sequences) present in `previous` but not in `current`, highest first: when a
 * whole subtree disappeared, only its root is listed.
 */
export function removedFields(previous: FieldsV1, current: FieldsV1, prefix: string[] = []): string[][] {
  const removed: string[][] = [];
  for (const [key, child] of Object.entries(previous)) {
    if (key === '.') continue;
    const path = [...prefix, key];
    const now = current[key];
    if (now === undefined) removed.push(path);
    else removed.push(...removedFields(child, now, path));
  }
  return removed;
}

/** Removes the node named by a FieldsV1 path from a JSON object, in place; missing nodes are ignored. */
export function deleteField(object: JsonObject, path: readonly string[]): void {
  let node: unknown = object;
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1;
    if (key.startsWith('f:') && isObject(node)) {
      const name = key.slice(2);
      if (last) delete node[name];
      else node = node[name];
    } else if ((key.startsWith('k:') || key.startsWith('v:')) && Array.isArray(node)) {
      const at = node.findIndex((item) => elementMatches(item, key));
      if (at < 0) return;
      if (last) node.splice(at, 1);
      else node = node[at];
    } else {
      return;
    }
  }
}

function elementMatches(item: unknown, key: string): boolean {
  const wanted = JSON.parse(key.slice(2)) as unknown;
  if (key.startsWith('v:')) return JSON.stringify(item) === JSON.stringify(wanted);
  return (
    isObject(item) &&
    isObject(wanted) &&
    Object.entries(wanted).every(([k, v]) => JSON.stringify(item[k]) === JSON.stringify(v))
  );
}
