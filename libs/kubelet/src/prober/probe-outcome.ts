// What one run of a probe handler (exec, httpGet, tcpSocket) reports, before thresholds are applied.

/**
 * `success` and `failure` are the container's answer; `warning` is a success worth an event (an HTTP
 * redirect the prober did not follow). `output` is what events show: the command's output, the HTTP body or
 * status, the dial error.
 */
export interface ProbeOutcome {
  result: 'success' | 'warning' | 'failure';
  output: string;
}

/** Probe output is cut to this many bytes, as the kubelet does, so a chatty check cannot flood events. */
export const MAX_PROBE_OUTPUT_BYTES = 10 * 1024;

/**
 * The probe could not be run at all (an unknown port name, an unsupported handler): not the container's
 * fault, so the worker throws the run away instead of counting it against the thresholds.
 */
export class ProbeError extends Error {
  constructor(
    readonly code: 'PROBE_PORT_NOT_FOUND' | 'PROBE_UNSUPPORTED' | 'PROBE_NO_HANDLER' | 'PROBE_RUNTIME',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ProbeError';
  }
}

export function truncateOutput(text: string): string {
  const bytes = Buffer.from(text);
  return bytes.length <= MAX_PROBE_OUTPUT_BYTES ? text : bytes.subarray(0, MAX_PROBE_OUTPUT_BYTES).toString();
}
