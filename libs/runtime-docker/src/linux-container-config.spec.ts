// The CRI container's Linux config (user, privileges, resources, namespaces) on real Docker containers.
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  type ContainerConfig,
  ContainerState,
  type LinuxContainerResources,
  type LinuxContainerSecurityContext,
  NamespaceMode,
  type PodSandboxConfig,
} from '@groundkube/cri-api';
import { startTestRuntime, type TestRuntime, waitFor } from './testing/runtime-fixture';

jest.setTimeout(120_000);

let rt: TestRuntime;
let seq = 0;

beforeAll(async () => {
  rt = await startTestRuntime('rtl');
});

afterAll(async () => {
  await rt?.close();
});

const POD_NAMESPACES = {
  network: NamespaceMode.POD,
  pid: NamespaceMode.CONTAINER,
  ipc: NamespaceMode.POD,
  targetId: '',
};

function sandboxConfig(network = NamespaceMode.POD): PodSandboxConfig {
  const name = `lx${++seq}`;
  const uid = `uid-${rt.instance}-${seq}`;
  return {
    metadata: { name, namespace: 'default', uid, attempt: 0 },
    hostname: name,
    logDirectory: join(rt.dir, 'logs', `default_${name}_${uid}`),
    portMappings: [],
    labels: { 'io.kubernetes.pod.uid': uid },
    annotations: {},
    linux: {
      cgroupParent: '',
      sysctls: {},
      securityContext: {
        namespaceOptions: { ...POD_NAMESPACES, network },
        readonlyRootfs: false,
        supplementalGroups: [],
        privileged: false,
      },
    },
  };
}

function security(extra: Partial<LinuxContainerSecurityContext>): LinuxContainerSecurityContext {
  return {
    privileged: false,
    namespaceOptions: POD_NAMESPACES,
    runAsUsername: '',
    readonlyRootfs: false,
    supplementalGroups: [],
    noNewPrivs: false,
    ...extra,
  };
}

function resources(extra: Partial<LinuxContainerResources>): LinuxContainerResources {
  return {
    cpuPeriod: 100000n,
    cpuQuota: 0n,
    cpuShares: 2n,
    memoryLimitInBytes: 0n,
    oomScoreAdj: 0n,
    cpusetCpus: '',
    cpusetMems: '',
    unified: {},
    memorySwapLimitInBytes: 0n,
    ...extra,
  };
}

function containerConfig(
  script: string,
  linux: { securityContext?: LinuxContainerSecurityContext; resources?: LinuxContainerResources },
): ContainerConfig {
  const name = `c${seq}`;
  return {
    metadata: { name, attempt: 0 },
    image: {
      image: rt.images.busybox,
      annotations: {},
      userSpecifiedImage: rt.images.busybox,
      runtimeHandler: '',
    },
    command: ['sh', '-c'],
    args: [script],
    workingDir: '',
    envs: [],
    mounts: [],
    devices: [],
    labels: {},
    annotations: {},
    logPath: `${name}/0.log`,
    stdin: false,
    stdinOnce: false,
    tty: false,
    linux,
  };
}

/** Runs a sandbox with one container; resolves with the container's id once the start call returned. */
async function run(
  config: ContainerConfig,
  sandbox = sandboxConfig(),
): Promise<{ id: string; sandboxId: string }> {
  const { podSandboxId } = await rt.conn.runtime.runPodSandbox({ config: sandbox });
  const { containerId } = await rt.conn.runtime.createContainer({
    podSandboxId,
    config,
    sandboxConfig: sandbox,
  });
  await rt.conn.runtime.startContainer({ containerId });
  return { id: containerId, sandboxId: podSandboxId };
}

async function exec(id: string, script: string): Promise<{ out: string; err: string; code: number }> {
  const r = await rt.conn.runtime.execSync({ containerId: id, cmd: ['sh', '-c', script], timeout: 10n });
  return { out: Buffer.from(r.stdout).toString(), err: Buffer.from(r.stderr).toString(), code: r.exitCode };
}

/** CapEff from /proc/self/status, as a bit set. */
async function effectiveCaps(id: string): Promise<bigint> {
  const { out } = await exec(id, 'grep CapEff /proc/self/status');
  return BigInt(`0x${out.trim().split(/\s+/)[1]}`);
}

const CAP_CHOWN = 0n;
const CAP_NET_ADMIN = 12n;

describe('Linux container config on Docker', () => {
  it('runs as runAsUser:runAsGroup with the supplemental groups', async () => {
    const c = await run(
      containerConfig('sleep 3600', {
        securityContext: security({
          runAsUser: { value: 1234n },
          runAsGroup: { value: 5678n },
          supplementalGroups: [2000n],
        }),
      }),
    );
    expect((await exec(c.id, 'id -u')).out).toBe('1234\n');
    expect((await exec(c.id, 'id -g')).out).toBe('5678\n');
    expect((await exec(c.id, 'id -G')).out.trim().split(' ')).toContain('2000');
    expect((await rt.docker.getContainer(c.id).inspect()).Config.User).toBe('1234:5678');
  });

  it('makes the root filesystem read-only and drops every capability', async () => {
    const c = await run(
      containerConfig('sleep 3600', {
        securityContext: security({
          readonlyRootfs: true,
          capabilities: { addCapabilities: [], dropCapabilities: ['ALL'], addAmbientCapabilities: [] },
        }),
      }),
    );
    const write = await exec(c.id, 'echo x > /probe');
    expect(write.code).not.toBe(0);
    expect(write.err).toMatch(/Read-only file system/);
    const chown = await exec(c.id, 'chown 1:1 /dev/null');
    expect(chown.code).not.toBe(0);
    expect(chown.err).toMatch(/Operation not permitted/);
    expect(await effectiveCaps(c.id)).toBe(0n);
    const info = await rt.docker.getContainer(c.id).inspect();
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
  });

  it('adds capabilities after the drops, and sets no-new-privileges', async () => {
    const c = await run(
      containerConfig('sleep 3600', {
        securityContext: security({
          noNewPrivs: true,
          capabilities: {
            addCapabilities: ['NET_ADMIN'],
            dropCapabilities: ['ALL'],
            addAmbientCapabilities: [],
          },
        }),
      }),
    );
    const caps = await effectiveCaps(c.id);
    expect(caps).toBe(1n << CAP_NET_ADMIN);
    expect(caps & (1n << CAP_CHOWN)).toBe(0n);
    expect((await exec(c.id, 'ip link set lo mtu 1400 && cat /sys/class/net/lo/mtu')).out).toBe('1400\n');
    expect((await exec(c.id, 'grep NoNewPrivs /proc/self/status')).out).toMatch(/NoNewPrivs:\s+1/);
    const info = await rt.docker.getContainer(c.id).inspect();
    expect(info.HostConfig.CapAdd).toEqual(['NET_ADMIN']);
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
  });

  it('sets the memory limit, cpu shares and CFS quota', async () => {
    const c = await run(
      containerConfig('sleep 3600', {
        resources: resources({
          memoryLimitInBytes: 20971520n,
          memorySwapLimitInBytes: 20971520n,
          cpuShares: 256n,
          cpuQuota: 50000n,
        }),
      }),
    );
    const info = await rt.docker.getContainer(c.id).inspect();
    expect(info.HostConfig).toMatchObject({
      Memory: 20971520,
      MemorySwap: 20971520,
      CpuShares: 256,
      CpuQuota: 50000,
      CpuPeriod: 100000,
    });
    // The cgroup the process is in says the same (cgroup v1 here).
    const limit = await exec(c.id, 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes');
    expect(limit.out).toBe('20971520\n');
  });

  it('reports a container killed over its memory limit as OOMKilled, 137', async () => {
    const c = await run(
      containerConfig('tail /dev/zero', {
        resources: resources({ memoryLimitInBytes: 20971520n, memorySwapLimitInBytes: 20971520n }),
      }),
    );
    const status = await waitFor(async () => {
      const { status: s } = await rt.conn.runtime.containerStatus({ containerId: c.id });
      return s?.state === ContainerState.CONTAINER_EXITED ? s : undefined;
    }, 'the memory hog to be killed');
    expect(status.reason).toBe('OOMKilled');
    expect(status.exitCode).toBe(137);
  });

  it("fails to start a privileged container on this machine, with the engine's reason", async () => {
    // This VM's engine cannot run --privileged (it lacks CAP_SYS_RESOURCE, see shared/MACHINE.md): the
    // runtime passes the request on and reports the failure instead of running it unprivileged.
    await expect(
      run(containerConfig('sleep 3600', { securityContext: security({ privileged: true }) })),
    ).rejects.toThrow(/operation not permitted/);
  });

  it("runs a host-network pod in the node's network namespace, with the node's hostname", async () => {
    const sandbox = sandboxConfig(NamespaceMode.NODE);
    const c = await run(
      containerConfig('sleep 3600', {
        securityContext: security({ namespaceOptions: { ...POD_NAMESPACES, network: NamespaceMode.NODE } }),
      }),
      sandbox,
    );
    expect((await exec(c.id, 'hostname')).out).toBe(`${hostname()}\n`);
    // docker0 is the host's bridge: only the host's namespace has it.
    expect((await exec(c.id, 'ip -o link show')).out).toContain('docker0');
    const { status } = await rt.conn.runtime.podSandboxStatus({ podSandboxId: c.sandboxId });
    expect(status?.linux?.namespaces?.options?.network).toBe(NamespaceMode.NODE);
    expect(status?.network?.ip).toBe('');
  });

  it("shares the node's PID and IPC namespaces when the pod asked (hostPID, hostIPC)", async () => {
    const hostNamespaces = { ...POD_NAMESPACES, pid: NamespaceMode.NODE, ipc: NamespaceMode.NODE };
    const sandbox = sandboxConfig();
    sandbox.linux!.securityContext!.namespaceOptions = hostNamespaces;
    const c = await run(
      containerConfig('sleep 3600', { securityContext: security({ namespaceOptions: hostNamespaces }) }),
      sandbox,
    );
    const inside = await exec(c.id, 'for n in pid ipc net; do readlink /proc/self/ns/$n; done');
    const [pid, ipc, net] = inside.out.trim().split('\n');
    expect(pid).toBe(readlinkSync('/proc/self/ns/pid'));
    expect(ipc).toBe(readlinkSync('/proc/self/ns/ipc'));
    expect(net).not.toBe(readlinkSync('/proc/self/ns/net'));
    const { status } = await rt.conn.runtime.podSandboxStatus({ podSandboxId: c.sandboxId });
    expect(status?.linux?.namespaces?.options).toMatchObject({
      pid: NamespaceMode.NODE,
      ipc: NamespaceMode.NODE,
    });
  });
});
