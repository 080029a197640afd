// The client's SharedInformer against the real API server: list then watch, field selectors, and resuming
// across an API server restart without missing changes.

import { randomUUID } from 'node:crypto';

import type { Pod } from '@groundkube/api';
import { PODS, isNotFound } from '@groundkube/client';
import { SharedInformer, restListerWatcher } from '@groundkube/client/cache';

import { startApiServer, until, type ApiServerFixture } from './cluster-fixture';

jest.setTimeout(120_000);

describe('SharedInformer on a real API server', () => {
  let api: ApiServerFixture;

  beforeAll(async () => {
    api = await startApiServer();
  });
  afterAll(async () => {
    await api?.[Symbol.asyncDispose]();
  });

  it('follows adds, updates and deletes of the selected pods, also across an API server restart', async () => {
    const node = `cache-${randomUUID().slice(0, 8)}`;
    const make = (name: string, nodeName: string): Pod => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] },
    });
    await api.client.create({ resource: PODS, namespace: 'default' }, make(`${node}-a`, node));
    await api.client.create({ resource: PODS, namespace: 'default' }, make(`${node}-other`, 'elsewhere'));

    const informer = new SharedInformer<Pod>({
      name: 'pods',
      listerWatcher: restListerWatcher<Pod>(
        api.client,
        { resource: PODS },
        { fieldSelector: `spec.nodeName=${node}` },
      ),
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: (p) => seen.push(`add ${p.metadata.name}`),
      onUpdate: (_o, p) =>
        seen.push(`update ${p.metadata.name} ${Object.keys(p.metadata.labels ?? {}).join(',')}`),
      onDelete: (p) => seen.push(`delete ${p.metadata.name}`),
    });
    const controller = new AbortController();
    const running = informer.run(controller.signal);
    try {
      await informer.waitForSync();
      expect(informer.indexer.listKeys()).toEqual([`default/${node}-a`]);

      await api.client.create({ resource: PODS, namespace: 'default' }, make(`${node}-b`, node));
      await api.client.patch(
        { resource: PODS, namespace: 'default', name: `${node}-a` },
        { metadata: { labels: { x: '1' } } },
        { contentType: 'application/merge-patch+json' },
      );
      await until('b added and a labelled', async () =>
        seen.includes(`add ${node}-b`) && seen.includes(`update ${node}-a x`) ? true : undefined,
      );

      await api.restart();
      // Written while the informer's watch was broken: it must catch up from its last resourceVersion.
      await api.client.delete(
        { resource: PODS, namespace: 'default', name: `${node}-b` },
        { gracePeriodSeconds: 0 },
      );
      await api.client.create({ resource: PODS, namespace: 'default' }, make(`${node}-c`, node));
      await until('c added and b deleted', async () =>
        informer.indexer.get(`default/${node}-c`) && !informer.indexer.get(`default/${node}-b`)
          ? true
          : undefined,
      );
      expect(seen).toEqual(expect.arrayContaining([`delete ${node}-b`, `add ${node}-c`]));
      expect(seen.filter((s) => s.includes('-other'))).toEqual([]);
    } finally {
      controller.abort();
      await running;
      for (const name of ['a', 'b', 'c', 'other']) {
        await api.client
          .delete(
            { resource: PODS, namespace: 'default', name: `${node}-${name}` },
            { gracePeriodSeconds: 0 },
          )
          .catch((err: unknown) => {
            if (!isNotFound(err)) throw err;
          });
      }
    }
  });
});
