import type { Pod } from '@groundkube/api';
import { NamespaceMode, Protocol } from '@groundkube/cri-api';
import {
  ContainerConfigError,
  containerHash,
  expandReferences,
  makeContainerConfig,
  makeEnvironment,
  makeSandboxConfig,
} from './container-config';
import { defaultPullPolicy } from './image-puller';

const pod: Pod = {
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'u-1',
    labels: { app: 'web' },
    annotations: { note: 'x' },
  },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.27',
        command: ['/bin/run', '$(MODE)'],
        args: ['--ip=$(POD_IP)', '$$(MODE)', '$(UNKNOWN)'],
        workingDir: '/srv',
        ports: [{ containerPort: 80, hostPort: 8081 }, { containerPort: 9090 }],
        env: [
          { name: 'MODE', value: 'fast' },
          { name: 'FULL', value: '$(MODE)-mode' },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        ],
      },
    ],
  },
};
const fields = { podIP: '10.1.2.3', nodeName: 'node-a', hostIP: '192.168.0.2' };

describe('container config', () => {
  it('makes the sandbox config with Kubernetes labels, log directory and host ports', () => {
    const c = makeSandboxConfig(pod, 2, '/var/log/pods');
    expect(c.metadata).toEqual({ name: 'web', namespace: 'shop', uid: 'u-1', attempt: 2 });
    expect(c.logDirectory).toBe('/var/log/pods/shop_web_u-1');
    expect(c.hostname).toBe('web');
    expect(c.labels).toEqual({
      app: 'web',
      'io.kubernetes.pod.name': 'web',
      'io.kubernetes.pod.namespace': 'shop',
      'io.kubernetes.pod.uid': 'u-1',
    });
    expect(c.annotations).toEqual({ note: 'x' });
    expect(c.portMappings).toEqual([
      { protocol: Protocol.TCP, containerPort: 80, hostPort: 8081, hostIp: '' },
    ]);
    expect(c.linux?.securityContext?.namespaceOptions?.network).toBe(NamespaceMode.POD);
  });

  it("puts a hostNetwork pod's sandbox in the node's network namespace", () => {
    const c = makeSandboxConfig({ ...pod, spec: { ...pod.spec!, hostNetwork: true } }, 0, '/var/log/pods');
    expect(c.linux?.securityContext?.namespaceOptions?.network).toBe(NamespaceMode.NODE);
  });

  it('gives the container its security context, and refuses runAsNonRoot as root', () => {
    const container = {
      name: 'app',
      image: 'busybox',
      securityContext: { runAsUser: 1234, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    };
    const options = { pod, container, attempt: 0, imageRef: 'sha256:b', mounts: [], fields };
    const config = makeContainerConfig({ ...options, imageUser: { uid: 0n, username: '' } });
    expect(config.linux?.securityContext).toMatchObject({
      runAsUser: { value: 1234n },
      readonlyRootfs: true,
      capabilities: { dropCapabilities: ['ALL'] },
    });
    const nonRoot = { ...container, securityContext: { runAsNonRoot: true } };
    expect(() =>
      makeContainerConfig({ ...options, container: nonRoot, imageUser: { uid: 0n, username: '' } }),
    ).toThrow(ContainerConfigError);
  });

  it('gives the container its cpu and memory resources', () => {
    const container = {
      name: 'app',
      image: 'busybox',
      resources: { limits: { memory: '20Mi', cpu: '500m' }, requests: { cpu: '250m' } },
    };
    const config = makeContainerConfig({
      pod,
      container,
      attempt: 0,
      imageRef: 'sha256:b',
      mounts: [],
      fields,
      imageUser: { uid: 0n, username: '' },
    });
    expect(config.linux?.resources).toMatchObject({
      memoryLimitInBytes: 20n * 1024n * 1024n,
      cpuShares: 256n,
      cpuQuota: 50000n,
      cpuPeriod: 100000n,
    });
  });

  it('resolves env in order with $(VAR) references and fieldRefs', () => {
    expect(makeEnvironment(pod, pod.spec!.containers[0]!, fields)).toEqual([
      { key: 'MODE', value: 'fast' },
      { key: 'FULL', value: 'fast-mode' },
      { key: 'POD_IP', value: '10.1.2.3' },
      { key: 'NS', value: 'shop' },
      { key: 'APP', value: 'web' },
    ]);
    const bad = { name: 'x', env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] };
    expect(() => makeEnvironment(pod, bad, fields)).toThrow(ContainerConfigError);
  });

  it('expands command and args, keeping escapes and unknown references', () => {
    expect(expandReferences('a $(X) $$(X) $(Y) $$', new Map([['X', '1']]))).toBe('a 1 $(X) $(Y) $');
    const config = makeContainerConfig({
      pod,
      container: pod.spec!.containers[0]!,
      attempt: 3,
      imageRef: 'sha256:abc',
      mounts: [{ hostPath: '/h', containerPath: '/c', readonly: true }],
      fields,
      imageUser: { uid: 0n, username: '' },
    });
    expect(config.command).toEqual(['/bin/run', 'fast']);
    expect(config.args).toEqual(['--ip=10.1.2.3', '$(MODE)', '$(UNKNOWN)']);
    expect(config.metadata).toEqual({ name: 'nginx', attempt: 3 });
    expect(config.image).toMatchObject({ image: 'sha256:abc', userSpecifiedImage: 'nginx:1.27' });
    expect(config.logPath).toBe('nginx/3.log');
    expect(config.workingDir).toBe('/srv');
    expect(config.mounts).toEqual([
      expect.objectContaining({ hostPath: '/h', containerPath: '/c', readonly: true }),
    ]);
    expect(config.labels['io.kubernetes.container.name']).toBe('nginx');
    expect(config.annotations['io.kubernetes.container.restartCount']).toBe('3');
    expect(config.annotations['io.kubernetes.container.hash']).toBe(containerHash(pod.spec!.containers[0]!));
  });

  it('changes the hash when the image changes', () => {
    const c = pod.spec!.containers[0]!;
    expect(containerHash(c)).toBe(containerHash({ ...c }));
    expect(containerHash(c)).not.toBe(containerHash({ ...c, image: 'nginx:1.28' }));
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['localhost:5000/nginx', 'Always'],
    ['localhost:5000/nginx:2', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
  ])('defaults the pull policy of %s to %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});
