import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

/** Stable codes for CRI call failures, one per gRPC status the kubelet tells apart. */
export type CriErrorCode =
  | 'CRI_NOT_FOUND'
  | 'CRI_ALREADY_EXISTS'
  | 'CRI_INVALID_ARGUMENT'
  | 'CRI_FAILED_PRECONDITION'
  | 'CRI_DEADLINE_EXCEEDED'
  | 'CRI_UNAVAILABLE'
  | 'CRI_UNIMPLEMENTED'
  | 'CRI_CANCELLED'
  | 'CRI_INTERNAL';

const codeByStatus: ReadonlyMap<number, CriErrorCode> = new Map([
  [GrpcStatus.NOT_FOUND, 'CRI_NOT_FOUND'],
  [GrpcStatus.ALREADY_EXISTS, 'CRI_ALREADY_EXISTS'],
  [GrpcStatus.INVALID_ARGUMENT, 'CRI_INVALID_ARGUMENT'],
  [GrpcStatus.FAILED_PRECONDITION, 'CRI_FAILED_PRECONDITION'],
  [GrpcStatus.DEADLINE_EXCEEDED, 'CRI_DEADLINE_EXCEEDED'],
  [GrpcStatus.UNAVAILABLE, 'CRI_UNAVAILABLE'],
  [GrpcStatus.UNIMPLEMENTED, 'CRI_UNIMPLEMENTED'],
  [GrpcStatus.CANCELLED, 'CRI_CANCELLED'],
]);

/**
 * A failed CRI call as the kubelet sees it: `code` is stable (switch on it, never on the message),
 * `grpcStatus` is the raw status number, `method` the RPC that failed, and the message is the
 * runtime's own description (e.g. Docker's "pull access denied ..."), which events show to users.
 */
export class CriError extends Error {
  readonly code: CriErrorCode;
  readonly grpcStatus: number;
  readonly method: string;

  constructor(options: {
    code: CriErrorCode;
    grpcStatus: number;
    method: string;
    message: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'CriError';
    this.code = options.code;
    this.grpcStatus = options.grpcStatus;
    this.method = options.method;
  }

  /** Wraps a gRPC ServiceError from `method`. */
  static fromServiceError(method: string, err: ServiceError): CriError {
    return new CriError({
      code: codeByStatus.get(err.code) ?? 'CRI_INTERNAL',
      grpcStatus: err.code,
      method,
      message: err.details || err.message,
      cause: err,
    });
  }
}

export function isCriError(err: unknown, code?: CriErrorCode): err is CriError {
  return err instanceof CriError && (code === undefined || err.code === code);
}

/** True when the runtime reported that the object (container, sandbox, image) does not exist. */
export function isNotFound(err: unknown): boolean {
  return isCriError(err, 'CRI_NOT_FOUND');
}

/**
 * Server side: an error carrying a gRPC status that @grpc/grpc-js sends as-is, so runtimes can map their
 * own failures (Docker 404 → NOT_FOUND) at their boundary.
 */
export class CriStatusError extends Error implements Partial<ServiceError> {
  readonly code: number;
  readonly details: string;

  constructor(code: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CriStatusError';
    this.code = code;
    this.details = message;
  }
}
