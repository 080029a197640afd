import type { RuntimePod } from './kuberuntime/runtime-pod';
import { PodLifecycleEventGenerator } from './pleg';

const rp = (uid: string, state: 'running' | 'exited', id = 'c1'): RuntimePod => ({
  uid,
  name: uid,
  namespace: 'default',
  sandboxes: [{ id: 's1', state: 'ready', attempt: 0, createdAt: new Date(0) }],
  containers: [{ id, name: 'c', state, attempt: 0, sandboxId: 's1', image: 'busybox' }],
});

describe('PodLifecycleEventGenerator', () => {
  it('reports new pods, changed containers and vanished pods, and nothing when all is still', () => {
    const pleg = new PodLifecycleEventGenerator();
    expect(pleg.relist([rp('a', 'running'), rp('b', 'running')]).sort()).toEqual(['a', 'b']);
    expect(pleg.relist([rp('a', 'running'), rp('b', 'running')])).toEqual([]);
    expect(pleg.relist([rp('a', 'exited'), rp('b', 'running')])).toEqual(['a']);
    expect(pleg.relist([rp('a', 'running', 'c2'), rp('b', 'running')])).toEqual(['a']);
    expect(pleg.relist([rp('a', 'running', 'c2')])).toEqual(['b']);
  });
});
