// How kubectl words a failure on stderr, from the layered errors underneath: the server's Status, a refused
// connection, our own usage errors.

import {
  ConnectionError,
  RequestTimeoutError,
  StatusError,
  type GroupVersionResource,
} from '@groundkube/client';

import { KubectlError, PrintedError } from '../errors';

/** `Error from server (NotFound): pods "x" not found`; `context` is e.g. `error when creating "pod.yaml"`. */
export function serverErrorMessage(err: StatusError, context?: string): string {
  const reason = err.reason ? ` (${err.reason})` : '';
  let message = err.status.message ?? '';
  if (
    err.httpStatus === 404 &&
    (message === '' || message === 'the server could not find the requested resource')
  ) {
    message = 'the server could not find the requested resource';
  }
  return `Error from server${reason}: ${context ? `${context}: ` : ''}${message}`;
}

/**
 * The failures of a command that goes on past them (create/apply of several objects), thrown together at
 * the end. kubectl prints a lone Invalid answer in its own wording (invalidMessage), and several failures each
 * as `Error from server (…): <context>: <message>`.
 */
export class FailureList {
  private readonly failures: { message: string; cause: unknown }[] = [];

  add(message: string, cause?: unknown): void {
    this.failures.push({ message, cause });
  }

  throwIfAny(): void {
    if (this.failures.length === 0) return;
    const [only] = this.failures;
    if (this.failures.length === 1 && only?.cause instanceof StatusError && only.cause.reason === 'Invalid') {
      throw new PrintedError(invalidMessage(only.cause), { cause: only.cause });
    }
    throw new PrintedError(this.failures.map((failure) => failure.message).join('\n'));
  }
}

/**
 * kubectl's own wording for an Invalid (422) answer, built from the Status details rather than its message:
 * `The Pod "x" is invalid: spec.containers: Required value` (several causes one per line, as `* cause`).
 */
export function invalidMessage(err: StatusError): string {
  const details = err.status.details;
  if (details === undefined) return 'The request is invalid';
  const kind = details.group ? `${details.kind ?? ''}.${details.group}` : (details.kind ?? '');
  const head = `The ${kind} "${details.name ?? ''}" is invalid`;
  const causes = (details.causes ?? []).map((cause) => `${cause.field ?? ''}: ${cause.message ?? ''}`);
  if (causes.length === 0) return head;
  if (causes.length === 1) return `${head}: ${causes[0] ?? ''}`;
  return `${head}: \n${causes.map((cause) => `* ${cause}`).join('\n')}`;
}

/** The line(s) kubectl prints for an error, without trailing newline. */
export function describeError(err: unknown, server?: string): string {
  if (err instanceof PrintedError) return err.message;
  if (err instanceof KubectlError) return `error: ${err.message}`;
  if (err instanceof StatusError) return err.reason === 'Invalid' ? invalidMessage(err) : serverErrorMessage(err);
  if (err instanceof ConnectionError) {
    const host = hostOf(server);
    if (err.syscallCode === 'ECONNREFUSED') {
      return `The connection to the server ${host} was refused - did you specify the right host or port?`;
    }
    return `Unable to connect to the server: ${err.cause instanceof Error ? err.cause.message : err.message}`;
  }
  if (err instanceof RequestTimeoutError) return `Unable to connect to the server: ${err.message}`;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

function hostOf(server: string | undefined): string {
  if (!server) return 'localhost:8080';
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(server) ? server : `http://${server}`);
    return url.host;
  } catch {
    return server;
  }
}

/**
 * Runs a list request the way kubectl's resource builder does: a BadRequest or NotFound answer is reported
 * with what was listed (`Unable to list "/v1, Resource=pods": …`, or with the selectors when there are any).
 */
export async function withListContext<T>(
  resource: GroupVersionResource,
  selectors: { labelSelector?: string | undefined; fieldSelector?: string | undefined },
  list: () => Promise<T>,
): Promise<T> {
  try {
    return await list();
  } catch (err) {
    if (!(err instanceof StatusError) || (err.httpStatus !== 400 && err.httpStatus !== 404)) throw err;
    const gvr = `${resource.group === '' ? '' : resource.group}/${resource.version}, Resource=${resource.resource}`;
    const label = selectors.labelSelector ?? '';
    const field = selectors.fieldSelector ?? '';
    const context =
      label === '' && field === ''
        ? `Unable to list "${gvr}"`
        : `Unable to find "${gvr}" that match label selector "${label}", field selector "${field}"`;
    throw new PrintedError(serverErrorMessage(err, context), { cause: err });
  }
}
