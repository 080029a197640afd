// groundkube API server: `apiserver --etcd-servers=http://127.0.0.1:2379 --service-cluster-ip-range=10.0.0.0/16`
// serves the Kubernetes API over plain HTTP on 127.0.0.1:8080, storing objects in etcd.

import { once } from 'node:events';

import { Command, InvalidArgumentError } from 'commander';

import { startApiServer } from '@groundkube/apiserver';
import { createRootLogger } from '@groundkube/logging';

import {
  levelOf,
  parseCidr,
  parseDuration,
  parseEtcdServers,
  parseLevel,
  parsePort,
  parseVerbosity,
} from './flags';

interface Flags {
  etcdServers?: string[];
  serviceClusterIpRange?: string;
  insecureBindAddress?: string;
  insecurePort?: number;
  bindAddress?: string;
  port?: number;
  kubeletPort: number;
  etcdWaitSeconds: number;
  etcdCompactionInterval: number;
  v?: number;
  logLevel?: string;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of seconds');
  return n;
}

function command(): Command {
  return new Command('apiserver')
    .description('Serves the Kubernetes API over plain HTTP, storing objects in etcd.')
    .option('--etcd-servers <urls>', 'etcd client URLs, comma separated (required)', parseEtcdServers)
    .option('--service-cluster-ip-range <cidr>', 'CIDR range for service cluster IPs', parseCidr)
    .option('--insecure-bind-address <ip>', 'address to serve plain HTTP on (default 127.0.0.1)')
    .option('--insecure-port <port>', 'port to serve plain HTTP on (default 8080)', parsePort)
    .option('--bind-address <ip>', 'alias of --insecure-bind-address')
    .option('--port <port>', 'alias of --insecure-port', parsePort)
    .option('--kubelet-port <port>', "kubelets' port for pods/log when a node does not say", parsePort, 10250)
    .option('--etcd-wait-seconds <n>', 'how long to wait for etcd at start', parseSeconds, 60)
    .option(
      '--etcd-compaction-interval <duration>',
      "how often etcd's history is compacted (0 turns it off)",
      parseDuration,
      5 * 60_000,
    )
    .option(
      '-v, --v <level>',
      'log verbosity as in Kubernetes (0-1 info, 2-3 debug, 4+ trace)',
      parseVerbosity,
    )
    .option('--log-level <level>', 'log level (fatal, error, warn, info, debug, trace, silent)', parseLevel)
    .configureOutput({
      // One clear line for bad flags, not the usage text.
      outputError: (text, write) => write(`apiserver: ${text.replace(/^error: /, '').trim()}\n`),
    })
    .exitOverride();
}

function parseFlags(argv: readonly string[]): Flags {
  const program = command();
  try {
    program.parse(argv as string[]);
  } catch (error) {
    const code = (error as { code?: string }).code;
    process.exit(code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 1);
  }
  const flags = program.opts<Flags>();
  if (flags.etcdServers === undefined) {
    process.stderr.write(
      'apiserver: --etcd-servers must be given, e.g. --etcd-servers=http://127.0.0.1:2379\n',
    );
    process.exit(1);
  }
  return flags;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv);
  const level =
    flags.logLevel ?? (flags.v !== undefined ? levelOf(flags.v) : (process.env['LOG_LEVEL'] ?? 'info'));
  const logger = createRootLogger({ app: 'apiserver', level });
  const host = flags.insecureBindAddress ?? flags.bindAddress ?? '127.0.0.1';
  const port = flags.insecurePort ?? flags.port ?? 8080;

  // A signal stops the server, or, while it still waits for etcd, the start.
  const stop = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'Shutting down');
      // A second signal while closing stops at once.
      process.once(signal, () => process.exit(1));
      stop.abort();
    });
  }

  let server;
  try {
    server = await startApiServer({
      etcdEndpoints: flags.etcdServers ?? [],
      host,
      port,
      logger,
      kubeletPort: flags.kubeletPort,
      storageWaitMs: flags.etcdWaitSeconds * 1000,
      etcdCompactionIntervalMs: flags.etcdCompactionInterval,
      signal: stop.signal,
      ...(flags.serviceClusterIpRange !== undefined
        ? { serviceClusterIpRange: flags.serviceClusterIpRange }
        : {}),
    });
  } catch (error) {
    if (stop.signal.aborted) return; // told to stop before it was up
    throw error;
  }

  if (!stop.signal.aborted) await once(stop.signal, 'abort');
  await server.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`apiserver: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
