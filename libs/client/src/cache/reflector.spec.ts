import type { KubeList, Pod, Status } from '@groundkube/api';

import { FakeClock } from '../clock';
import { ConnectionError, StatusError } from '../errors';
import { FakeListerWatcher } from '../testing';
import { Indexer } from './indexer';
import { Reflector, type ReflectorStore } from './reflector';

const pod = (name: string, rv: string): Pod => ({
  metadata: { name, namespace: 'default', resourceVersion: rv, uid: `uid-${name}` },
});

const podList = (rv: string, items: Pod[], cont?: string): KubeList<Pod> => ({
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) },
  items,
});

const expired: Status = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  reason: 'Expired',
  code: 410,
  message: 'too old resource version: 3 (9)',
};

class IndexerStore implements ReflectorStore<Pod> {
  readonly indexer = new Indexer<Pod>();
  replaces = 0;
  replace(items: Pod[]): void {
    this.replaces++;
    this.indexer.replace(items);
  }
  add(obj: Pod): void {
    this.indexer.upsert(obj);
  }
  update(obj: Pod): void {
    this.indexer.upsert(obj);
  }
  delete(obj: Pod): void {
    this.indexer.remove(obj);
  }
  names(): string[] {
    return this.indexer
      .list()
      .map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`)
      .sort();
  }
}

function setup(script: (lw: FakeListerWatcher<Pod>) => unknown) {
  const lw = new FakeListerWatcher<Pod>();
  script(lw);
  const store = new IndexerStore();
  const clock = new FakeClock();
  const controller = new AbortController();
  const reflector = new Reflector<Pod>({
    name: 'test',
    listerWatcher: lw,
    store,
    clock,
    backoff: { initialMs: 100, maxMs: 1000 },
    watchTimeoutSeconds: () => 300,
  });
  const done = reflector.run(controller.signal);
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { lw, store, clock, reflector, stop };
}

describe('Reflector', () => {
  it('lists, then watches from the list resourceVersion and applies events', async () => {
    const { lw, store, reflector, stop } = setup((lw) => {
      lw.answerList(podList('5', [pod('a', '4'), pod('b', '5')]));
    });
    await reflector.waitForSync();
    const watch = await lw.watchNumber(0);
    expect(lw.calls).toEqual(['list', 'watch rv=5']);

    watch.push({ type: 'ADDED', object: pod('c', '6') });
    watch.push({ type: 'MODIFIED', object: pod('a', '7') });
    watch.push({ type: 'DELETED', object: pod('b', '8') });
    watch.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } });
    watch.end();
    await lw.watchNumber(1);

    expect(store.names()).toEqual(['a@7', 'c@6']);
    expect(lw.calls).toEqual(['list', 'watch rv=5', 'watch rv=9']);
    expect(reflector.lastSyncResourceVersion).toBe('9');
    await stop();
  });

  it('follows continue tokens when listing', async () => {
    const { lw, store, reflector, stop } = setup((lw) => {
      lw.answerList(podList('5', [pod('a', '4')], 'next')).answerList(podList('5', [pod('b', '5')]));
    });
    await reflector.waitForSync();
    await lw.watchNumber(0);
    expect(lw.calls).toEqual(['list', 'list continue=next', 'watch rv=5']);
    expect(store.names()).toEqual(['a@4', 'b@5']);
    await stop();
  });

  it('relists after a 410 Expired ERROR event and drops objects that vanished meanwhile', async () => {
    const { lw, store, reflector, stop } = setup((lw) => {
      lw.answerList(podList('5', [pod('a', '4'), pod('b', '5')])).answerList(podList('20', [pod('a', '15')]));
    });
    await reflector.waitForSync();
    const watch = await lw.watchNumber(0);
    watch.push({ type: 'ERROR', object: expired });
    await lw.watchNumber(1);

    expect(lw.calls).toEqual(['list', 'watch rv=5', 'list', 'watch rv=20']);
    expect(store.names()).toEqual(['a@15']);
    expect(store.replaces).toBe(2);
    await stop();
  });

  it('relists when the watch request itself is refused with 410', async () => {
    const { lw, reflector, stop } = setup((lw) => {
      lw.answerList(podList('5', [])).answerList(podList('30', []));
      lw.failNextWatch(new StatusError(expired));
    });
    await reflector.waitForSync();
    await lw.watchNumber(0);
    expect(lw.calls).toEqual(['list', 'watch rv=5', 'list', 'watch rv=30']);
    await stop();
  });

  it('resumes from the last seen resourceVersion after a broken connection, with growing backoff', async () => {
    const { lw, clock, reflector, stop } = setup((lw) => {
      lw.answerList(podList('5', []));
    });
    await reflector.waitForSync();
    const watch = await lw.watchNumber(0);
    watch.push({ type: 'ADDED', object: pod('a', '6') });
    const refused = new ConnectionError('refused', { syscallCode: 'ECONNREFUSED' });
    lw.failNextWatch(refused).failNextWatch(refused);
    watch.fail(new ConnectionError('reset', { syscallCode: 'ECONNRESET' }));

    // First retry after 100 ms (the broken stream), then 200 ms, then 400 ms.
    await clock.waitForSleepers(1);
    await clock.advance(99);
    expect(lw.calls).toEqual(['list', 'watch rv=5']);
    await clock.advance(1);
    await lw.waitForCalls(3);
    await clock.waitForSleepers(1);
    await clock.advance(200);
    await lw.waitForCalls(4);
    await clock.waitForSleepers(1);
    await clock.advance(399);
    expect(lw.calls).toHaveLength(4);
    await clock.advance(1);
    await lw.watchNumber(1);

    expect(lw.calls).toEqual(['list', 'watch rv=5', 'watch rv=6', 'watch rv=6', 'watch rv=6']);
    await stop();
  });

  it('retries a failing list with backoff until it succeeds', async () => {
    const { lw, clock, reflector, stop } = setup((lw) => {
      lw.answerList(new ConnectionError('refused', { syscallCode: 'ECONNREFUSED' })).answerList(
        podList('8', []),
      );
    });
    await clock.waitForSleepers(1);
    expect(reflector.hasSynced()).toBe(false);
    await clock.advance(100);
    await reflector.waitForSync();
    await lw.watchNumber(0);
    expect(lw.calls).toEqual(['list', 'list', 'watch rv=8']);
    await stop();
  });

  it('stops promptly when aborted while backing off', async () => {
    const { clock, stop } = setup((lw) => {
      lw.answerList(new ConnectionError('refused', { syscallCode: 'ECONNREFUSED' }));
    });
    await clock.waitForSleepers(1);
    await stop();
    expect(clock.pendingSleeps).toBe(0);
  });
});
