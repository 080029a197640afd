// JSON merge patch (RFC 7386): objects merge key by key, `null` removes a key, anything else
// (arrays included) replaces the target value wholesale.
import { PatchMalformedError } from './errors';
import { cloneJson, isObject, type JsonObject } from './json-values';

function merge(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}

/**
 * Applies `patch` to `original` and returns a new object (inputs untouched). The patch of an API
 * object must itself be a JSON object; anything else throws PatchMalformedError.
 */
export function applyMergePatch<T extends object>(original: T, patch: unknown): T {
  if (!isObject(patch)) throw new PatchMalformedError('a merge patch must be a JSON object');
  return merge(original, patch) as T;
}
