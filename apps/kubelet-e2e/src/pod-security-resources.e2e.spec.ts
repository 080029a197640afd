// securityContext, resources and hostNetwork of pods, end to end: the kubelet app with a real API server on
// real etcd, running the pods on the real Docker engine. What the API status says must be true of Docker.

import { execFile } from 'node:child_process';
import * as os from 'node:os';
import { promisify } from 'node:util';

import type { Container, Pod, PodSpec } from '@groundkube/api';
import { PODS } from '@groundkube/client';

import { getPod, singleNodeSuite } from './single-node';
import { dockerContainers, until, type KubeletFixture } from './cluster-fixture';

jest.setTimeout(180_000);

const exec = promisify(execFile);

/** Runs `script` in the pod's container `app` (docker exec) and returns its stdout and stderr together. */
async function inContainer(kubelet: KubeletFixture, pod: Pod, script: string): Promise<string> {
  const all = await dockerContainers(kubelet.nodeName, pod.metadata.uid);
  const app = all.find((c) => c.name.startsWith('k8s_app_') && c.state === 'running');
  if (!app) throw new Error(`no running app container in ${pod.metadata.name}`);
  const r = await exec('docker', ['exec', app.id, 'sh', '-c', `${script} 2>&1; true`]);
  return r.stdout;
}

describe('pod securityContext, resources and hostNetwork on the real kubelet', () => {
  const node = singleNodeSuite('sec');

  async function createPod(
    name: string,
    container: Partial<Container>,
    spec: Partial<PodSpec> = {},
  ): Promise<Pod> {
    return node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${name}-${node.kubelet.nodeName}`, namespace: 'default' },
        spec: {
          nodeName: node.kubelet.nodeName,
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: 1,
          ...spec,
          containers: [
            {
              name: 'app',
              image: 'busybox:latest',
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c', 'exec sleep 3600'],
              ...container,
            },
          ],
        },
      },
    );
  }

  function waitPod(pod: Pod, what: string, ok: (p: Pod) => boolean): Promise<Pod> {
    return until(what, async () => {
      const p = await getPod(node.api.client, pod.metadata.name!);
      return p && ok(p) ? p : undefined;
    });
  }

  const running = (p: Pod): boolean => p.status?.containerStatuses?.[0]?.state?.running !== undefined;

  it('runs as runAsUser/runAsGroup with a read-only root and no capabilities', async () => {
    const pod = await createPod(
      'sec',
      {
        securityContext: {
          runAsGroup: 5678,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
      },
      { securityContext: { runAsUser: 1234 } },
    );
    await waitPod(pod, 'sec pod running', running);
    expect(await inContainer(node.kubelet, pod, 'id -u; id -g')).toBe('1234\n5678\n');
    expect(await inContainer(node.kubelet, pod, 'touch /probe')).toMatch(/Read-only file system/);
    expect(await inContainer(node.kubelet, pod, 'grep -E "CapEff|NoNewPrivs" /proc/self/status')).toMatch(
      /CapEff:\s+0000000000000000\nNoNewPrivs:\s+1/,
    );
  });

  it('refuses runAsNonRoot for an image that runs as root: waiting CreateContainerConfigError', async () => {
    const pod = await createPod('nonroot', { securityContext: { runAsNonRoot: true } });
    const p = await waitPod(
      pod,
      'CreateContainerConfigError',
      (x) => x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError',
    );
    expect(p.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(
      `container has runAsNonRoot and image will run as root (pod: "${p.metadata.name}_default(${p.metadata.uid})", container: app)`,
    );
    expect(p.status?.phase).toBe('Pending');
    expect(await dockerContainers(node.kubelet.nodeName, p.metadata.uid)).toEqual([
      expect.objectContaining({ name: expect.stringMatching(/^k8s_POD_/) }),
    ]);
  });

  it('limits memory and cpu, and reports a container over its memory limit as OOMKilled 137', async () => {
    const limited = await createPod('limits', {
      resources: { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '20Mi' } },
    });
    await waitPod(limited, 'limited pod running', running);
    const [app] = (
      await dockerContainers(
        node.kubelet.nodeName,
        (await getPod(node.api.client, limited.metadata.name!))!.metadata.uid,
      )
    ).filter((c) => c.name.startsWith('k8s_app_'));
    const { stdout } = await exec('docker', [
      'inspect',
      '--format',
      '{{.HostConfig.Memory}} {{.HostConfig.CpuShares}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuPeriod}}',
      app!.id,
    ]);
    expect(stdout.trim()).toBe(`${20 * 1024 * 1024} 256 50000 100000`);

    const hog = await createPod('oom', {
      command: ['tail', '/dev/zero'],
      resources: { limits: { memory: '20Mi' } },
    });
    const p = await waitPod(
      hog,
      'OOMKilled',
      (x) => x.status?.containerStatuses?.[0]?.state?.terminated !== undefined,
    );
    expect(p.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });
    expect(p.status?.phase).toBe('Failed');
  });

  it("runs a hostNetwork pod in the node's network namespace: podIP is the hostIP, the hostname the node's", async () => {
    const pod = await createPod('hostnet', {}, { hostNetwork: true });
    const p = await waitPod(pod, 'hostNetwork pod running', (x) => running(x) && !!x.status?.podIP);
    expect(p.status?.podIP).toBe(p.status?.hostIP);
    expect(await inContainer(node.kubelet, pod, 'hostname')).toBe(`${os.hostname()}\n`);
    expect(await inContainer(node.kubelet, pod, 'ip -o link show')).toContain('docker0');
    const sandbox = (await dockerContainers(node.kubelet.nodeName, p.metadata.uid)).find((c) =>
      c.name.startsWith('k8s_POD_'),
    );
    const { stdout } = await exec('docker', [
      'inspect',
      '--format',
      '{{.HostConfig.NetworkMode}}',
      sandbox!.id,
    ]);
    expect(stdout.trim()).toBe('host');
  });
});
