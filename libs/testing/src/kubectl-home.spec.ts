import { readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import { createKubectlHome, kubeconfigFor, runKubectl } from './kubectl-home';

// A stand-in for kubectl (a Node script) that reports what it was started with: a unit test of the runner,
// not of kubectl. The real kubectl is run by the e2e suites.
const ECHO = [
  process.execPath,
  '-e',
  [
    'const input = require("node:fs").readFileSync(0, "utf8");',
    'console.log(JSON.stringify({ args: process.argv.slice(1), cwd: process.cwd(), home: process.env.HOME,',
    '  kubeconfig: process.env.KUBECONFIG ?? null, extra: process.env.GK_EXTRA ?? null, input }));',
    'if (process.argv[1] === "fail") { console.error("boom"); process.exit(3); }',
  ].join('\n'),
];

describe('kubeconfigFor', () => {
  it('names the server in one cluster, user and current context', () => {
    const config = kubeconfigFor({ server: 'http://127.0.0.1:1234', name: 'e2e', namespace: 'kube-system' });
    expect(config).toContain('cluster: {server: "http://127.0.0.1:1234"}');
    expect(config).toContain('context: {cluster: e2e, user: e2e, namespace: kube-system}');
    expect(config).toContain('current-context: e2e');
  });
});

describe('createKubectlHome', () => {
  it('writes the kubeconfig into the fresh HOME and runs there with HOME set', async () => {
    await using home = await createKubectlHome({ prefix: 'gk-kubectl-home-', server: 'http://127.0.0.1:1' });
    expect(home.kubeconfig).toBe(path.join(home.home, '.kube', 'config'));
    expect(await readFile(home.kubeconfig!, 'utf8')).toContain('http://127.0.0.1:1');
    const result = await home.run(ECHO, ['get', 'pods'], { stdin: 'manifest', env: { GK_EXTRA: 'yes' } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      args: ['get', 'pods'],
      cwd: home.home,
      home: home.home,
      kubeconfig: null,
      extra: 'yes',
      input: 'manifest',
    });
  });

  it('has no kubeconfig without a server, and exports KUBECONFIG when asked', async () => {
    await using bare = await createKubectlHome({ prefix: 'gk-kubectl-home-' });
    expect(bare.kubeconfig).toBeUndefined();
    await expect(stat(path.join(bare.home, '.kube'))).rejects.toThrow();
    await using exported = await createKubectlHome({
      prefix: 'gk-kubectl-home-',
      server: 'http://127.0.0.1:1',
      exportKubeconfig: true,
    });
    expect(JSON.parse((await exported.run(ECHO, [])).stdout).kubeconfig).toBe(exported.kubeconfig);
  });

  it('removes the home when disposed', async () => {
    let dir: string;
    {
      await using home = await createKubectlHome({ prefix: 'gk-kubectl-home-' });
      dir = home.home;
      await writeFile(path.join(dir, 'pod.yaml'), 'kind: Pod\n');
    }
    await expect(stat(dir)).rejects.toThrow();
  });
});

describe('runKubectl', () => {
  it('gives the exit code and both outputs of a failing run instead of rejecting', async () => {
    const result = await runKubectl(ECHO, ['fail']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('boom\n');
  });

  it('gives code 124 for a run killed at its timeout', async () => {
    const result = await runKubectl([process.execPath, '-e', 'setInterval(() => {}, 1000)'], [], {
      timeoutMs: 200,
    });
    expect(result.code).toBe(124);
  });
});
