import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import { KubeconfigError, loadKubeconfig } from './kubeconfig';

describe('loadKubeconfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gk-kubeconfig-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the server and token of the current context, and a token file relative to the kubeconfig', async () => {
    const file = path.join(dir, 'config');
    await writeFile(path.join(dir, 'token'), 'from-file\n');
    await writeFile(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: b',
        'clusters:',
        '- {name: one, cluster: {server: "http://a:1"}}',
        '- {name: two, cluster: {server: "https://b:6443", insecure-skip-tls-verify: true}}',
        'users:',
        '- {name: u1, user: {token: abc}}',
        '- {name: u2, user: {tokenFile: token}}',
        'contexts:',
        '- {name: a, context: {cluster: one, user: u1}}',
        '- {name: b, context: {cluster: two, user: u2}}',
      ].join('\n'),
    );
    expect(await loadKubeconfig(file)).toEqual({
      server: 'https://b:6443',
      token: 'from-file',
      ca: undefined,
      insecureSkipTLSVerify: true,
    });
  });

  it('gives a clear error for a missing file, bad YAML or no server', async () => {
    await expect(loadKubeconfig(path.join(dir, 'missing'))).rejects.toBeInstanceOf(KubeconfigError);
    const bad = path.join(dir, 'bad');
    await writeFile(bad, 'clusters: [\n');
    await expect(loadKubeconfig(bad)).rejects.toBeInstanceOf(KubeconfigError);
    const empty = path.join(dir, 'empty');
    await writeFile(empty, 'kind: Config\n');
    await expect(loadKubeconfig(empty)).rejects.toThrow(/no server/);
  });
});
