import { status } from '@grpc/grpc-js';
import { CriStatusError } from '@groundkube/cri-api';

interface DockerError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  message?: string;
}

/** Docker's own message (its JSON body) when present, else the error's. */
export function dockerMessage(err: unknown): string {
  const e = err as DockerError;
  return e.json?.message ?? e.message ?? String(err);
}

export function dockerStatusCode(err: unknown): number | undefined {
  return (err as DockerError).statusCode;
}

/**
 * Translates a dockerode failure into the gRPC status the CRI expects: 404 → NOT_FOUND, 409 →
 * ALREADY_EXISTS (or `conflict` when the caller knows better), 400 → INVALID_ARGUMENT, an unreachable
 * engine → UNAVAILABLE, anything else → UNKNOWN. `what` prefixes the message ("create container x").
 */
export function translateDockerError(
  err: unknown,
  what: string,
  conflict: number = status.ALREADY_EXISTS,
): Error {
  if (err instanceof CriStatusError) return err;
  const e = err as DockerError;
  const message = `${what}: ${dockerMessage(err)}`;
  switch (e.statusCode) {
    case 404:
      return new CriStatusError(status.NOT_FOUND, message, { cause: err });
    case 409:
      return new CriStatusError(conflict, message, { cause: err });
    case 400:
      return new CriStatusError(status.INVALID_ARGUMENT, message, { cause: err });
    default:
      break;
  }
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT' || e.code === 'EACCES') {
    return new CriStatusError(status.UNAVAILABLE, `${what}: docker engine unreachable: ${e.message ?? ''}`, {
      cause: err,
    });
  }
  return new CriStatusError(status.UNKNOWN, message, { cause: err });
}

export function notFound(message: string): CriStatusError {
  return new CriStatusError(status.NOT_FOUND, message);
}

export function invalidArgument(message: string): CriStatusError {
  return new CriStatusError(status.INVALID_ARGUMENT, message);
}
