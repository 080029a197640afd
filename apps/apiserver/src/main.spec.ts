// The built API server binary: one clear line and exit 1 on bad input. Serving from the built binary
// on real etcd is exercised by the e2e projects (walkthrough-e2e, kubelet-e2e), which may use
// @groundkube/testing; an app project may not.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'dist/apps/apiserver/main.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [MAIN, ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await new Promise<void>((resolve, reject) =>
    execFile('node', ['tools/build/bundle.mjs', 'apps/apiserver'], { cwd: ROOT }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
}, 60_000);

describe('apiserver flags', () => {
  it.each([
    [[], 'apiserver: --etcd-servers must be given, e.g. --etcd-servers=http://127.0.0.1:2379\n'],
    [['--etcd-servers=https://127.0.0.1:1'], /only http:\/\/ etcd URLs are supported/],
    [
      ['--etcd-servers=http://127.0.0.1:1', '--insecure-port=70000'],
      /--insecure-port .* must be a port number/,
    ],
    [
      ['--etcd-servers=http://127.0.0.1:1', '--service-cluster-ip-range=10.0.0.0/40'],
      /is not a CIDR like 10\.0\.0\.0\/16/,
    ],
    [['--etcd-servers=http://127.0.0.1:1', '--no-such-flag'], "apiserver: unknown option '--no-such-flag'\n"],
  ])('%j is refused with one line and exit 1', async (args, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    if (typeof message === 'string') expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
  });

  it('gives up on an unreachable etcd after the wait, saying so', async () => {
    // Port 1 (tcpmux) is never served here: connections are refused at once.
    const result = await run([
      '--etcd-servers=http://127.0.0.1:1',
      '--insecure-port=0',
      '--etcd-wait-seconds=1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Waiting for etcd');
    expect(result.stderr).toBe('apiserver: etcd at http://127.0.0.1:1 did not answer within 1s\n');
  }, 30_000);

  it('stops at once, exit 0, when told to while it waits for etcd', async () => {
    const child = spawn('node', [MAIN, '--etcd-servers=http://127.0.0.1:1', '--insecure-port=0'], {
      cwd: ROOT,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!output.includes('Waiting for etcd')) {
      if (Date.now() > deadline) throw new Error(`never waited for etcd:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
