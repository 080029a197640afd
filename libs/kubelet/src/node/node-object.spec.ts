import type { HostInfo } from './host-info';
import { prettyName } from './host-info';
import { initialNode, nodeStatus } from './node-object';
import { microTime } from './node-lease';

const host: HostInfo = {
  hostname: 'h',
  internalIP: '10.0.0.7',
  cpuCount: 2,
  memoryKi: 24_000_000,
  ephemeralStorageBytes: 101_430_960 * 1024,
  hugePages: [
    { pageSizeBytes: 2 * 1024 * 1024, count: 0 },
    { pageSizeBytes: 1024 * 1024 * 1024, count: 0 },
  ],
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.1.0',
  machineID: 'm',
  bootID: 'b',
  systemUUID: 's',
  architecture: 'amd64',
  operatingSystem: 'linux',
};
const facts = { nodeName: 'node-1', host, containerRuntimeVersion: 'docker://20.10.24', kubeletPort: 10250 };

describe('node object', () => {
  it('labels the node and reports capacity, addresses and versions', () => {
    const node = initialNode(facts, '2026-01-01T00:00:00Z');
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'node-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
    });
    const status = nodeStatus(facts, [], '2026-01-01T00:00:00Z');
    expect(Object.entries(status.capacity ?? {})).toEqual([
      ['cpu', '2'],
      ['ephemeral-storage', '101430960Ki'],
      ['hugepages-1Gi', '0'],
      ['hugepages-2Mi', '0'],
      ['memory', '24000000Ki'],
      ['pods', '110'],
    ]);
    // Allocatable ephemeral-storage leaves out nodefs.available<10%: 103865303040 - trunc(103865303040 ×
    // float32(0.1)) bytes, which no power of 1024 divides.
    expect(status.allocatable).toEqual({ ...status.capacity, 'ephemeral-storage': '93478772582' });
    expect(status.addresses).toEqual([
      { type: 'InternalIP', address: '10.0.0.7' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    expect(status.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.4',
      containerRuntimeVersion: 'docker://20.10.24',
    });
    expect(status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
  });

  it('moves heartbeats on every update but keeps transition times of unchanged conditions', () => {
    const first = nodeStatus(facts, [], '2026-01-01T00:00:00Z');
    const second = nodeStatus(facts, first.conditions ?? [], '2026-01-01T00:00:10Z');
    const ready = second.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: '2026-01-01T00:00:10Z',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
  });

  it('reads PRETTY_NAME and writes MicroTime', () => {
    expect(prettyName('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe(
      'Debian GNU/Linux 12 (bookworm)',
    );
    expect(prettyName('')).toBe('Linux');
    expect(microTime(Date.parse('2026-01-01T00:00:00.123Z'))).toBe('2026-01-01T00:00:00.123000Z');
  });
});
