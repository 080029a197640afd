import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Pod } from '@groundkube/api';
import { FakeClock } from '@groundkube/client';

import { LifecycleHandlerRunner, type HookTarget } from './lifecycle-handlers';

const pod: Pod = { metadata: { name: 'web', namespace: 'ns', uid: 'u1' } };

function target(podIP = '127.0.0.1'): HookTarget {
  return {
    pod,
    container: { name: 'app', ports: [{ name: 'http', containerPort: 1 }] },
    containerId: 'c1',
    podIP,
  };
}

describe('LifecycleHandlerRunner', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('body');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const runner = (clock = new FakeClock(0), exitCode = 0) =>
    new LifecycleHandlerRunner({
      clock,
      exec: async () => ({ output: exitCode === 0 ? '' : 'boom\n', exitCode }),
    });

  it('httpGet goes to the pod IP with the lifecycle User-Agent; any HTTP answer, even 404, is a success', async () => {
    const hooks = runner();
    expect(await hooks.run({ httpGet: { path: 'hook', port } }, target())).toBeUndefined();
    expect(await hooks.run({ httpGet: { path: '/missing', port } }, target())).toBeUndefined();
    expect(seen.map((s) => [s.url, s.headers['user-agent']])).toEqual([
      ['/hook', 'kube-lifecycle/1.32'],
      ['/missing', 'kube-lifecycle/1.32'],
    ]);
  });

  it('httpGet that cannot connect fails with the kubelet message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const message = await runner().run({ httpGet: { path: '/x', port: free } }, target());
    expect(message).toBe(
      `HTTP lifecycle hook (/x) for Container "app" in Pod "web_ns(u1)" failed - error: ` +
        `Get "http://127.0.0.1:${free}/x": dial tcp 127.0.0.1:${free}: connect: connection refused`,
    );
  });

  it('exec fails on a non-zero exit, quoting the output', async () => {
    const message = await runner(new FakeClock(0), 2).run(
      { exec: { command: ['sh', '-c', 'exit 2'] } },
      target(),
    );
    expect(message).toBe(
      `Exec lifecycle hook ([sh -c exit 2]) for Container "app" in Pod "web_ns(u1)" failed - error: ` +
        `command 'sh -c exit 2' exited with 2: boom\n, message: "boom\\n"`,
    );
  });

  it('sleep waits on the clock; cut short, it fails', async () => {
    const clock = new FakeClock(0);
    const hooks = runner(clock);
    const done = hooks.run({ sleep: { seconds: 5 } }, target());
    await clock.waitForSleepers(1);
    await clock.advance(5000);
    expect(await done).toBeUndefined();

    const abort = new AbortController();
    const cut = hooks.run({ sleep: { seconds: 5 } }, target(), abort.signal);
    await clock.waitForSleepers(1);
    abort.abort();
    expect(await cut).toBe(
      'Sleep lifecycle hook (5) for Container "app" in Pod "web_ns(u1)" failed - error: ' +
        'container terminated before sleep hook finished',
    );
  });
});
