import type { Node, Pod } from '@groundkube/api';

import { matchesNodeAffinity } from './node-affinity';

const node: Node = { metadata: { name: 'n1', labels: { disk: 'ssd', zone: 'a', cores: '8' } } };
const pod = (spec: Partial<NonNullable<Pod['spec']>>): Pod => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c' }], ...spec },
});
const required = (...nodeSelectorTerms: unknown[]) =>
  pod({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } },
  });

describe('matchesNodeAffinity', () => {
  it('needs every nodeSelector label to be equal', () => {
    expect(matchesNodeAffinity(pod({}), node)).toBe(true);
    expect(matchesNodeAffinity(pod({ nodeSelector: { disk: 'ssd', zone: 'a' } }), node)).toBe(true);
    expect(matchesNodeAffinity(pod({ nodeSelector: { disk: 'hdd' } }), node)).toBe(false);
    expect(matchesNodeAffinity(pod({ nodeSelector: { gpu: 'yes' } }), node)).toBe(false);
  });

  it.each([
    [{ key: 'disk', operator: 'In', values: ['hdd', 'ssd'] }, true],
    [{ key: 'disk', operator: 'In', values: ['hdd'] }, false],
    [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }, true],
    [{ key: 'gpu', operator: 'NotIn', values: ['yes'] }, true],
    [{ key: 'zone', operator: 'Exists' }, true],
    [{ key: 'gpu', operator: 'Exists' }, false],
    [{ key: 'gpu', operator: 'DoesNotExist' }, true],
    [{ key: 'cores', operator: 'Gt', values: ['4'] }, true],
    [{ key: 'cores', operator: 'Lt', values: ['4'] }, false],
    [{ key: 'disk', operator: 'Gt', values: ['4'] }, false],
  ])('%j → %s', (requirement, expected) => {
    expect(matchesNodeAffinity(required({ matchExpressions: [requirement] }), node)).toBe(expected);
  });

  it('ORs the terms, ANDs within a term, selects on metadata.name, and an empty term matches nothing', () => {
    const miss = { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] };
    const hit = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] };
    expect(matchesNodeAffinity(required(miss, hit), node)).toBe(true);
    expect(matchesNodeAffinity(required({ ...miss, ...hit }), node)).toBe(false);
    expect(matchesNodeAffinity(required({}), node)).toBe(false);
    expect(matchesNodeAffinity(required(), node)).toBe(false);
  });

  it('needs both the nodeSelector and the affinity', () => {
    const both = required({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] });
    both.spec!.nodeSelector = { disk: 'hdd' };
    expect(matchesNodeAffinity(both, node)).toBe(false);
  });
});
