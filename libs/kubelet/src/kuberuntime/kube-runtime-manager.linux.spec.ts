// securityContext, resources and hostNetwork of pod specs, through the manager and the CRI to real Docker.
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Container, Pod, PodSpec } from '@groundkube/api';
import { connectRuntime, type RuntimeConnection } from '@groundkube/cri-api';
import { silentLogger } from '@groundkube/logging';
import { VolumeManager } from '../volume';
import { BackOff } from './back-off';
import { toContainerStatuses } from './container-statuses';
import { KubeRuntimeManager } from './kube-runtime-manager';
import type { RuntimePodStatus } from './runtime-pod';
import { OffsetClock } from './testing/offset-clock';
import { type RuntimeProcess, startRuntimeProcess, waitFor } from './testing/runtime-process';

jest.setTimeout(180_000);

let rp: RuntimeProcess;
let conn: RuntimeConnection;
let clock: OffsetClock;
let manager: KubeRuntimeManager;
let seq = 0;

beforeAll(async () => {
  rp = await startRuntimeProcess('kubelinux');
  conn = connectRuntime(rp.endpoint);
  clock = new OffsetClock();
  manager = new KubeRuntimeManager({
    runtime: conn.runtime,
    images: conn.image,
    volumes: new VolumeManager({ rootDir: join(rp.dir, 'kubelet'), logger: silentLogger() }),
    logger: silentLogger(),
    clock,
    podLogsDir: join(rp.dir, 'pods-logs'),
    nodeName: 'node-a',
  });
});

afterAll(async () => {
  conn?.close();
  await rp?.stop();
});

function makePod(container: Partial<Container>, spec: Partial<PodSpec> = {}): Pod {
  seq += 1;
  return {
    metadata: { name: `lx${seq}`, namespace: 'default', uid: `${rp.instance}-uid-${seq}` },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      ...spec,
      containers: [
        {
          name: 'app',
          image: rp.images.busybox,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', 'sleep 3600'],
          ...container,
        },
      ],
    },
  };
}

function status(pod: Pod): Promise<RuntimePodStatus> {
  return manager.getPodStatus(pod.metadata.uid!, pod.metadata.name!, pod.metadata.namespace!);
}

/** Syncs the pod once and returns the id of its running container `app`. */
async function start(pod: Pod): Promise<string> {
  const result = await manager.syncPod(pod, await status(pod), { backOff: new BackOff({ clock }) });
  expect(result.failures).toEqual([]);
  const s = await status(pod);
  return s.containers.find((c) => c.name === 'app')!.containerID.replace(/^docker:\/\//, '');
}

/** Docker's own view of a container (the docker CLI: kubelet code stays off dockerode). */
function inspect(id: string): { HostConfig: Record<string, unknown> } {
  return JSON.parse(execFileSync('docker', ['inspect', id], { encoding: 'utf8' }))[0];
}

async function exec(id: string, script: string): Promise<{ out: string; err: string; code: number }> {
  const r = await conn.runtime.execSync({ containerId: id, cmd: ['sh', '-c', script], timeout: 10n });
  return { out: Buffer.from(r.stdout).toString(), err: Buffer.from(r.stderr).toString(), code: r.exitCode };
}

describe('KubeRuntimeManager: securityContext, resources and hostNetwork on Docker', () => {
  it('runs as the pod runAsUser with the container runAsGroup and the pod supplementalGroups', async () => {
    const id = await start(
      makePod(
        { securityContext: { runAsGroup: 5678 } },
        { securityContext: { runAsUser: 1234, runAsGroup: 1, supplementalGroups: [2000] } },
      ),
    );
    expect((await exec(id, 'id -u')).out).toBe('1234\n');
    expect((await exec(id, 'id -g')).out).toBe('5678\n');
    expect((await exec(id, 'id -G')).out.trim().split(' ')).toContain('2000');
  });

  it('makes / read-only, drops capabilities and stops privilege escalation', async () => {
    const id = await start(
      makePod({
        securityContext: {
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
        },
      }),
    );
    const write = await exec(id, 'touch /probe');
    expect(write.code).not.toBe(0);
    expect(write.err).toMatch(/Read-only file system/);
    const chown = await exec(id, 'chown 1:1 /dev/null');
    expect(chown.err).toMatch(/Operation not permitted/);
    // Only CAP_NET_BIND_SERVICE (bit 10) is left.
    expect((await exec(id, 'grep CapEff /proc/self/status')).out).toMatch(/CapEff:\s+0000000000000400/);
    expect((await exec(id, 'grep NoNewPrivs /proc/self/status')).out).toMatch(/NoNewPrivs:\s+1/);
    const info = inspect(id);
    expect(info.HostConfig).toMatchObject({
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      CapAdd: ['NET_BIND_SERVICE'],
      SecurityOpt: ['no-new-privileges'],
    });
  });

  it('refuses runAsNonRoot on an image that runs as root: CreateContainerConfigError, nothing created', async () => {
    const pod = makePod({ securityContext: { runAsNonRoot: true } });
    const result = await manager.syncPod(pod, await status(pod), { backOff: new BackOff({ clock }) });
    const message = `container has runAsNonRoot and image will run as root (pod: "${pod.metadata.name}_default(${pod.metadata.uid})", container: app)`;
    expect(result.failures).toEqual([
      expect.objectContaining({ reason: 'CreateContainerConfigError', container: 'app', message }),
    ]);
    expect(result.events.map((e) => `${e.type} ${e.reason} ${e.message}`)).toContain(
      `Warning Failed Error: ${message}`,
    );
    const s = await status(pod);
    expect(s.containers).toEqual([]);
    const [api] = toContainerStatuses(pod, s, { waitingReasons: result.waitingReasons() });
    expect(api?.state?.waiting).toEqual({ reason: 'CreateContainerConfigError', message });

    // With a non-root runAsUser the same image runs.
    const ok = makePod({ securityContext: { runAsNonRoot: true, runAsUser: 1000 } });
    expect((await exec(await start(ok), 'id -u')).out).toBe('1000\n');
  });

  it('sets memory and cpu limits and shares, and reports an OOM kill as OOMKilled 137', async () => {
    const id = await start(
      makePod({ resources: { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '20Mi' } } }),
    );
    const info = inspect(id);
    expect(info.HostConfig).toMatchObject({
      Memory: 20 * 1024 * 1024,
      CpuShares: 256,
      CpuQuota: 50000,
      CpuPeriod: 100000,
    });

    const hog = makePod({ command: ['tail', '/dev/zero'], resources: { limits: { memory: '20Mi' } } });
    await start(hog);
    const s = await waitFor(async () => {
      const st = await status(hog);
      return st.containers[0]?.state === 'exited' ? st : undefined;
    }, 'the memory hog to be killed');
    const [api] = toContainerStatuses(hog, s);
    expect(api?.state?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  });

  it("runs a hostNetwork pod in the node's network namespace, with the node's hostname", async () => {
    const pod = makePod({}, { hostNetwork: true });
    const result = await manager.syncPod(pod, await status(pod), { backOff: new BackOff({ clock }) });
    expect(result.failures).toEqual([]);
    // No pod IP of its own: the status code reports the node's IP for hostNetwork pods.
    expect(result.sandboxCreated?.ip).toBe('');
    const s = await status(pod);
    expect(s.ips).toEqual([]);
    const id = s.containers[0]!.containerID.replace(/^docker:\/\//, '');
    expect((await exec(id, 'hostname')).out).toBe(`${hostname()}\n`);
    expect((await exec(id, 'ip -o link show')).out).toContain('docker0');
    const sandbox = inspect(s.sandboxes[0]!.id);
    expect(sandbox.HostConfig.NetworkMode).toBe('host');
  });
});
