import type { HostInfo } from './host-info';
import { prettyName } from './host-info';
import { initialNode, nodeStatus } from './node-object';
import { microTime } from './node-lease';

const host: HostInfo = {
  hostname: 'h',
  internalIP: '10.0.0.7',
  cpuCount: 2,
  memoryKi: 24_000_000,
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
    expect(status.capacity).toEqual({ cpu: '2', memory: '24000000Ki', pods: '110' });
    expect(status.allocatable).toEqual(status.capacity);
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
