import type { Node, Pod } from '@groundkube/api';

import { admissionRejection } from './pod-admission';

const node: Node = {
  metadata: { name: 'n1', labels: { disk: 'ssd' } },
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
};
const pod = (uid: string, spec: Partial<NonNullable<Pod['spec']>> = {}, cpu?: string): Pod => ({
  metadata: { name: uid, namespace: 'default', uid },
  spec: {
    containers: [
      {
        name: 'c',
        ports: [{ containerPort: 80, hostPort: 8080 }],
        ...(cpu ? { resources: { requests: { cpu } } } : {}),
      },
    ],
    ...spec,
  },
});

describe('admissionRejection', () => {
  it('admits a pod that fits, selects this node and holds a free port', () => {
    expect(
      admissionRejection(pod('a', { nodeName: 'n1', nodeSelector: { disk: 'ssd' } }, '1'), node, []),
    ).toBe(undefined);
  });

  it('reports only the first failure, in the order resources, affinity, node name, host ports', () => {
    const holder = pod('holder');
    const all = pod('p', { nodeName: 'n2', nodeSelector: { disk: 'hdd' } }, '3');
    expect(admissionRejection(all, node, [holder])).toEqual({
      reason: 'OutOfcpu',
      message: "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000",
    });
    expect(
      admissionRejection(pod('p', { nodeName: 'n2', nodeSelector: { disk: 'hdd' } }), node, [holder]),
    ).toEqual({
      reason: 'NodeAffinity',
      message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    });
    expect(admissionRejection(pod('p', { nodeName: 'n2' }), node, [holder])).toEqual({
      reason: 'NodeName',
      message: "Predicate NodeName failed: node(s) didn't match the requested node name",
    });
    expect(admissionRejection(pod('p', { nodeName: 'n1' }), node, [holder])?.reason).toBe('NodePorts');
  });
});
