// `kubectl logs` side by side: the real kubectl and ours against the same running pod on a real kubelet,
// through the API server's pods/log proxy. Same stdout, stderr and exit code for each form a user types.

import type { Pod } from '@groundkube/api';
import { createKubectlHome, realKubectl, type KubectlHome, type KubectlResult } from '@groundkube/testing';

import { until } from './processes';
import { SEED_PORT, startWalkthroughCluster, type WalkthroughCluster } from './walkthrough-cluster';

let cluster: WalkthroughCluster;
let home: KubectlHome;

const POD = 'talker';
// `app` writes one line to stderr, then, a second later, known lines to stdout, then stays up: Docker copies
// stdout and stderr separately, so only the pause makes their order (and so --tail=1) the same every run.
// `crasher` exits after one line, so restartPolicy Always restarts it and --previous has something to show.
const talker = (nodeName: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: POD, namespace: 'default' },
  spec: {
    nodeName,
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: 'app',
        image: 'busybox',
        imagePullPolicy: 'IfNotPresent',
        command: [
          'sh',
          '-c',
          'echo to-stderr >&2; sleep 1; for i in 1 2 3 4 5; do echo line $i; done; exec sleep 3600',
        ],
      },
      {
        name: 'crasher',
        image: 'busybox',
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', 'echo crashing now; exit 1'],
      },
    ],
  },
});

async function api<T>(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cluster.apiUrl}${pathname}`, {
    ...init,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  cluster = await startWalkthroughCluster();
  home = await createKubectlHome({
    prefix: 'gk-logs-home-',
    name: 'logs',
    ...(cluster.port === SEED_PORT ? {} : { server: cluster.apiUrl }),
  });
  const created = await api<Pod>('/api/v1/namespaces/default/pods', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(talker(cluster.nodeName)),
  });
  expect(created.status).toBe(201);
  await until(
    'app running with its lines written, and crasher restarted once',
    async () => {
      const { body } = await api<Pod>(`/api/v1/namespaces/default/pods/${POD}`);
      const statuses = body.status?.containerStatuses ?? [];
      const app = statuses.find((s) => s.name === 'app');
      const crasher = statuses.find((s) => s.name === 'crasher');
      if (!app?.state?.running || (crasher?.restartCount ?? 0) < 1) return undefined;
      // Running is not enough: the app writes its stdout lines a second after it starts.
      const log = await fetch(`${cluster.apiUrl}/api/v1/namespaces/default/pods/${POD}/log?container=app`, {
        signal: AbortSignal.timeout(10_000),
      });
      return log.ok && (await log.text()).includes('line 5\n') ? true : undefined;
    },
    120_000,
  );
}, 240_000);

afterAll(async () => {
  await home?.[Symbol.asyncDispose]();
  await cluster?.[Symbol.asyncDispose]();
}, 120_000);

async function bothRun(
  args: string[],
  timeoutMs?: number,
): Promise<{ real: KubectlResult; ours: KubectlResult }> {
  const options = timeoutMs === undefined ? {} : { timeoutMs };
  const real = await home.run([realKubectl()], args, options);
  const ours = await home.run([process.execPath, cluster.ourKubectl], args, options);
  return { real, ours };
}

describe('kubectl logs, the real kubectl beside ours', () => {
  it.each([
    [['logs', POD]],
    [['logs', POD, '-c', 'app']],
    [['logs', `pod/${POD}`, '--container=app']],
    [['logs', POD, '-c', 'app', '--tail=2']],
    [['logs', POD, '-c', 'app', '--timestamps']],
    [['logs', POD, '-c', 'app', '--limit-bytes=10']],
    [['logs', POD, '-c', 'app', '--since=1h']],
    [['logs', POD, '-c', 'crasher', '--previous']],
  ])('%j prints the same', async (args) => {
    const { real, ours } = await bothRun(args);
    expect(real.code).toBe(0);
    expect(real.stdout.length).toBeGreaterThan(0);
    expect(ours).toEqual(real);
  });

  it('reads the lines the container wrote, stderr included', async () => {
    const { ours } = await bothRun(['logs', POD, '-c', 'app']);
    expect(ours.stdout).toBe('to-stderr\nline 1\nline 2\nline 3\nline 4\nline 5\n');
  });

  it('follows until stopped, printing the same', async () => {
    // Both are still following when the timeout stops them (SIGTERM), so only the output so far is
    // compared, and that neither reports success: the real kubectl here runs behind a version dispatcher
    // that exits 1 when signalled, where ours dies of the signal as a bare kubectl does.
    const { real, ours } = await bothRun(['logs', '-f', POD, '-c', 'app', '--tail=1'], 4_000);
    expect(real.code).not.toBe(0);
    expect(ours.code).not.toBe(0);
    expect(real.stdout).toBe('line 5\n');
    expect(ours.stdout).toBe(real.stdout);
    expect(ours.stderr).toBe(real.stderr);
  });

  it.each([[['logs', POD, '-c', 'nope']], [['logs', 'no-such-pod']]])(
    '%j fails the same way',
    async (args) => {
      const { real, ours } = await bothRun(args);
      expect(real.code).toBe(1);
      expect(ours).toEqual(real);
    },
  );
});
