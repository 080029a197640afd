// Errors of kubectl itself. Each carries a stable `code`; the CLI prints `error: <message>` for them and exits 1.

export class KubectlError extends Error {
  readonly code: string = 'KUBECTL_ERROR';
  /** Exit code the process ends with. */
  readonly exitCode: number;

  constructor(message: string, options?: ErrorOptions & { exitCode?: number }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = options?.exitCode ?? 1;
  }
}

/** Bad flags or arguments (kubectl prints these as `error: …` too, some with a usage hint). */
export class UsageError extends KubectlError {
  override readonly code = 'KUBECTL_USAGE';
}

/** A resource type the server's discovery does not list. */
export class UnknownResourceTypeError extends KubectlError {
  override readonly code = 'KUBECTL_UNKNOWN_RESOURCE_TYPE';

  constructor(readonly typeName: string) {
    super(`the server doesn't have a resource type "${typeName}"`);
  }
}

/** A message already printed in full (e.g. `Error from server …`); the CLI prints it without `error: `. */
export class PrintedError extends KubectlError {
  override readonly code = 'KUBECTL_REPORTED';
}
