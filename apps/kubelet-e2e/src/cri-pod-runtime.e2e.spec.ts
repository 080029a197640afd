// CriPodRuntime over the in-process Docker CRI service, on the real Docker engine: the seed pod's two
// containers share the sandbox IP and the emptyDir; logs are served; kill removes everything.

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';

import { connectRuntime, type RuntimeConnection } from '@groundkube/cri-api';
import { CriPodRuntime } from '@groundkube/kubelet';
import { silentLogger } from '@groundkube/logging';
import { startRuntimeService, type RuntimeServiceHandle } from '@groundkube/runtime-docker';

import { until } from './cluster-fixture';
import { seedPod } from './seed-pod';

jest.setTimeout(120_000);

describe('CriPodRuntime on Docker', () => {
  let dir: string;
  let service: RuntimeServiceHandle;
  let connection: RuntimeConnection;
  let runtime: CriPodRuntime;
  const instance = `gk-rt-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gk-kubelet-rt-'));
    service = await startRuntimeService({
      socketPath: path.join(dir, 'cri.sock'),
      instance,
      logger: silentLogger(),
    });
    connection = connectRuntime(service.endpoint);
    runtime = new CriPodRuntime({ connection, rootDir: dir, nodeName: instance, hostIP: '127.0.0.1' });
  });

  afterAll(async () => {
    for (const p of await runtime.getPods().catch(() => []))
      await runtime.killPod(p, { gracePeriodSeconds: 0 });
    connection.close();
    await service.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the seed pod, serves its page and logs, and removes it on kill', async () => {
    const pod = seedPod({ name: 'web', uid: randomUUID(), nodeName: instance });
    const identity = { uid: pod.metadata.uid!, name: 'web', namespace: 'default' };

    const result = await runtime.syncPod(pod, await runtime.getPodStatus(identity));
    expect(result.errorMessage()).toBe('');
    expect(result.events.map((e) => e.reason)).toEqual(
      expect.arrayContaining(['Pulling', 'Pulled', 'Created', 'Started']),
    );

    const status = await until('both containers running', async () => {
      const s = await runtime.getPodStatus(identity);
      return s.containers.filter((c) => c.state === 'running').length === 2 ? s : undefined;
    });
    expect(status.ips[0]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const statuses = runtime.toContainerStatuses(pod, status);
    expect(statuses.map((s) => [s.name, s.ready, s.restartCount])).toEqual([
      ['nginx', true, 0],
      ['busybox', true, 0],
    ]);

    const page = await until('nginx answers on the pod IP', async () => {
      const res = await fetch(`http://${status.ips[0]}/`);
      return res.ok ? res.text() : undefined;
    });
    expect(page).toContain('Welcome to nginx!');
    const shared = await until('the page busybox wrote', async () => {
      const res = await fetch(`http://${status.ips[0]}/shared/index.html`);
      return res.ok ? res.text() : undefined;
    });
    expect(shared).toBe('hello from busybox\n');

    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    await until('busybox log line', async () => {
      text = '';
      await runtime.readContainerLogs(identity, 'busybox', {}, out);
      return text.includes('started') ? text : undefined;
    });

    // A second sync of a healthy pod changes nothing.
    const again = await runtime.syncPod(pod, await runtime.getPodStatus(identity));
    expect(again.started).toEqual([]);

    const killed = await runtime.killPod(pod, { gracePeriodSeconds: 2 });
    expect(killed.errorMessage()).toBe('');
    const after = await runtime.getPodStatus(identity);
    expect(after.containers).toEqual([]);
    expect(after.sandboxes).toEqual([]);
    expect((await runtime.getPods()).map((p) => p.uid)).not.toContain(identity.uid);
  });
});
