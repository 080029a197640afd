import type { Node, Pod } from '@groundkube/api';

import {
  insufficientResourceMessage,
  insufficientResourceReason,
  insufficientResources,
} from './node-resources-fit';

const node = (allocatable: Record<string, string>): Node => ({
  metadata: { name: 'n1' },
  status: { allocatable },
});
const twoCpus = node({ cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '10Gi' });
const pod = (uid: string, requests: Record<string, string> = {}): Pod => ({
  metadata: { name: uid, namespace: 'default', uid },
  spec: { containers: [{ name: 'c', resources: { requests } }] },
});

describe('insufficientResources', () => {
  it('reports a pod larger than the node in cpu then memory, in the units Kubernetes reports', () => {
    const shortages = insufficientResources(pod('big', { cpu: '100', memory: '1Ti' }), twoCpus, []);
    expect(shortages.map(insufficientResourceReason)).toEqual(['OutOfcpu', 'OutOfmemory']);
    expect(shortages.map(insufficientResourceMessage)).toEqual([
      "Node didn't have enough resource: cpu, requested: 100000, used: 0, capacity: 2000",
      "Node didn't have enough resource: memory, requested: 1099511627776, used: 0, capacity: 4294967296",
    ]);
  });

  it("counts what the admitted pods request, never the pod's own entry", () => {
    const admitted = [pod('a', { cpu: '1500m' }), pod('b', { cpu: '250m' })];
    expect(insufficientResources(pod('fits', { cpu: '250m' }), twoCpus, admitted)).toEqual([]);
    expect(insufficientResources(pod('a', { cpu: '1500m' }), twoCpus, admitted)).toEqual([]);
    expect(insufficientResources(pod('over', { cpu: '251m' }), twoCpus, admitted)).toEqual([
      { resourceName: 'cpu', requested: 251n, used: 1750n, capacity: 2000n },
    ]);
  });

  it('counts pods against the pod capacity even for a pod requesting nothing', () => {
    const full = node({ cpu: '2', pods: '2' });
    const shortages = insufficientResources(pod('c'), full, [pod('a'), pod('b')]);
    expect(shortages.map(insufficientResourceMessage)).toEqual([
      "Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2",
    ]);
    expect(shortages.map(insufficientResourceReason)).toEqual(['OutOfpods']);
  });

  it('checks huge pages and known extended resources, and ignores extended resources the node lacks', () => {
    const shortages = insufficientResources(
      pod('x', { 'hugepages-2Mi': '4Mi', 'example.com/gpu': '1', 'ephemeral-storage': '20Gi' }),
      twoCpus,
      [],
    );
    expect(shortages.map(insufficientResourceReason)).toEqual([
      'OutOfephemeral-storage',
      'OutOfhugepages-2Mi',
    ]);
    const withGpu = node({ cpu: '2', pods: '110', 'example.com/gpu': '1' });
    expect(insufficientResources(pod('g', { 'example.com/gpu': '2' }), withGpu, [])).toEqual([
      { resourceName: 'example.com/gpu', requested: 2n, used: 0n, capacity: 1n },
    ]);
  });
});
