// Errors the REST client raises. Every class carries a stable `code`; callers test with `instanceof` or the
// guards below, never with message text.

import type { Status, StatusDetails, StatusReason } from '@groundkube/api';

/** Base of every error the client raises. */
export abstract class ClientError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The server answered with a failure. `status` is the server's metav1 Status, or one synthesised from the HTTP
 * code when the body was not a Status (e.g. a text/plain 404 from a proxy).
 */
export class StatusError extends ClientError {
  readonly code = 'CLIENT_STATUS_ERROR';
  readonly status: Status;

  constructor(status: Status, options?: ErrorOptions) {
    super(status.message ?? `the server responded with HTTP ${status.code ?? 'unknown'}`, options);
    this.status = status;
  }

  /** The HTTP status code (Status.code), 0 when the server gave none. */
  get httpStatus(): number {
    return this.status.code ?? 0;
  }

  get reason(): StatusReason {
    return this.status.reason ?? '';
  }

  get details(): StatusDetails | undefined {
    return this.status.details;
  }
}

/** No HTTP exchange happened: refused, reset, DNS failure, TLS failure. `syscallCode` is Node's (ECONNREFUSED…). */
export class ConnectionError extends ClientError {
  readonly code = 'CLIENT_CONNECTION_FAILED';
  readonly syscallCode: string | undefined;

  constructor(message: string, options: ErrorOptions & { syscallCode?: string | undefined }) {
    super(message, options);
    this.syscallCode = options.syscallCode;
  }
}

/** The request did not get a full answer within the client's timeout. */
export class RequestTimeoutError extends ClientError {
  readonly code = 'CLIENT_REQUEST_TIMEOUT';
}

/** The server's answer could not be decoded (not JSON where JSON was expected, a broken watch line). */
export class ResponseDecodeError extends ClientError {
  readonly code = 'CLIENT_RESPONSE_DECODE_FAILED';
}

export function isStatusError(err: unknown): err is StatusError {
  return err instanceof StatusError;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && (err.reason === 'NotFound' || err.httpStatus === 404);
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'AlreadyExists';
}

export function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.httpStatus === 409 && err.reason !== 'AlreadyExists';
}

/** 410 Gone / Expired: the resourceVersion asked for is older than the server keeps; relist. */
export function isResourceExpired(err: unknown): boolean {
  return (
    err instanceof StatusError &&
    (err.reason === 'Expired' || err.reason === 'Gone' || err.httpStatus === 410)
  );
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A Status for an HTTP failure whose body was not one; the message follows the server's generic wording. */
export function statusFromHttp(httpStatus: number, body: string): Status {
  const reason = REASON_BY_CODE[httpStatus] ?? (httpStatus >= 500 ? 'InternalError' : '');
  const text = body.trim();
  const message =
    httpStatus === 404 && text === ''
      ? 'the server could not find the requested resource'
      : text !== ''
        ? text
        : `the server responded with HTTP ${httpStatus}`;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code: httpStatus,
  };
}

/** True when a decoded body is a metav1 Status. */
export function isStatus(value: unknown): value is Status {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'Status' &&
    typeof (value as { status?: unknown }).status === 'string'
  );
}
