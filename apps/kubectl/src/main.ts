// groundkube kubectl: wires the process (argv, streams, SIGINT) to @groundkube/kubectl and exits with its code.

import { runKubectl } from '@groundkube/kubectl';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const controller = new AbortController();
  let interruptedBy: NodeJS.Signals | undefined;
  const interrupt = (signal: NodeJS.Signals): void => {
    interruptedBy = signal;
    controller.abort();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const code = await runKubectl(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin,
    env: process.env,
    stdoutIsTerminal: process.stdout.isTTY === true,
    signal: controller.signal,
  });
  process.exitCode = code;
  // Watches and log streams may hold sockets; the command is over, so end the process once output drained.
  // Stopped by a signal, it then dies of that signal (the handler above was a once), as the real kubectl
  // does: shells and scripts see 130 or 143, not success.
  process.stdout.write('', () => {
    if (interruptedBy !== undefined) process.kill(process.pid, interruptedBy);
    else process.exit(code);
  });
}

void main();
