// The process surface a command sees. The CLI passes the real streams; in-process tests pass buffers.

export interface KubectlIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of stdin (for `-f -`). */
  readStdin: () => Promise<string>;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: kubectl colours some output (cluster-info) only then. */
  stdoutIsTerminal?: boolean;
  /** Aborted on SIGINT (ends `get -w`, `logs -f`, waits). */
  signal: AbortSignal;
}
