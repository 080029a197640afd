import { lstatSync, mkdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  connectRuntime,
  type ContainerConfig,
  ContainerState,
  CriError,
  isNotFound,
  type PodSandboxConfig,
  PodSandboxState,
} from '@groundkube/cri-api';
import { silentLogger } from '@groundkube/logging';
import { startRuntimeService } from './runtime-service';
import {
  removeInstanceContainers,
  startTestRuntime,
  type TestRuntime,
  waitFor,
} from './testing/runtime-fixture';

jest.setTimeout(120_000);

let rt: TestRuntime;
let seq = 0;

beforeAll(async () => {
  rt = await startTestRuntime('rtd');
});

afterAll(async () => {
  await rt?.close();
});

function sandboxConfig(name = `pod${++seq}`): PodSandboxConfig {
  const uid = `uid-${rt.instance}-${seq}`;
  return {
    metadata: { name, namespace: 'default', uid, attempt: 0 },
    hostname: name,
    logDirectory: join(rt.dir, 'logs', `default_${name}_${uid}`),
    portMappings: [],
    labels: {
      'io.kubernetes.pod.name': name,
      'io.kubernetes.pod.namespace': 'default',
      'io.kubernetes.pod.uid': uid,
      app: name,
    },
    annotations: { 'example.com/note': 'kept as is' },
  };
}

function containerConfig(
  name: string,
  args: string[],
  extra: Partial<ContainerConfig> = {},
): ContainerConfig {
  return {
    metadata: { name, attempt: 0 },
    image: {
      image: rt.images.busybox,
      annotations: {},
      userSpecifiedImage: rt.images.busybox,
      runtimeHandler: '',
    },
    command: ['sh', '-c'],
    args,
    workingDir: '',
    envs: [],
    mounts: [],
    devices: [],
    labels: { 'io.kubernetes.container.name': name },
    annotations: { 'io.kubernetes.container.hash': 'abc123' },
    logPath: `${name}/0.log`,
    stdin: false,
    stdinOnce: false,
    tty: false,
    ...extra,
  };
}

async function runSandbox(config = sandboxConfig()): Promise<{ id: string; config: PodSandboxConfig }> {
  const { podSandboxId } = await rt.conn.runtime.runPodSandbox({ config });
  return { id: podSandboxId, config };
}

async function runContainer(
  sandbox: { id: string; config: PodSandboxConfig },
  config: ContainerConfig,
): Promise<string> {
  const { containerId } = await rt.conn.runtime.createContainer({
    podSandboxId: sandbox.id,
    config,
    sandboxConfig: sandbox.config,
  });
  await rt.conn.runtime.startContainer({ containerId });
  return containerId;
}

async function waitExited(id: string) {
  return waitFor(async () => {
    const { status } = await rt.conn.runtime.containerStatus({ containerId: id });
    return status?.state === ContainerState.CONTAINER_EXITED ? status : undefined;
  }, `container ${id} to exit`);
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

describe('Docker-backed CRI runtime service', () => {
  it('reports its version and a ready runtime', async () => {
    const v = await rt.conn.runtime.version({ version: 'v1' });
    expect(v.runtimeName).toBe('docker');
    expect(v.runtimeApiVersion).toBe('v1');
    expect(v.runtimeVersion).not.toBe('');
    const s = await rt.conn.runtime.status();
    expect(s.status?.conditions.map((c) => [c.type, c.status])).toEqual([
      ['RuntimeReady', true],
      ['NetworkReady', true],
    ]);
  });

  it('runs a sandbox with its own IP, named and labelled like Kubernetes, and lists it by label and state', async () => {
    const sb = await runSandbox();
    const { status } = await rt.conn.runtime.podSandboxStatus({ podSandboxId: sb.id });
    expect(status?.state).toBe(PodSandboxState.SANDBOX_READY);
    expect(status?.network?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(status?.metadata).toEqual(sb.config.metadata);
    expect(status?.annotations).toEqual({ 'example.com/note': 'kept as is' });
    expect(status?.labels['app']).toBe(sb.config.metadata?.name);
    expect(status?.createdAt).toBeGreaterThan(0n);

    const info = await rt.docker.getContainer(sb.id).inspect();
    const m = sb.config.metadata!;
    expect(info.Name).toBe(`/k8s_POD_${m.name}_${m.namespace}_${m.uid}_0`);
    expect(info.Config.Labels).toMatchObject({
      'io.kubernetes.docker.type': 'podsandbox',
      'io.kubernetes.pod.uid': m.uid,
      'io.groundkube.runtime.instance': rt.instance,
    });

    const byLabel = await rt.conn.runtime.listPodSandbox({ filter: { labelSelector: { app: m.name } } });
    expect(byLabel.items.map((i) => i.id)).toEqual([sb.id]);
    const notReady = await rt.conn.runtime.listPodSandbox({
      filter: { labelSelector: { app: m.name }, state: { state: PodSandboxState.SANDBOX_NOTREADY } },
    });
    expect(notReady.items).toEqual([]);

    await rt.conn.runtime.stopPodSandbox({ podSandboxId: sb.id });
    const stopped = await rt.conn.runtime.podSandboxStatus({ podSandboxId: sb.id });
    expect(stopped.status?.state).toBe(PodSandboxState.SANDBOX_NOTREADY);
    expect(stopped.status?.network?.ip).toBe('');
    await rt.conn.runtime.stopPodSandbox({ podSandboxId: sb.id }); // idempotent
    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id });
    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id }); // idempotent
    await expect(rt.conn.runtime.podSandboxStatus({ podSandboxId: sb.id })).rejects.toMatchObject({
      code: 'CRI_NOT_FOUND',
    });
  });

  it('puts two containers of a sandbox in one network namespace sharing a host directory', async () => {
    const sb = await runSandbox();
    const { status } = await rt.conn.runtime.podSandboxStatus({ podSandboxId: sb.id });
    const ip = status!.network!.ip;
    const shared = join(rt.dir, `shared-${seq}`);
    mkdirSync(shared);
    const mounts = [
      {
        hostPath: shared,
        containerPath: '/shared',
        readonly: false,
        selinuxRelabel: false,
        propagation: 0,
        recursiveReadOnly: false,
      },
    ];
    const writer = await runContainer(
      sb,
      containerConfig('writer', ['echo from-writer > /shared/note; nc -l -p 8080 -e echo pong; sleep 3600'], {
        mounts,
        envs: [{ key: 'GREETING', value: 'hello' }],
      }),
    );
    const reader = await runContainer(
      sb,
      containerConfig('reader', ['sleep 3600'], { mounts, workingDir: '/shared' }),
    );

    for (const id of [writer, reader]) {
      const out = await rt.conn.runtime.execSync({
        containerId: id,
        cmd: ['ip', '-4', '-o', 'addr', 'show', 'eth0'],
        timeout: 10n,
      });
      expect(text(out.stdout)).toContain(`inet ${ip}/`);
    }
    const note = await waitFor(async () => {
      const r = await rt.conn.runtime.execSync({ containerId: reader, cmd: ['cat', 'note'], timeout: 10n });
      return r.exitCode === 0 ? text(r.stdout) : undefined;
    }, 'the shared file');
    expect(note).toBe('from-writer\n');
    // localhost in the reader is the writer's listener: same network namespace.
    const pong = await waitFor(async () => {
      const r = await rt.conn.runtime.execSync({
        containerId: reader,
        cmd: ['sh', '-c', 'echo ping | nc 127.0.0.1 8080'],
        timeout: 10n,
      });
      return text(r.stdout).includes('pong') ? 'pong' : undefined;
    }, 'the listener');
    expect(pong).toBe('pong');
    const env = await rt.conn.runtime.execSync({
      containerId: writer,
      cmd: ['sh', '-c', 'echo $GREETING'],
      timeout: 10n,
    });
    expect(text(env.stdout)).toBe('hello\n');

    const listed = await rt.conn.runtime.listContainers({ filter: { podSandboxId: sb.id } });
    expect(listed.containers.map((c) => c.metadata?.name).sort()).toEqual(['reader', 'writer']);
    expect(
      listed.containers.every(
        (c) => c.podSandboxId === sb.id && c.state === ContainerState.CONTAINER_RUNNING,
      ),
    ).toBe(true);
    const byName = await rt.conn.runtime.listContainers({
      filter: { labelSelector: { 'io.kubernetes.container.name': 'reader' }, podSandboxId: sb.id },
    });
    expect(byName.containers.map((c) => c.id)).toEqual([reader]);

    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id });
    const after = await rt.conn.runtime.listContainers({ filter: { podSandboxId: sb.id } });
    expect(after.containers).toEqual([]);
  });

  it('reports exit codes, reasons, times, image refs and a log path linked to the Docker log', async () => {
    const sb = await runSandbox();
    const ok = await runContainer(sb, containerConfig('ok', ['echo out; echo err >&2; exit 0']));
    const bad = await runContainer(sb, { ...containerConfig('bad', ['exit 7']), logPath: 'bad/0.log' });
    const okStatus = await waitExited(ok);
    expect(okStatus.exitCode).toBe(0);
    expect(okStatus.reason).toBe('Completed');
    expect(okStatus.startedAt).toBeGreaterThan(0n);
    expect(okStatus.finishedAt).toBeGreaterThanOrEqual(okStatus.startedAt);
    expect(okStatus.image?.image).toBe(rt.images.busybox);
    expect(okStatus.imageRef).toMatch(/^docker(-pullable)?:\/\//);
    expect(okStatus.imageId).toMatch(/^sha256:/);
    expect(okStatus.metadata).toEqual({ name: 'ok', attempt: 0 });
    expect(okStatus.annotations).toEqual({ 'io.kubernetes.container.hash': 'abc123' });

    const badStatus = await waitExited(bad);
    expect(badStatus.exitCode).toBe(7);
    expect(badStatus.reason).toBe('Error');

    const logPath = join(sb.config.logDirectory, 'ok/0.log');
    expect(okStatus.logPath).toBe(logPath);
    expect(lstatSync(logPath).isSymbolicLink()).toBe(true);
    expect(readlinkSync(logPath)).toMatch(/-json\.log$/);
    const lines = readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { log: string; stream: string });
    expect(lines.map((l) => [l.stream, l.log]).sort()).toEqual([
      ['stderr', 'err\n'],
      ['stdout', 'out\n'],
    ]);

    const exited = await rt.conn.runtime.listContainers({
      filter: { podSandboxId: sb.id, state: { state: ContainerState.CONTAINER_EXITED } },
    });
    expect(exited.containers.map((c) => c.id).sort()).toEqual([ok, bad].sort());
    await rt.conn.runtime.removeContainer({ containerId: ok });
    expect(() => lstatSync(logPath)).toThrow();
    await rt.conn.runtime.removeContainer({ containerId: ok }); // idempotent
    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id });
  });

  it('reports a container whose start failed as containerd does: exited, 128, StartError, the error', async () => {
    const sb = await runSandbox();
    const config = containerConfig('nobin', [], { command: ['/no/such/binary'] });
    const { containerId } = await rt.conn.runtime.createContainer({
      podSandboxId: sb.id,
      config,
      sandboxConfig: sb.config,
    });
    const failure = await rt.conn.runtime.startContainer({ containerId }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(CriError);
    // No container id in it, so the kubelet's events for repeated attempts fold.
    expect((failure as CriError).message).not.toContain(containerId);

    const { status } = await rt.conn.runtime.containerStatus({ containerId });
    expect(status).toMatchObject({
      state: ContainerState.CONTAINER_EXITED,
      exitCode: 128,
      reason: 'StartError',
    });
    expect(status?.message).toContain('/no/such/binary');
    expect(status?.startedAt).toBe(0n);
    expect(status?.finishedAt).toBe(status?.createdAt);
    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id });
  });

  it('stops with a grace period: a TERM handler exits by itself, a process ignoring TERM is killed', async () => {
    const sb = await runSandbox();
    const graceful = await runContainer(
      sb,
      containerConfig('graceful', ["trap 'exit 3' TERM; while :; do sleep 1; done"]),
    );
    const stubborn = await runContainer(
      sb,
      containerConfig('stubborn', ["trap '' TERM; while :; do sleep 1; done"]),
    );
    await waitFor(async () => {
      const r = await rt.conn.runtime.execSync({ containerId: graceful, cmd: ['true'], timeout: 5n });
      return r.exitCode === 0 ? true : undefined;
    }, 'the container to run');
    await Promise.all([
      rt.conn.runtime.stopContainer({ containerId: graceful, timeout: 30n }),
      rt.conn.runtime.stopContainer({ containerId: stubborn, timeout: 1n }),
    ]);
    const g = await rt.conn.runtime.containerStatus({ containerId: graceful });
    const s = await rt.conn.runtime.containerStatus({ containerId: stubborn });
    expect([g.status?.state, g.status?.exitCode]).toEqual([ContainerState.CONTAINER_EXITED, 3]);
    expect([s.status?.state, s.status?.exitCode]).toEqual([ContainerState.CONTAINER_EXITED, 137]);
    await rt.conn.runtime.stopContainer({ containerId: graceful, timeout: 1n }); // already stopped: fine
    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id });
  });

  it('answers NOT_FOUND and other clear errors for bad input', async () => {
    await expect(rt.conn.runtime.containerStatus({ containerId: 'f'.repeat(64) })).rejects.toMatchObject({
      code: 'CRI_NOT_FOUND',
    });
    await expect(rt.conn.runtime.startContainer({ containerId: 'nope' })).rejects.toMatchObject({
      code: 'CRI_NOT_FOUND',
    });
    await expect(
      rt.conn.runtime.createContainer({
        podSandboxId: 'missing-sandbox',
        config: containerConfig('x', ['true']),
      }),
    ).rejects.toMatchObject({ code: 'CRI_NOT_FOUND' });
    await expect(rt.conn.runtime.runPodSandbox({ config: { metadata: { name: '' } } })).rejects.toMatchObject(
      {
        code: 'CRI_INVALID_ARGUMENT',
      },
    );

    const sb = await runSandbox();
    const missingImage = containerConfig('x', ['true'], {
      image: {
        image: 'groundkube-test/absent:1',
        annotations: {},
        userSpecifiedImage: '',
        runtimeHandler: '',
      },
    });
    await expect(
      rt.conn.runtime.createContainer({ podSandboxId: sb.id, config: missingImage }),
    ).rejects.toMatchObject({
      code: 'CRI_NOT_FOUND',
    });
    const badMount = containerConfig('y', ['true'], {
      mounts: [
        {
          hostPath: join(rt.dir, 'no-such-dir'),
          containerPath: '/x',
          readonly: false,
          selinuxRelabel: false,
          propagation: 0,
          recursiveReadOnly: false,
        },
      ],
    });
    await expect(
      rt.conn.runtime.createContainer({ podSandboxId: sb.id, config: badMount }),
    ).rejects.toMatchObject({
      code: 'CRI_INVALID_ARGUMENT',
    });
    const stopped = await runContainer(sb, containerConfig('done', ['true']));
    await waitExited(stopped);
    await expect(rt.conn.runtime.execSync({ containerId: stopped, cmd: ['true'] })).rejects.toMatchObject({
      code: 'CRI_FAILED_PRECONDITION',
    });
    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id });
  });

  it('fails a pull of an image no registry has with a clear error and reports absent images as unset', async () => {
    const err: unknown = await rt.conn.image
      .pullImage({ image: { image: 'groundkube-test/never-published:0.0.1' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CriError);
    expect((err as CriError).message).toContain('groundkube-test/never-published:0.0.1');
    const absent = await rt.conn.image.imageStatus({
      image: { image: 'groundkube-test/never-published:0.0.1' },
    });
    expect(absent.image).toBeUndefined();
    await expect(rt.conn.image.imageStatus({ image: { image: '' } })).rejects.toMatchObject({
      code: 'CRI_INVALID_ARGUMENT',
    });

    const present = await rt.conn.image.imageStatus({ image: { image: rt.images.busybox } });
    expect(present.image?.id).toMatch(/^sha256:/);
    expect(present.image?.size).toBeGreaterThan(0n);
    const listed = await rt.conn.image.listImages();
    expect(listed.images.some((i) => i.id === present.image?.id)).toBe(true);
    const fs = await rt.conn.image.imageFsInfo();
    expect(fs.imageFilesystems[0]?.usedBytes?.value).toBeGreaterThan(0n);
  });

  it('pulls through the engine when the registry mirror is up', async () => {
    const mirrorUp = await fetch('http://127.0.0.1:5000/v2/', { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (!mirrorUp) return; // TODO(#6): the mirror comes from tools/images; without it there is nothing to pull from.
    const pulled = await rt.conn.image.pullImage({ image: { image: 'busybox' } });
    expect(pulled.imageRef).toMatch(/^sha256:/);
  });

  it('keeps runtime instances sharing one engine apart', async () => {
    const sb = await runSandbox();
    const c = await runContainer(sb, containerConfig('mine', ['sleep 3600']));
    const otherInstance = `${rt.instance}-other`;
    const socketPath = join(rt.dir, 'other.sock');
    const other = await startRuntimeService({
      socketPath,
      instance: otherInstance,
      logger: silentLogger(),
      sandboxImage: rt.images.sandbox,
    });
    const conn = connectRuntime(socketPath);
    try {
      expect((await conn.runtime.listPodSandbox()).items).toEqual([]);
      expect((await conn.runtime.listContainers()).containers).toEqual([]);
      const err = await conn.runtime.containerStatus({ containerId: c }).catch((e: unknown) => e);
      expect(isNotFound(err)).toBe(true);
      await conn.runtime.removePodSandbox({ podSandboxId: sb.id }); // not ours: a no-op
      await conn.runtime.removeContainer({ containerId: c });
      const still = await rt.conn.runtime.containerStatus({ containerId: c });
      expect(still.status?.state).toBe(ContainerState.CONTAINER_RUNNING);
      expect((await rt.conn.runtime.listPodSandbox()).items.map((i) => i.id)).toContain(sb.id);
    } finally {
      conn.close();
      await other.close();
      await removeInstanceContainers(rt.docker, otherInstance);
    }
    await rt.conn.runtime.removePodSandbox({ podSandboxId: sb.id });
  });
});
