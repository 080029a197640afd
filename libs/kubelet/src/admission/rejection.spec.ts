import type { Pod } from '@groundkube/api';

import { rejectedPodStatus } from './rejection';

describe('rejectedPodStatus', () => {
  const now = '2026-01-01T00:00:10Z';
  const pod = (status: Pod['status']): Pod => ({
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: {
      containers: [{ name: 'c', resources: { limits: { cpu: '1', memory: '1Gi' } } }],
    },
    status,
  });

  it('is Failed with the reason and the prefixed message, the QoS class and a start time, and no containers', () => {
    const status = rejectedPodStatus(
      pod({ phase: 'Pending' }),
      'NodePorts',
      'Predicate NodePorts failed',
      now,
    );
    expect(status).toEqual({
      phase: 'Failed',
      reason: 'NodePorts',
      message: 'Pod was rejected: Predicate NodePorts failed',
      qosClass: 'Guaranteed',
      startTime: now,
    });
  });

  it("keeps the QoS class, start time and others' conditions, and drops the kubelet's own conditions", () => {
    const earlier = '2026-01-01T00:00:00Z';
    const status = rejectedPodStatus(
      pod({
        phase: 'Pending',
        qosClass: 'Burstable',
        startTime: earlier,
        conditions: [
          { type: 'PodScheduled', status: 'True', lastTransitionTime: earlier },
          { type: 'example.com/gate', status: 'True', lastTransitionTime: earlier },
        ],
        containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'x', imageID: '' }],
      }),
      'NodePorts',
      'Predicate NodePorts failed',
      now,
    );
    expect(status.qosClass).toBe('Burstable');
    expect(status.startTime).toBe(earlier);
    expect(status.conditions).toEqual([
      { type: 'example.com/gate', status: 'True', lastTransitionTime: earlier },
    ]);
    expect(status.containerStatuses).toBeUndefined();
  });
});
