// groundkube kubelet: `kubelet --api-servers=127.0.0.1:8080` registers this host as a node and runs the pods
// the API server binds to it.

import * as os from 'node:os';

import { Command, InvalidArgumentError } from 'commander';

import { createRootLogger } from '@groundkube/logging';

import { loadKubeconfig, type ServerCredentials } from './kubeconfig';
import { runKubeletApp } from './kubelet-app';

interface Flags {
  apiServers?: string;
  kubeconfig?: string;
  hostnameOverride?: string;
  rootDir: string;
  containerRuntimeEndpoint?: string;
  port: number;
  nodeIp?: string;
  logLevel: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseLevel(value: string): string {
  if (!LEVELS.includes(value)) throw new InvalidArgumentError(`must be one of ${LEVELS.join(', ')}`);
  return value;
}

async function main(): Promise<void> {
  const program = new Command('kubelet')
    .description('Runs the pods the API server assigns to this node, as Docker containers.')
    .option('--api-servers <list>', 'API servers, host:port or URL, comma separated (the first is used)')
    .option('--kubeconfig <file>', 'kubeconfig with the API server address and credentials')
    .option('--hostname-override <name>', 'node name to register instead of the hostname')
    .option(
      '--root-dir <dir>',
      'directory for kubelet state (volumes, logs, runtime socket)',
      '/var/lib/kubelet',
    )
    .option(
      '--container-runtime-endpoint <socket>',
      'CRI runtime socket; default: run the Docker CRI in-process',
    )
    .option('--port <port>', 'port of the kubelet HTTP endpoint (logs)', parsePort, 10250)
    .option('--node-ip <ip>', 'IP address to report as the node InternalIP')
    .option('--log-level <level>', 'log level', parseLevel, process.env['LOG_LEVEL'] ?? 'info')
    .showHelpAfterError();
  program.parse();
  const flags = program.opts<Flags>();

  const logger = createRootLogger({ app: 'kubelet', level: flags.logLevel });
  let credentials: ServerCredentials;
  if (flags.kubeconfig !== undefined) {
    credentials = await loadKubeconfig(flags.kubeconfig);
  } else {
    const first = (flags.apiServers ?? '127.0.0.1:8080').split(',')[0]?.trim() ?? '';
    if (first === '') program.error('error: --api-servers is empty');
    credentials = { server: first };
  }
  const nodeName = (flags.hostnameOverride ?? os.hostname()).trim().toLowerCase();

  const controller = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.once(sig, () => {
      logger.info({ signal: sig }, 'Stopping kubelet (pods keep running)');
      controller.abort();
    });
  }
  await runKubeletApp(
    {
      credentials,
      nodeName,
      rootDir: flags.rootDir,
      runtimeEndpoint: flags.containerRuntimeEndpoint,
      port: flags.port,
      nodeIP: flags.nodeIp,
      logger,
    },
    controller.signal,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`kubelet: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
