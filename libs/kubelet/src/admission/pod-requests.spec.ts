import type { Container, Pod } from '@groundkube/api';

import { podRequests, resourceAmount } from './pod-requests';

const c = (name: string, requests: Record<string, string>, restartPolicy?: 'Always'): Container => ({
  name,
  resources: { requests },
  ...(restartPolicy ? { restartPolicy } : {}),
});
const pod = (
  containers: Container[],
  initContainers: Container[] = [],
  overhead?: Record<string, string>,
): Pod =>
  ({
    metadata: { name: 'p', namespace: 'default', uid: 'u' },
    spec: { containers, initContainers, ...(overhead ? { overhead } : {}) },
  }) as Pod;

describe('resourceAmount', () => {
  it.each([
    ['cpu', '100', 100_000n],
    ['cpu', '250m', 250n],
    ['cpu', '0.1', 100n],
    ['cpu', '1u', 1n], // rounded up, as MilliValue does
    ['memory', '1Ti', 1_099_511_627_776n],
    ['memory', '128M', 128_000_000n],
    ['memory', '1e3', 1000n],
    ['pods', '110', 110n],
    ['memory', 'lots', 0n],
  ])('%s %s is %s', (resource, quantity, expected) => {
    expect(resourceAmount(resource, quantity)).toBe(expected);
  });
});

describe('podRequests', () => {
  it('sums the containers', () => {
    const requests = podRequests(pod([c('a', { cpu: '100m', memory: '1Mi' }), c('b', { cpu: '1' })]));
    expect(requests).toEqual(
      new Map([
        ['cpu', 1100n],
        ['memory', 1_048_576n],
      ]),
    );
  });

  it('takes the largest init container when it needs more than the containers, per resource', () => {
    const requests = podRequests(
      pod(
        [c('a', { cpu: '500m', memory: '1Gi' })],
        [c('i1', { cpu: '2' }), c('i2', { cpu: '1', memory: '1Mi' })],
      ),
    );
    expect(requests.get('cpu')).toBe(2000n);
    expect(requests.get('memory')).toBe(1_073_741_824n);
  });

  it('adds sidecars to the containers and to every init step after them', () => {
    // sidecar 300m runs beside the later init container (1 + 0.3) and beside the containers (0.5 + 0.3).
    const requests = podRequests(
      pod([c('a', { cpu: '500m' })], [c('s', { cpu: '300m' }, 'Always'), c('i', { cpu: '1' })]),
    );
    expect(requests.get('cpu')).toBe(1300n);
    const beforeSidecar = podRequests(
      pod([c('a', { cpu: '500m' })], [c('i', { cpu: '1' }), c('s', { cpu: '300m' }, 'Always')]),
    );
    expect(beforeSidecar.get('cpu')).toBe(1000n);
  });

  it('adds the overhead and ignores limits (the API server already copied them to unset requests)', () => {
    const limited: Container = { name: 'a', resources: { limits: { cpu: '4' } } };
    expect(podRequests(pod([limited], [], { cpu: '250m' }))).toEqual(new Map([['cpu', 250n]]));
  });
});
