import { type LinuxContainerSecurityContext, NamespaceMode } from '@groundkube/cri-api';
import {
  dockerUser,
  linuxCreateOptions,
  namespaceHostConfig,
  resourcesHostConfig,
  securityHostConfig,
} from './container-host-config';

function sc(extra: Partial<LinuxContainerSecurityContext>): LinuxContainerSecurityContext {
  return {
    privileged: false,
    runAsUsername: '',
    readonlyRootfs: false,
    supplementalGroups: [],
    noNewPrivs: false,
    ...extra,
  };
}

describe('container host config', () => {
  it.each<[string, Partial<LinuxContainerSecurityContext>, string | undefined]>([
    ['nothing', {}, undefined],
    ['a uid', { runAsUser: { value: 1234n } }, '1234'],
    ['uid 0', { runAsUser: { value: 0n } }, '0'],
    ['a uid and a gid', { runAsUser: { value: 1234n }, runAsGroup: { value: 5678n } }, '1234:5678'],
    ['a name and a gid', { runAsUsername: 'nginx', runAsGroup: { value: 101n } }, 'nginx:101'],
  ])('makes the Docker user of %s', (_, extra, user) => {
    expect(dockerUser(sc(extra))).toBe(user);
  });

  it('refuses a group without a user', () => {
    expect(() => dockerUser(sc({ runAsGroup: { value: 1n } }))).toThrow(
      /runAsGroup is specified without a runAsUser/,
    );
  });

  it('maps privileges', () => {
    expect(
      securityHostConfig(
        sc({
          readonlyRootfs: true,
          noNewPrivs: true,
          privileged: true,
          supplementalGroups: [2000n],
          capabilities: {
            addCapabilities: ['NET_ADMIN'],
            dropCapabilities: ['ALL'],
            addAmbientCapabilities: [],
          },
        }),
      ),
    ).toEqual({
      Privileged: true,
      ReadonlyRootfs: true,
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      GroupAdd: ['2000'],
    });
    expect(securityHostConfig(sc({}))).toEqual({});
  });

  it('maps resources, leaving unset ones to Docker', () => {
    const base = {
      oomScoreAdj: 0n,
      cpusetCpus: '',
      cpusetMems: '',
      unified: {},
    };
    expect(
      resourcesHostConfig({
        ...base,
        cpuPeriod: 100000n,
        cpuQuota: 50000n,
        cpuShares: 256n,
        memoryLimitInBytes: 20971520n,
        memorySwapLimitInBytes: 20971520n,
      }),
    ).toEqual({ Memory: 20971520, MemorySwap: 20971520, CpuShares: 256, CpuQuota: 50000, CpuPeriod: 100000 });
    expect(
      resourcesHostConfig({
        ...base,
        cpuPeriod: 100000n,
        cpuQuota: 0n,
        cpuShares: 2n,
        memoryLimitInBytes: 0n,
        memorySwapLimitInBytes: 0n,
      }),
    ).toEqual({ CpuShares: 2, CpuPeriod: 100000 });
  });

  it('joins the sandbox, and the node where the pod asked', () => {
    const ns = {
      network: NamespaceMode.POD,
      pid: NamespaceMode.CONTAINER,
      ipc: NamespaceMode.POD,
      targetId: '',
    };
    expect(namespaceHostConfig('sb', ns)).toEqual({ NetworkMode: 'container:sb', IpcMode: 'container:sb' });
    expect(
      namespaceHostConfig('sb', { ...ns, network: NamespaceMode.NODE, pid: NamespaceMode.NODE }),
    ).toEqual({
      NetworkMode: 'container:sb',
      IpcMode: 'container:sb',
      PidMode: 'host',
      UTSMode: 'host',
    });
    expect(namespaceHostConfig('sb', { ...ns, pid: NamespaceMode.POD }).PidMode).toBe('container:sb');
    expect(linuxCreateOptions('sb', undefined)).toEqual({
      HostConfig: { NetworkMode: 'container:sb', IpcMode: 'container:sb' },
    });
  });
});
