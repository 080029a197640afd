import type { KubeObject } from '@groundkube/api';
import { PatchMalformedError } from './errors';
import { patchObject } from './patch-object';
import { serverSideApply } from './server-side-apply';

const target = { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default' };
const now = new Date('2026-01-01T00:00:00Z');

const config = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
};

function created(): KubeObject {
  const { object } = serverSideApply({
    live: undefined,
    body: JSON.stringify(config),
    fieldManager: 'kubectl',
    target,
    now,
  });
  // What the registry would add on create.
  return { ...object, metadata: { ...object.metadata, uid: 'u1', resourceVersion: '5' } };
}

describe('serverSideApply', () => {
  it('creates a missing object and records the manager', () => {
    const result = serverSideApply({
      live: undefined,
      body: JSON.stringify(config),
      fieldManager: 'kubectl',
      target,
      now,
    });
    expect(result.created).toBe(true);
    expect(result.object.metadata.namespace).toBe('default');
    expect(result.object.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:ports': { 'k:{"containerPort":80}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    ]);
  });

  it('accepts YAML bodies', () => {
    const yaml =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    const result = serverSideApply({ live: undefined, body: yaml, fieldManager: 'm', target, now });
    expect((result.object as unknown as typeof config).spec.containers).toEqual([
      { name: 'c', image: 'busybox' },
    ]);
  });

  it('merges over the live object with list merge keys and keeps fields it does not mention', () => {
    const live = created();
    (live as unknown as { status: unknown }).status = { phase: 'Running' };
    const next = {
      ...config,
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
          { name: 'side', image: 'busybox' },
        ],
      },
    };
    const result = serverSideApply({
      live,
      body: JSON.stringify(next),
      fieldManager: 'kubectl',
      target,
      now,
    });
    const object = result.object as unknown as typeof config & { status: unknown };
    expect(result.created).toBe(false);
    expect(object.spec.containers.map((c) => [c.name, c.image])).toEqual([
      ['nginx', 'nginx:1.27'],
      ['side', 'busybox'],
    ]);
    expect(object.status).toEqual({ phase: 'Running' });
    expect(object.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(result.object.metadata.managedFields).toHaveLength(1);
  });

  it('removes fields the same manager stopped applying', () => {
    const live = created();
    const next = { ...config, metadata: { name: 'web', labels: { app: 'web' } } };
    const result = serverSideApply({
      live,
      body: JSON.stringify(next),
      fieldManager: 'kubectl',
      target,
      now,
    });
    expect(result.object.metadata.labels).toEqual({ app: 'web' });
  });

  it('keeps fields another manager also owns', () => {
    const live = created();
    live.metadata.managedFields!.push({
      manager: 'other',
      operation: 'Apply',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:tier': {} } } },
    });
    const next = { ...config, metadata: { name: 'web', labels: { app: 'web' } } };
    const result = serverSideApply({
      live,
      body: JSON.stringify(next),
      fieldManager: 'kubectl',
      target,
      now,
    });
    expect(result.object.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(result.object.metadata.managedFields?.map((e) => e.manager)).toEqual(['other', 'kubectl']);
  });

  it('removes a list element the manager no longer applies', () => {
    const live = created();
    const withSide = {
      ...config,
      spec: { containers: [...config.spec.containers, { name: 'side', image: 'busybox' }] },
    };
    const second = serverSideApply({
      live,
      body: JSON.stringify(withSide),
      fieldManager: 'kubectl',
      target,
      now,
    });
    const third = serverSideApply({
      live: second.object,
      body: JSON.stringify(config),
      fieldManager: 'kubectl',
      target,
      now,
    });
    expect((third.object as unknown as typeof config).spec.containers.map((c) => c.name)).toEqual(['nginx']);
  });

  it.each<[string, unknown, string | undefined]>([
    ['no field manager', config, undefined],
    ['a kind other than the URL', { ...config, kind: 'Node' }, 'kubectl'],
    ['a name other than the URL', { ...config, metadata: { name: 'other' } }, 'kubectl'],
    [
      'managedFields in the configuration',
      { ...config, metadata: { name: 'web', managedFields: [] } },
      'kubectl',
    ],
    ['a body that is not an object', ['x'], 'kubectl'],
    ['no metadata', { apiVersion: 'v1', kind: 'Pod' }, 'kubectl'],
  ])('rejects %s', (_name, body, fieldManager) => {
    expect(() =>
      serverSideApply({ live: undefined, body: JSON.stringify(body), fieldManager, target, now }),
    ).toThrow(PatchMalformedError);
  });

  it('rejects unparseable YAML', () => {
    expect(() => serverSideApply({ live: undefined, body: 'a: [', fieldManager: 'm', target, now })).toThrow(
      PatchMalformedError,
    );
  });

  it('is reachable through patchObject with the apply content type', () => {
    const outcome = patchObject({
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(config),
      live: undefined,
      target,
      fieldManager: 'kubectl',
      now,
    });
    expect(outcome).toMatchObject({ type: 'apply', created: true });
  });
});
