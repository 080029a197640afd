// The fixture's own promise: a cluster that fails to start leaves nothing behind (the suites rely on it, since
// Ryuk is off).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { NETWORK_PREFIX, OWNER_LABEL, startCluster } from './cluster-containers';

jest.setTimeout(120_000);

const exec = promisify(execFile);

async function ours(): Promise<{ containers: string[]; networks: string[] }> {
  const containers = await exec('docker', ['ps', '--all', '--filter', `label=${OWNER_LABEL}=${process.pid}`, '--format', '{{.Names}}']);
  const networks = await exec('docker', ['network', 'ls', '--filter', `name=${NETWORK_PREFIX}${process.pid}-`, '--format', '{{.Name}}']);
  const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
  return { containers: lines(containers.stdout), networks: lines(networks.stdout) };
}

describe('startCluster', () => {
  it('removes what it started when a later part fails to start', async () => {
    // etcd, the registry and the API server start; the node image does not exist (and cannot be pulled).
    const attempt = startCluster({ nodeNames: ['node-1'], images: { node: 'groundkube/no-such-node-image:missing' } });
    await expect(attempt).rejects.toThrow();
    expect(await ours()).toEqual({ containers: [], networks: [] });
  });
});
