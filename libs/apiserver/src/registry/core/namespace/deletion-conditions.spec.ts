// The controller's condition bookkeeping without storage: failures in, the five conditions out.
import { deletionFailures, updateDeletionConditions } from './deletion-conditions';

const none = new Map<string, number>();

it.each([
  {
    name: 'one failed deleteCollection',
    errors: ['etcd unreachable'],
    message: 'Failed to delete all resource types, 1 remaining: etcd unreachable',
  },
  {
    name: 'two failed deleteCollections (sorted)',
    errors: ['services: b', 'pods: a'],
    message: 'Failed to delete all resource types, 2 remaining: pods: a, services: b',
  },
])('reports $name as NamespaceDeletionContentFailure', ({ errors, message }) => {
  const failures = deletionFailures({
    remainingByResource: none,
    remainingByFinalizer: none,
    deleteErrors: errors,
  });
  expect(failures).toEqual([
    { type: 'NamespaceDeletionContentFailure', reason: 'ContentDeletionFailed', message },
  ]);
});

it('lists remaining resources and finalizers sorted, leaving out zero counts', () => {
  const failures = deletionFailures({
    remainingByResource: new Map([
      ['services.', 2],
      ['leases.coordination.k8s.io', 1],
      ['events.', 0],
    ]),
    remainingByFinalizer: new Map([
      ['z.example/x', 1],
      ['a.example/y', 3],
    ]),
    deleteErrors: [],
  });
  expect(failures.map((f) => f.message)).toEqual([
    'Some resources are remaining: leases.coordination.k8s.io has 1 resource instances, services. has 2 resource instances',
    'Some content in the namespace has finalizers remaining: a.example/y in 3 resource instances, z.example/x in 1 resource instances',
  ]);
});

it('moves lastTransitionTime only when a status flips, and keeps other conditions', () => {
  const remaining = deletionFailures({
    remainingByResource: new Map([['pods.', 1]]),
    remainingByFinalizer: none,
    deleteErrors: [],
  });
  const other = { type: 'Custom', status: 'True' as const, reason: 'Mine' };
  const first = updateDeletionConditions([other], remaining, 'T1');
  expect(first.changed).toBe(true);
  expect(first.conditions.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
    ['Custom', 'True', undefined],
    ['NamespaceDeletionDiscoveryFailure', 'False', 'T1'],
    ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'T1'],
    ['NamespaceDeletionContentFailure', 'False', 'T1'],
    ['NamespaceContentRemaining', 'True', 'T1'],
    ['NamespaceFinalizersRemaining', 'False', 'T1'],
  ]);
  expect(updateDeletionConditions(first.conditions, remaining, 'T2').changed).toBe(false);

  const cleared = updateDeletionConditions(first.conditions, [], 'T3');
  expect(cleared.changed).toBe(true);
  const content = cleared.conditions.find((c) => c.type === 'NamespaceContentRemaining')!;
  expect(content).toEqual({
    type: 'NamespaceContentRemaining',
    status: 'False',
    lastTransitionTime: 'T3',
    reason: 'ContentRemoved',
    message: 'All content successfully removed',
  });
  expect(
    cleared.conditions.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')!.lastTransitionTime,
  ).toBe('T1');
});
