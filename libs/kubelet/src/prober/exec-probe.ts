// The exec handler: runs the probe's command in the container through the runtime (CRI ExecSync).

import { CommandTimeoutError, type ContainerCommandRunner } from '../pod-runtime';
import { truncateOutput, type ProbeOutcome } from './probe-outcome';

/**
 * Exit code 0 is success, any other a failure with the command's output; a command that outlives the
 * timeout fails with the runtime's "command … timed out". Other runtime errors (the container is gone)
 * reject, and the worker discards that run.
 */
export async function execProbe(
  runner: ContainerCommandRunner,
  containerID: string,
  command: string[],
  timeoutSeconds: number,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  try {
    const { output, exitCode } = await runner.runInContainer(containerID, command, timeoutSeconds, signal);
    return { result: exitCode === 0 ? 'success' : 'failure', output: truncateOutput(output) };
  } catch (err) {
    if (err instanceof CommandTimeoutError) return { result: 'failure', output: err.message };
    throw err;
  }
}
