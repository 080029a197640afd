// Every storage error becomes the API error Kubernetes gives for it, at the registry boundary.
import {
  ConflictError,
  InvalidError,
  KeyExistsError,
  KeyNotFoundError,
  ResourceVersionTooOldError,
  UnavailableError,
} from '@groundkube/storage';
import { ApiError } from './api-errors';
import { toApiError } from './storage-errors';

const pods = { group: '', resource: 'pods' };
const leases = { group: 'coordination.k8s.io', resource: 'leases' };

describe('toApiError', () => {
  it.each([
    [
      'key exists',
      new KeyExistsError('/registry/pods/default/x'),
      pods,
      409,
      'AlreadyExists',
      'pods "x" already exists',
    ],
    [
      'key not found',
      new KeyNotFoundError('/registry/pods/default/x'),
      pods,
      404,
      'NotFound',
      'pods "x" not found',
    ],
    [
      'lease not found',
      new KeyNotFoundError('k'),
      leases,
      404,
      'NotFound',
      'leases.coordination.k8s.io "x" not found',
    ],
    [
      'precondition',
      new ConflictError('k', 'Precondition failed: UID in precondition: a, UID in object meta: b'),
      pods,
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods "x": Precondition failed: UID in precondition: a, UID in object meta: b',
    ],
    [
      'too old',
      new ResourceVersionTooOldError(5, 40),
      pods,
      410,
      'Expired',
      'too old resource version: 5 (40)',
    ],
    [
      'invalid',
      new InvalidError('continue key is not valid'),
      pods,
      400,
      'BadRequest',
      'continue key is not valid',
    ],
    [
      'unavailable',
      new UnavailableError('etcd request failed: down'),
      pods,
      503,
      'ServiceUnavailable',
      'etcd request failed: down',
    ],
  ])('%s', (_case, error, resource, code, reason, message) => {
    const translated = toApiError(error, resource, 'x');
    expect(translated).toBeInstanceOf(ApiError);
    const api = translated as ApiError;
    expect([api.code, api.reason, api.message]).toEqual([code, reason, message]);
  });

  it('passes API errors and aborts through, and hides nothing else as success', () => {
    const api = new ApiError(418, 'BadRequest', 'teapot');
    expect(toApiError(api, pods)).toBe(api);
    const abort = new DOMException('aborted', 'AbortError');
    expect(toApiError(abort, pods)).toBe(abort);
    const other = toApiError(new TypeError('boom'), pods) as ApiError;
    expect([other.code, other.message]).toEqual([500, 'Internal error occurred: boom']);
  });
});
