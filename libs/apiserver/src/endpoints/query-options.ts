// Query parameters of resource requests, validated into the registry's request types.
import type { DeleteOptions } from '@groundkube/api';
import { badRequest } from '../registry/api-errors';
import type { ListRequest, WatchRequest, WriteRequest } from '../registry/rest';

export type FieldValidation = NonNullable<WriteRequest['fieldValidation']>;

function optional(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

function nonNegativeInt(query: URLSearchParams, name: string): number | undefined {
  const value = optional(query, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw badRequest(`${name}: Invalid value: ${JSON.stringify(value)}: must be a non-negative integer`);
  }
  return n;
}

function bool(query: URLSearchParams, name: string): boolean | undefined {
  const value = optional(query, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badRequest(`${name}: Invalid value: ${JSON.stringify(value)}: must be true or false`);
}

export function parseListRequest(query: URLSearchParams): ListRequest {
  const match = optional(query, 'resourceVersionMatch');
  if (match !== undefined && match !== 'Exact' && match !== 'NotOlderThan') {
    throw badRequest(
      `resourceVersionMatch: Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`,
    );
  }
  const resourceVersion = query.get('resourceVersion') ?? undefined;
  if (
    match === 'Exact' &&
    (resourceVersion === undefined || resourceVersion === '' || resourceVersion === '0')
  ) {
    throw badRequest(
      'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
  }
  const request: ListRequest = {
    labelSelector: optional(query, 'labelSelector'),
    fieldSelector: optional(query, 'fieldSelector'),
    limit: nonNegativeInt(query, 'limit'),
    continue: optional(query, 'continue'),
    resourceVersion,
    resourceVersionMatch: match,
  };
  return request;
}

export function parseWatchRequest(query: URLSearchParams): WatchRequest {
  return {
    ...parseListRequest(query),
    allowWatchBookmarks: bool(query, 'allowWatchBookmarks'),
    timeoutSeconds: nonNegativeInt(query, 'timeoutSeconds'),
    sendInitialEvents: bool(query, 'sendInitialEvents'),
  };
}

function parseDryRun(values: readonly string[]): boolean {
  for (const value of values) {
    if (value !== 'All') {
      throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "All"`);
    }
  }
  return values.length > 0;
}

function parseFieldValidation(query: URLSearchParams): FieldValidation {
  const value = optional(query, 'fieldValidation');
  // Kubernetes warns about unknown fields unless told otherwise.
  if (value === undefined) return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(
    `fieldValidation: Unsupported value: ${JSON.stringify(value)}: supported values: "Ignore", "Warn", "Strict"`,
  );
}

export function parseWriteRequest(
  query: URLSearchParams,
): WriteRequest & { fieldValidation: FieldValidation } {
  const fieldManager = optional(query, 'fieldManager');
  if (fieldManager !== undefined && fieldManager.length > 128) {
    throw badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  }
  return {
    dryRun: parseDryRun(query.getAll('dryRun').filter((v) => v !== '')),
    fieldManager,
    fieldValidation: parseFieldValidation(query),
  };
}

const PROPAGATION = new Set(['Orphan', 'Background', 'Foreground']);

/**
 * DeleteOptions from the body (kubectl sends `{"propagationPolicy":"Background"}`), with query
 * parameters (`gracePeriodSeconds`, `propagationPolicy`, `orphanDependents`) filling what the body lacks.
 */
export function parseDeleteOptions(body: Record<string, unknown>, query: URLSearchParams): DeleteOptions {
  if (body['kind'] !== undefined && body['kind'] !== 'DeleteOptions') {
    throw badRequest(`the body of a delete must be DeleteOptions, not ${String(body['kind'])}`);
  }
  const options: DeleteOptions = {};
  const grace = body['gracePeriodSeconds'] ?? nonNegativeIntOrNegative(query, 'gracePeriodSeconds');
  if (grace !== undefined && grace !== null) {
    if (typeof grace !== 'number' || !Number.isInteger(grace)) {
      throw badRequest('gracePeriodSeconds: Invalid value: must be an integer');
    }
    options.gracePeriodSeconds = grace;
  }
  const policy = body['propagationPolicy'] ?? optional(query, 'propagationPolicy');
  if (policy !== undefined && policy !== null) {
    if (typeof policy !== 'string' || !PROPAGATION.has(policy)) {
      throw badRequest(
        `propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
      );
    }
    options.propagationPolicy = policy as NonNullable<DeleteOptions['propagationPolicy']>;
  }
  const orphan = body['orphanDependents'] ?? bool(query, 'orphanDependents');
  if (typeof orphan === 'boolean') options.orphanDependents = orphan;
  const preconditions = body['preconditions'];
  if (preconditions !== undefined && preconditions !== null) {
    if (typeof preconditions !== 'object' || Array.isArray(preconditions)) {
      throw badRequest('preconditions: Invalid value: must be an object');
    }
    options.preconditions = preconditions as NonNullable<DeleteOptions['preconditions']>;
  }
  const dryRun = body['dryRun'];
  if (Array.isArray(dryRun)) options.dryRun = dryRun.map(String);
  return options;
}

/** gracePeriodSeconds may be negative in a request (treated by the registry as its default). */
function nonNegativeIntOrNegative(query: URLSearchParams, name: string): number | undefined {
  const value = optional(query, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw badRequest(`${name}: Invalid value: ${JSON.stringify(value)}: must be an integer`);
  }
  return n;
}
