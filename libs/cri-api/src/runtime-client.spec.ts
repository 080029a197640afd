import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, ServerCredentials, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { connectRuntime, type RuntimeConnection } from './runtime-client';
import { CriError, CriStatusError, isNotFound } from './cri-error';
import { RuntimeServiceService, type RuntimeServiceServer } from './generated/runtime/v1/api';
import { dateToNanos, nanosToDate } from './time';

describe('connectRuntime', () => {
  let dir: string;
  let server: Server;
  let conn: RuntimeConnection;
  let release: (() => void) | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cri-api-'));
    const socket = join(dir, 'cri.sock');
    server = new Server();
    const impl: Partial<RuntimeServiceServer> = {
      version: (call, cb) =>
        cb(null, {
          version: call.request.version,
          runtimeName: 'fake',
          runtimeVersion: '1.0.0',
          runtimeApiVersion: 'v1',
        }),
      containerStatus: (call, cb) =>
        cb(new CriStatusError(status.NOT_FOUND, `no such container: ${call.request.containerId}`)),
      // Never answers until the test releases it: lets a test abort an in-flight call.
      listContainers: (_call, cb) => {
        release = () => cb(null, { containers: [] });
      },
    };
    server.addService(RuntimeServiceService, impl as UntypedServiceImplementation);
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`unix://${socket}`, ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    conn = connectRuntime(socket);
  });

  afterAll(async () => {
    conn.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a request and fills defaults for omitted fields', async () => {
    const res = await conn.runtime.version({ version: 'v1' });
    expect(res).toEqual({
      version: 'v1',
      runtimeName: 'fake',
      runtimeVersion: '1.0.0',
      runtimeApiVersion: 'v1',
    });
  });

  it('turns a gRPC NOT_FOUND into a CriError with a stable code', async () => {
    const err: unknown = await conn.runtime.containerStatus({ containerId: 'abc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CriError);
    expect(isNotFound(err)).toBe(true);
    expect((err as CriError).method).toBe('ContainerStatus');
    expect((err as CriError).message).toBe('no such container: abc');
  });

  it('reports UNIMPLEMENTED for calls the server lacks', async () => {
    const err = await conn.runtime.status().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CRI_UNIMPLEMENTED' });
  });

  it('rejects with the abort reason when the signal aborts mid-call', async () => {
    const ac = new AbortController();
    const pending = conn.runtime.listContainers({}, { signal: ac.signal });
    const deadline = Date.now() + 5000;
    while (!release && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    ac.abort(new Error('stop now'));
    await expect(pending).rejects.toThrow('stop now');
    release?.();
  });

  it('fails with CRI_UNAVAILABLE when nothing listens', async () => {
    const other = connectRuntime(join(dir, 'missing.sock'));
    try {
      await expect(other.runtime.version()).rejects.toMatchObject({ code: 'CRI_UNAVAILABLE' });
    } finally {
      other.close();
    }
  });
});

describe('CRI time helpers', () => {
  it('converts between Dates and nanoseconds, treating Docker zero times as unset', () => {
    expect(dateToNanos('2024-05-01T10:00:00.123456789Z')).toBe(1714557600123000000n);
    expect(dateToNanos('0001-01-01T00:00:00Z')).toBe(0n);
    expect(nanosToDate(1714557600123000000n)?.toISOString()).toBe('2024-05-01T10:00:00.123Z');
    expect(nanosToDate(0n)).toBeUndefined();
  });
});
