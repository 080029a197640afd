import { lastAppliedValue, threeWayMergePatch, type JsonMap } from './three-way-patch';

const pod = (containers: JsonMap[], labels?: Record<string, string>): JsonMap => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', ...(labels ? { labels } : {}) },
  spec: { containers },
});

describe('threeWayMergePatch', () => {
  const nginx = { name: 'nginx', image: 'nginx' };
  const live = (object: JsonMap): JsonMap => ({
    ...object,
    metadata: { ...(object['metadata'] as JsonMap), uid: 'u1', resourceVersion: '7' },
    status: { phase: 'Pending' },
  });

  it('is empty when nothing the user wrote changed, whatever the server added', () => {
    const applied = pod([nginx]);
    expect(
      threeWayMergePatch({ original: applied, modified: applied, current: live(applied), kind: 'Pod' }),
    ).toEqual({});
  });

  it('sets changed fields and nulls the ones removed since the last apply', () => {
    const before = pod([nginx], { app: 'web', tier: 'front' });
    const after = pod([{ ...nginx, image: 'nginx:1.27' }], { app: 'web' });
    expect(
      threeWayMergePatch({ original: before, modified: after, current: live(before), kind: 'Pod' }),
    ).toEqual({
      metadata: { labels: { tier: null } },
      spec: {
        '$setElementOrder/containers': [{ name: 'nginx' }],
        containers: [{ name: 'nginx', image: 'nginx:1.27' }],
      },
    });
  });

  it('merges containers by name: adds new ones and deletes removed ones', () => {
    const sidecar = { name: 'sidecar', image: 'busybox' };
    const before = pod([nginx, sidecar]);
    const after = pod([{ name: 'logger', image: 'busybox' }, nginx]);
    const patch = threeWayMergePatch({
      original: before,
      modified: after,
      current: live(before),
      kind: 'Pod',
    });
    expect(patch['spec']).toEqual({
      '$setElementOrder/containers': [{ name: 'logger' }, { name: 'nginx' }],
      containers: [
        { name: 'logger', image: 'busybox' },
        { $patch: 'delete', name: 'sidecar' },
      ],
    });
  });

  it('leaves fields set only by others alone when there is no last-applied configuration', () => {
    const applied = pod([nginx]);
    const current = live({ ...applied, metadata: { name: 'web', labels: { added: 'by-label' } } });
    expect(threeWayMergePatch({ original: undefined, modified: applied, current, kind: 'Pod' })).toEqual({});
  });
});

describe('lastAppliedValue', () => {
  it('is compact JSON with sorted keys and a trailing newline', () => {
    expect(lastAppliedValue({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x' } })).toBe(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}\n',
    );
  });
});
