// deploy/docker-compose.yml driven from tests: each test cluster gets its own name (GROUNDKUBE_CLUSTER, which
// names its containers, network and volumes), compose project and API port, so it never meets a user's
// cluster. Debian's docker-compose (v1) is used when present, else `docker compose` (v2).

import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { processAlive } from './process-alive';

const exec = promisify(execFile);

export const COMPOSE_FILE = path.resolve(__dirname, '../../../deploy/docker-compose.yml');
/** Prefix of test clusters' names; the rest is the owning process id. */
export const COMPOSE_CLUSTER_PREFIX = 'gk-e2e-';

let composeProgram: Promise<string[]> | undefined;

/** ['docker-compose'] or ['docker', 'compose'], whichever answers. */
function composeCommand(): Promise<string[]> {
  composeProgram ??= exec('docker-compose', ['version', '--short']).then(
    () => ['docker-compose'],
    () =>
      exec('docker', ['compose', 'version', '--short']).then(
        () => ['docker', 'compose'],
        () => {
          throw new Error(
            'neither docker-compose nor `docker compose` is installed (apt-get install docker-compose)',
          );
        },
      ),
  );
  return composeProgram;
}

export interface ComposeCluster {
  readonly name: string;
  readonly apiPort: number;
  /** Runs a compose subcommand on this cluster (`up -d`, `stop`, `down -v`…); returns its output. */
  compose(...args: string[]): Promise<string>;
  /** The container of a service, e.g. node-2 → gk-e2e-123-node-2. */
  containerOf(service: string): string;
}

export function composeCluster(name: string, apiPort: number): ComposeCluster {
  const env = { ...process.env, GROUNDKUBE_CLUSTER: name, GROUNDKUBE_API_PORT: String(apiPort) };
  return {
    name,
    apiPort,
    compose: async (...args) => {
      const [program = 'docker-compose', ...leading] = await composeCommand();
      const all = [...leading, '--project-name', name, '--file', COMPOSE_FILE, ...args];
      try {
        const { stdout, stderr } = await exec(program, all, {
          env,
          maxBuffer: 16 * 1024 * 1024,
          timeout: 180_000,
        });
        return `${stdout}${stderr}`;
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`${program} ${all.join(' ')} failed:\n${stdout}${stderr}`);
      }
    },
    containerOf: (service) => `${name}-${service}`,
  };
}

/** `down -v` for test clusters whose process is gone. Returns their names. */
export async function sweepComposeLeftovers(): Promise<string[]> {
  const { stdout } = await exec('docker', [
    'ps',
    '--all',
    '--filter',
    'label=io.groundkube.cluster',
    '--format',
    '{{.Label "io.groundkube.cluster"}}',
  ]);
  const names = new Set(stdout.split('\n').filter((name) => name.startsWith(COMPOSE_CLUSTER_PREFIX)));
  const swept: string[] = [];
  for (const name of names) {
    if (processAlive(Number(name.slice(COMPOSE_CLUSTER_PREFIX.length)))) continue;
    await composeCluster(name, 0)
      .compose('down', '--volumes')
      .catch(() => undefined);
    swept.push(name);
  }
  return swept;
}
