import { runKubectl } from './program';

/** Runs kubectl in-process with buffers for its streams; nothing here reaches a server. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runKubectl(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: () => Promise.resolve(''),
    env: { HOME: '/nonexistent-home', KUBECONFIG: '/nonexistent/config' },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('runKubectl without a server', () => {
  // Each message is the real kubectl 1.32's, seen on this machine.
  it.each<[string[], string]>([
    [['logs'], "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"],
    [['wait', 'pod/x'], 'error: unrecognized condition: ""\n'],
    [['label'], 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'],
    [['create', '-f', '/nonexistent/pod.yaml'], 'error: the path "/nonexistent/pod.yaml" does not exist\n'],
    [['get', '--bogus'], 'Error: unknown flag: --bogus\n'],
  ])('kubectl %j fails with one clear first line and exit 1', async (args, firstLine) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(firstLine)).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable server is one line, not a stack trace', async () => {
    const result = await run(['get', 'pods', '--server', 'http://127.0.0.1:1']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n',
    });
  });

  it('prints the client version without a server', async () => {
    const result = await run(['version', '--client']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Client Version: v1\.32\.\d+-groundkube\n/);
  });
});

describe('--help', () => {
  it.each([
    'get',
    'create',
    'apply',
    'describe',
    'delete',
    'logs',
    'wait',
    'label',
    'annotate',
    'version',
    'api-resources',
    'cluster-info',
    'config',
    'config view',
    'config get-contexts',
    'config use-context',
    'config set-context',
    'config current-context',
  ])('kubectl %s --help prints usage and exits 0', async (command) => {
    const result = await run([...command.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: kubectl ${command} `));
    expect(result.stderr).toBe('');
  });
});
