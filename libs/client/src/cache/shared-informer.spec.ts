import type { KubeList, Pod } from '@groundkube/api';

import { FakeClock } from '../clock';
import { FakeListerWatcher } from '../testing';
import { SharedInformer } from './shared-informer';

const pod = (name: string, rv: string, node = 'n1'): Pod => ({
  metadata: { name, namespace: 'default', resourceVersion: rv },
  spec: { nodeName: node, containers: [] },
});
const podList = (rv: string, items: Pod[]): KubeList<Pod> => ({ metadata: { resourceVersion: rv }, items });

describe('SharedInformer', () => {
  it('tells handlers about adds, updates and deletes, including those a relist discovers', async () => {
    const lw = new FakeListerWatcher<Pod>();
    lw.answerList(podList('5', [pod('a', '1'), pod('b', '2')])).answerList(
      podList('20', [pod('a', '1'), pod('c', '19')]),
    );
    const informer = new SharedInformer<Pod>({
      name: 'pods',
      listerWatcher: lw,
      clock: new FakeClock(),
      indexers: { byNode: (p) => [p.spec?.nodeName ?? ''] },
    });
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: (p) => seen.push(`add ${p.metadata.name}`),
      onUpdate: (o, n) =>
        seen.push(`update ${n.metadata.name} ${o.metadata.resourceVersion}->${n.metadata.resourceVersion}`),
      onDelete: (p) => seen.push(`delete ${p.metadata.name}`),
    });
    const controller = new AbortController();
    const done = informer.run(controller.signal);

    const watch = await lw.watchNumber(0);
    watch.push({ type: 'MODIFIED', object: pod('b', '6', 'n2') });
    watch.push({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        code: 410,
        reason: 'Expired',
      },
    });
    await lw.watchNumber(1);

    expect(seen).toEqual(['add a', 'add b', 'update b 2->6', 'add c', 'delete b']);
    expect(
      informer.indexer
        .byIndex('byNode', 'n1')
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(informer.indexer.byIndex('byNode', 'n2')).toEqual([]);

    const late: string[] = [];
    informer.addEventHandler({ onAdd: (p) => late.push(p.metadata.name ?? '') });
    expect(late.sort()).toEqual(['a', 'c']);

    controller.abort();
    await done;
  });

  it('keeps calling other handlers when one throws', async () => {
    const lw = new FakeListerWatcher<Pod>();
    lw.answerList(podList('1', [pod('a', '1')]));
    const informer = new SharedInformer<Pod>({ name: 'pods', listerWatcher: lw, clock: new FakeClock() });
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    informer.addEventHandler({ onAdd: (p) => seen.push(p.metadata.name ?? '') });
    const controller = new AbortController();
    const done = informer.run(controller.signal);
    await informer.waitForSync();
    expect(seen).toEqual(['a']);
    controller.abort();
    await done;
  });
});
