import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

import type { Container, Pod, PodStatus, Probe } from '@groundkube/api';

import { CommandTimeoutError, type ContainerCommandRunner } from '../pod-runtime';
import { ProbeError } from './probe-outcome';
import { Prober } from './prober';

const pod: Pod = { metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
const status: PodStatus = { phase: 'Running', podIP: '127.0.0.1' };

function proberWith(runner: Partial<ContainerCommandRunner> = {}) {
  const events: string[] = [];
  const prober = new Prober({
    runner: runner as ContainerCommandRunner,
    events: (_pod, container, reason, message) => events.push(`${container} ${reason}: ${message}`),
  });
  return { prober, events };
}

function containerWith(probe: Probe, extra: Partial<Container> = {}): Container {
  return { name: 'app', image: 'nginx', readinessProbe: { timeoutSeconds: 1, ...probe }, ...extra };
}

describe('prober', () => {
  let server: http.Server;
  let port: number;
  const seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/ok') res.end('fine');
      else if (req.url === '/moved') res.writeHead(302, { location: '/ok' }).end();
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 3000);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it.each([
    { path: '/ok', verdict: 'Success', event: undefined },
    { path: '/moved', verdict: 'Success', event: undefined },
    {
      path: '/missing',
      verdict: 'Failure',
      event: 'app Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404',
    },
  ])('httpGet $path is a $verdict', async ({ path, verdict, event }) => {
    const { prober, events } = proberWith();
    const c = containerWith({ httpGet: { path, port } });
    expect(await prober.probe('Readiness', pod, status, c, 'docker://c1')).toBe(verdict);
    expect(events).toEqual(event ? [event] : []);
  });

  it('httpGet sends kube-probe as User-Agent and the probe headers, and resolves a named port', async () => {
    const { prober } = proberWith();
    const c = containerWith(
      { httpGet: { path: '/ok', port: 'web', httpHeaders: [{ name: 'X-Check', value: 'yes' }] } },
      { ports: [{ name: 'web', containerPort: port }] },
    );
    seen.length = 0;
    expect(await prober.probe('Readiness', pod, status, c, 'docker://c1')).toBe('Success');
    expect(seen[0]?.['user-agent']).toMatch(/^kube-probe\//);
    expect(seen[0]?.['x-check']).toBe('yes');
  });

  it('httpGet past its timeout fails with the client timeout message', async () => {
    const { prober, events } = proberWith();
    const c = containerWith({ httpGet: { path: '/slow', port } });
    expect(await prober.probe('Readiness', pod, status, c, 'docker://c1')).toBe('Failure');
    expect(events[0]).toContain('Client.Timeout exceeded while awaiting headers');
  });

  it('httpGet and tcpSocket to a closed port fail with connection refused', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { prober, events } = proberWith();
    await prober.probe(
      'Readiness',
      pod,
      status,
      containerWith({ httpGet: { path: '/', port: free } }),
      'docker://c1',
    );
    await prober.probe(
      'Liveness',
      pod,
      status,
      { name: 'app', livenessProbe: { tcpSocket: { port: free } } },
      'docker://c1',
    );
    expect(events).toEqual([
      `app Unhealthy: Readiness probe failed: Get "http://127.0.0.1:${free}/": dial tcp 127.0.0.1:${free}: connect: connection refused`,
      `app Unhealthy: Liveness probe failed: dial tcp 127.0.0.1:${free}: connect: connection refused`,
    ]);
  });

  it('tcpSocket to an open port succeeds', async () => {
    const { prober } = proberWith();
    expect(
      await prober.probe('Readiness', pod, status, containerWith({ tcpSocket: { port } }), 'docker://c1'),
    ).toBe('Success');
  });

  it('exec runs through the runner with the container ID and timeout; non-zero exit and timeout fail', async () => {
    const calls: unknown[] = [];
    let mode: 'ok' | 'fail' | 'timeout' = 'ok';
    const runner: ContainerCommandRunner = {
      runInContainer: async (id, cmd, timeout) => {
        calls.push([id, cmd, timeout]);
        if (mode === 'timeout') throw new CommandTimeoutError(cmd);
        return mode === 'ok' ? { output: '', exitCode: 0 } : { output: 'nope', exitCode: 1 };
      },
    };
    const { prober, events } = proberWith(runner);
    const c = containerWith(
      { exec: { command: ['test', '-f', '$(FILE)'] }, timeoutSeconds: 4 },
      { env: [{ name: 'FILE', value: '/tmp/ready' }] },
    );
    expect(await prober.probe('Readiness', pod, status, c, 'docker://abc')).toBe('Success');
    mode = 'fail';
    expect(await prober.probe('Readiness', pod, status, c, 'docker://abc')).toBe('Failure');
    mode = 'timeout';
    expect(await prober.probe('Readiness', pod, status, c, 'docker://abc')).toBe('Failure');
    expect(calls[0]).toEqual(['abc', ['test', '-f', '/tmp/ready'], 4]);
    expect(events).toEqual([
      'app Unhealthy: Readiness probe failed: nope',
      'app Unhealthy: Readiness probe failed: command ["test" "-f" "/tmp/ready"] timed out',
    ]);
  });

  it('gRPC probes and unknown port names are errors with an event, not verdicts', async () => {
    const { prober, events } = proberWith();
    await expect(
      prober.probe('Readiness', pod, status, containerWith({ grpc: { port: 9000 } }), 'docker://c1'),
    ).rejects.toBeInstanceOf(ProbeError);
    await expect(
      prober.probe('Readiness', pod, status, containerWith({ tcpSocket: { port: 'nope' } }), 'docker://c1'),
    ).rejects.toBeInstanceOf(ProbeError);
    expect(events).toEqual([
      'app Unhealthy: Readiness probe errored and resulted in unknown state: gRPC probes are not supported by this kubelet',
      "app Unhealthy: Readiness probe errored and resulted in unknown state: couldn't find port: nope in app",
    ]);
  });
});
