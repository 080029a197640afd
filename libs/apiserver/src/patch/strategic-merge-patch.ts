// Strategic merge patch: a JSON merge patch that knows the object's lists. Lists named in the
// kind's MergeSchema merge element by element (by merge key), everything else behaves as in RFC 7386.
// Directives understood, as clients such as `kubectl apply` send them:
//   null                                  delete the field
//   {"$patch": "replace"}                 in a map: replace the map; as a list element: replace the list
//   {"$patch": "delete", <key>: v}        as a list element: delete the element with that key
//   {"$patch": "delete"}                  in a map: delete the whole map
//   "$setElementOrder/<list>": [...]      the order of the merged list
//   "$deleteFromPrimitiveList/<list>": [] values to remove from a merged primitive list
//   "$retainKeys": [...]                  drop every other field of this map (merge,retainKeys fields)
import { PatchMalformedError, PatchNotApplicableError } from './errors';
import { cloneJson, isObject, jsonEqual, type JsonObject } from './json-values';
import type { ListStrategy, MergeSchema } from './merge-schema';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

const childPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

class StrategicMerger {
  constructor(private readonly schema: MergeSchema) {}

  /** Merges `patch` into `original`; undefined means "delete this map" ($patch: delete). */
  mergeMap(original: JsonObject, patch: JsonObject, path: string): JsonObject | undefined {
    const directive = patch[PATCH];
    if (directive !== undefined) {
      if (directive === 'delete') return undefined;
      if (directive === 'replace') return stripDirectives(patch);
      if (directive !== 'merge')
        throw new PatchMalformedError(`unknown patch type: ${String(directive)} in map`);
    }

    let result: JsonObject = { ...original };
    const retain = patch[RETAIN_KEYS];
    if (retain !== undefined) result = this.retainKeys(result, patch, retain);

    for (const [key, value] of Object.entries(patch)) {
      if (key === PATCH || key === RETAIN_KEYS) continue;
      if (key.startsWith(DELETE_PRIMITIVES)) {
        this.deleteFromPrimitiveList(result, key.slice(DELETE_PRIMITIVES.length), value);
        continue;
      }
      if (key.startsWith(SET_ORDER)) {
        const list = key.slice(SET_ORDER.length);
        // Only an order and no list change: reorder what is there.
        if (!(list in patch) && Array.isArray(result[list])) {
          result[list] = this.mergeList(result[list] as unknown[], [], childPath(path, list), value);
        }
        continue;
      }
      this.mergeField(result, key, value, patch, path);
    }
    return result;
  }

  private mergeField(result: JsonObject, key: string, value: unknown, patch: JsonObject, path: string): void {
    const fieldPath = childPath(path, key);
    if (value === null) {
      delete result[key];
    } else if (isObject(value)) {
      const merged = this.mergeMap(isObject(result[key]) ? result[key] : {}, value, fieldPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      const strategy = this.schema[fieldPath];
      const current = Array.isArray(result[key]) ? (result[key] as unknown[]) : [];
      result[key] =
        strategy === undefined
          ? stripListDirectives(value)
          : this.mergeList(current, value, fieldPath, patch[`${SET_ORDER}${key}`], strategy);
    } else {
      result[key] = cloneJson(value);
    }
  }

  private retainKeys(result: JsonObject, patch: JsonObject, retain: unknown): JsonObject {
    if (!Array.isArray(retain) || !retain.every((k) => typeof k === 'string')) {
      throw new PatchMalformedError('invalid patch: $retainKeys must be a list of strings');
    }
    for (const key of Object.keys(patch)) {
      if (key.startsWith('$') || patch[key] === null) continue;
      if (!retain.includes(key)) {
        throw new PatchNotApplicableError(
          `the patch has a field ${JSON.stringify(key)} not listed in $retainKeys`,
        );
      }
    }
    return Object.fromEntries(Object.entries(result).filter(([k]) => retain.includes(k)));
  }

  private deleteFromPrimitiveList(result: JsonObject, key: string, values: unknown): void {
    if (!Array.isArray(values)) {
      throw new PatchMalformedError(`invalid patch: ${DELETE_PRIMITIVES}${key} must be a list`);
    }
    const current = result[key];
    if (!Array.isArray(current)) return;
    result[key] = current.filter((item) => !values.some((v) => jsonEqual(v, item)));
  }

  mergeList(
    original: unknown[],
    patch: unknown[],
    path: string,
    order: unknown,
    strategy: ListStrategy = this.schema[path] ?? {},
  ): unknown[] {
    if (patch.some((item) => isObject(item) && item[PATCH] === 'replace')) {
      return stripListDirectives(patch.filter((item) => !(isObject(item) && item[PATCH] === 'replace')));
    }
    if (patch.some(Array.isArray))
      throw new PatchNotApplicableError(`lists of lists are not supported: ${path}`);

    const keyOf =
      strategy.mergeKey === undefined
        ? (item: unknown) => JSON.stringify(item)
        : (item: unknown) => this.keyOf(item, strategy.mergeKey!, path);
    const merged =
      strategy.mergeKey === undefined
        ? this.mergeSet(original, patch)
        : this.mergeByKey(original, patch, path, keyOf);
    return order === undefined ? merged : this.reorder(merged, original, order, keyOf, path);
  }

  private keyOf(item: unknown, mergeKey: string, path: string): string {
    if (!isObject(item) || !(mergeKey in item)) {
      throw new PatchNotApplicableError(
        `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey} (in ${path})`,
      );
    }
    return JSON.stringify(item[mergeKey]);
  }

  /** A merged list of primitives is a set: patch values not present are appended. */
  private mergeSet(original: unknown[], patch: unknown[]): unknown[] {
    const result = [...original];
    for (const value of patch) {
      if (isObject(value))
        throw new PatchMalformedError('invalid patch: a primitive list cannot hold directives');
      if (!result.some((v) => jsonEqual(v, value))) result.push(cloneJson(value));
    }
    return result;
  }

  private mergeByKey(
    original: unknown[],
    patch: unknown[],
    path: string,
    keyOf: (item: unknown) => string,
  ): unknown[] {
    const result = original.map((item) => cloneJson(item));
    for (const item of patch) {
      const key = keyOf(item);
      const index = result.findIndex((existing) => isObject(existing) && keyOf(existing) === key);
      const element = item as JsonObject;
      if (element[PATCH] === 'delete') {
        if (index >= 0) result.splice(index, 1);
        continue;
      }
      if (index < 0) {
        result.push(this.mergeMap({}, element, path) ?? {});
        continue;
      }
      const merged = this.mergeMap(result[index] as JsonObject, element, path);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    }
    return result;
  }

  /**
   * `$setElementOrder`: elements named in `order` come in that order; elements only the server had keep
   * their relative place among them (Kubernetes merges both sequences by the server's original order).
   */
  private reorder(
    merged: unknown[],
    original: unknown[],
    order: unknown,
    keyOf: (item: unknown) => string,
    path: string,
  ): unknown[] {
    if (!Array.isArray(order))
      throw new PatchMalformedError(`invalid patch: ${SET_ORDER}${path} must be a list`);
    const orderKeys = order.map((entry) => keyOf(entry));
    const serverIndex = new Map(original.map((item, i) => [keyOf(item), i] as const));
    const byKey = new Map(merged.map((item) => [keyOf(item), item] as const));

    const ordered = orderKeys.filter((k) => byKey.has(k));
    const serverOnly = merged.map(keyOf).filter((k) => !orderKeys.includes(k));
    const result: unknown[] = [];
    let i = 0;
    let j = 0;
    while (i < ordered.length || j < serverOnly.length) {
      const next = ordered[i];
      const other = serverOnly[j];
      const takeOrdered =
        other === undefined ||
        (next !== undefined &&
          (serverIndex.get(next) ?? -1) < (serverIndex.get(other) ?? Number.MAX_SAFE_INTEGER));
      const key = takeOrdered ? next! : other;
      if (takeOrdered) i++;
      else j++;
      result.push(byKey.get(key));
    }
    return result;
  }
}

function stripDirectives(map: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(map)) {
    if (
      key === PATCH ||
      key === RETAIN_KEYS ||
      key.startsWith(SET_ORDER) ||
      key.startsWith(DELETE_PRIMITIVES)
    )
      continue;
    if (value === null) continue;
    result[key] = isObject(value)
      ? stripDirectives(value)
      : Array.isArray(value)
        ? stripListDirectives(value)
        : value;
  }
  return result;
}

function stripListDirectives(list: unknown[]): unknown[] {
  return list
    .filter((item) => !(isObject(item) && item[PATCH] === 'delete'))
    .map((item) => (isObject(item) ? stripDirectives(item) : cloneJson(item)));
}

/**
 * Applies a strategic merge patch to a copy of `original`, using `schema` for list semantics.
 * Throws PatchMalformedError for bad directives (400) and PatchNotApplicableError when the patch
 * cannot apply (an element without its merge key, fields outside `$retainKeys`; 422).
 */
export function applyStrategicMergePatch<T extends object>(
  original: T,
  patch: unknown,
  schema: MergeSchema,
): T {
  if (!isObject(patch)) throw new PatchMalformedError('a strategic merge patch must be a JSON object');
  const merged = new StrategicMerger(schema).mergeMap(cloneJson(original) as JsonObject, patch, '');
  if (merged === undefined)
    throw new PatchNotApplicableError('a strategic merge patch cannot delete the whole object');
  return merged as T;
}
