import type { KubeObject } from '@groundkube/api';
import {
  PatchMalformedError,
  PatchNotApplicableError,
  PatchTargetNotFoundError,
  UnsupportedPatchTypeError,
} from './errors';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { patchObject } from './patch-object';
import { patchTypeFromContentType } from './patch-types';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }], tolerations: [{ key: 'a' }] },
};

describe('JSON merge patch (RFC 7386)', () => {
  it.each<[string, object, unknown, unknown]>([
    ['adds a label (kubectl label)', pod, { metadata: { labels: { a: 'b' } } }, { app: 'web', a: 'b' }],
    ['removes a label with null (kubectl label app-)', pod, { metadata: { labels: { app: null } } }, {}],
    ['replaces lists whole', pod, { spec: { containers: [{ name: 'x' }] } }, [{ name: 'x' }]],
  ])('%s', (_name, original, patch, expected) => {
    const result = applyMergePatch(original, patch) as typeof pod;
    const picked = _name.includes('lists') ? result.spec.containers : result.metadata.labels;
    expect(picked).toEqual(expected);
  });

  // The examples of RFC 7386 appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('RFC example %#', (original, patch, expected) => {
    expect(applyMergePatch(original, patch)).toEqual(expected);
  });

  it.each([[['a']], ['text'], [null]])('rejects a non-object patch %j', (patch) => {
    expect(() => applyMergePatch(pod, patch)).toThrow(PatchMalformedError);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it.each<[string, unknown, (r: typeof pod) => unknown, unknown]>([
    [
      'replace',
      [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:1.27' }],
      (r) => r.spec.containers[0]!.image,
      'nginx:1.27',
    ],
    [
      'add to a map',
      [{ op: 'add', path: '/metadata/labels/tier', value: 'fe' }],
      (r) => r.metadata.labels,
      { app: 'web', tier: 'fe' },
    ],
    [
      'append to a list',
      [{ op: 'add', path: '/spec/containers/-', value: { name: 'b' } }],
      (r) => r.spec.containers.length,
      2,
    ],
    ['remove', [{ op: 'remove', path: '/spec/tolerations' }], (r) => 'tolerations' in r.spec, false],
    [
      'test then replace',
      [
        { op: 'test', path: '/metadata/name', value: 'web' },
        { op: 'replace', path: '/metadata/name', value: 'web2' },
      ],
      (r) => r.metadata.name,
      'web2',
    ],
    [
      'escaped keys',
      [{ op: 'add', path: '/metadata/labels/example.com~1team', value: 'x' }],
      (r) => r.metadata.labels,
      { app: 'web', 'example.com/team': 'x' },
    ],
  ])('%s', (_name, operations, pick, expected) => {
    const before = JSON.stringify(pod);
    expect(pick(applyJsonPatch(pod, operations))).toEqual(expected);
    expect(JSON.stringify(pod)).toBe(before);
  });

  it.each<[string, unknown, new (...args: never[]) => Error]>([
    ['not an array', { op: 'add' }, PatchMalformedError],
    ['an unknown op', [{ op: 'frobnicate', path: '/a' }], PatchMalformedError],
    ['an add without value', [{ op: 'add', path: '/a' }], PatchMalformedError],
    ['a failed test', [{ op: 'test', path: '/metadata/name', value: 'other' }], PatchNotApplicableError],
    ['removing a missing path', [{ op: 'remove', path: '/spec/nothing' }], PatchNotApplicableError],
    [
      'replacing under a missing parent',
      [{ op: 'replace', path: '/status/phase', value: 'x' }],
      PatchNotApplicableError,
    ],
  ])('rejects %s', (_name, operations, type) => {
    let caught: unknown;
    try {
      applyJsonPatch(pod, operations);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(type);
    expect((caught as Error).message).toMatch(/JSON patch/);
  });
});

describe('patchTypeFromContentType', () => {
  it.each([
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json', 'strategic'],
    ['application/apply-patch+yaml', 'apply'],
    ['application/merge-patch+json; charset=utf-8', 'merge'],
  ])('%s → %s', (contentType, type) => {
    expect(patchTypeFromContentType(contentType)).toBe(type);
  });

  it.each([['application/json'], [undefined], ['text/plain']])('rejects %j with 415', (contentType) => {
    expect(() => patchTypeFromContentType(contentType)).toThrow(UnsupportedPatchTypeError);
  });
});

describe('patchObject', () => {
  const live = pod as unknown as KubeObject;
  const target = { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default' };
  const now = new Date('2026-01-01T00:00:00Z');

  it.each([
    ['application/merge-patch+json', '{"metadata":{"labels":{"a":"b"}}}', 'merge'],
    [
      'application/strategic-merge-patch+json',
      '{"spec":{"containers":[{"name":"side","image":"busybox"}]}}',
      'strategic',
    ],
    ['application/json-patch+json', '[{"op":"add","path":"/metadata/labels/a","value":"b"}]', 'json'],
  ])('%s', (contentType, body, type) => {
    const outcome = patchObject({ contentType, body, live, target, now });
    expect(outcome.type).toBe(type);
    expect(outcome.created).toBe(false);
    expect(outcome.object.metadata.name).toBe('web');
  });

  it('strategic merge keeps existing containers', () => {
    const outcome = patchObject({
      contentType: 'application/strategic-merge-patch+json',
      body: '{"spec":{"containers":[{"name":"side","image":"busybox"}]}}',
      live,
      target,
      now,
    });
    expect((outcome.object as typeof pod).spec.containers.map((c) => c.name)).toEqual(['nginx', 'side']);
  });

  it.each([
    ['bad JSON', 'application/merge-patch+json', '{', live, PatchMalformedError],
    ['missing object', 'application/merge-patch+json', '{}', undefined, PatchTargetNotFoundError],
    ['unsupported type', 'application/xml', '{}', live, UnsupportedPatchTypeError],
  ])('rejects %s', (_name, contentType, body, current, type) => {
    expect(() => patchObject({ contentType, body, live: current, target, now })).toThrow(type);
  });
});
