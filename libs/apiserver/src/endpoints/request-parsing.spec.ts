import { ApiError } from '../registry/api-errors';
import { parseDeleteOptions, parseListRequest, parseWatchRequest, parseWriteRequest } from './query-options';
import { decodeObjectBody as decodeBytes, decodeOptionalBody as decodeOptionalBytes } from './request-body';

const decodeObjectBody = (type: string | undefined, body: string) => decodeBytes(type, Buffer.from(body));
const decodeOptionalBody = (type: string | undefined, body: string) =>
  decodeOptionalBytes(type, Buffer.from(body));

function q(text: string): URLSearchParams {
  return new URLSearchParams(text);
}

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  return undefined;
}

describe('query options', () => {
  it('reads list and watch parameters', () => {
    expect(
      parseListRequest(q('labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1&limit=500&continue=abc')),
    ).toEqual({
      labelSelector: 'app=web',
      fieldSelector: 'spec.nodeName=n1',
      limit: 500,
      continue: 'abc',
      resourceVersion: undefined,
      resourceVersionMatch: undefined,
    });
    const watch = parseWatchRequest(q('resourceVersion=12&allowWatchBookmarks=true&timeoutSeconds=300'));
    expect(watch).toMatchObject({ resourceVersion: '12', allowWatchBookmarks: true, timeoutSeconds: 300 });
  });

  it.each([
    ['limit=abc', () => parseListRequest(q('limit=abc'))],
    ['limit=-1', () => parseListRequest(q('limit=-1'))],
    ['resourceVersionMatch=Sometimes', () => parseListRequest(q('resourceVersionMatch=Sometimes'))],
    ['Exact without resourceVersion', () => parseListRequest(q('resourceVersionMatch=Exact'))],
    ['timeoutSeconds=soon', () => parseWatchRequest(q('timeoutSeconds=soon'))],
    ['allowWatchBookmarks=maybe', () => parseWatchRequest(q('allowWatchBookmarks=maybe'))],
    ['dryRun=Some', () => parseWriteRequest(q('dryRun=Some'))],
    ['fieldValidation=Loose', () => parseWriteRequest(q('fieldValidation=Loose'))],
  ])('refuses %s with 400', (_name, fn) => {
    expect(codeOf(fn)).toBe(400);
  });

  it('defaults fieldValidation to Warn and reads dryRun=All', () => {
    expect(parseWriteRequest(q(''))).toEqual({
      dryRun: false,
      fieldManager: undefined,
      fieldValidation: 'Warn',
    });
    expect(parseWriteRequest(q('dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict'))).toEqual({
      dryRun: true,
      fieldManager: 'kubectl-create',
      fieldValidation: 'Strict',
    });
  });

  it('takes delete options from the body first, then the query', () => {
    expect(parseDeleteOptions({ propagationPolicy: 'Background' }, q('gracePeriodSeconds=0'))).toEqual({
      propagationPolicy: 'Background',
      gracePeriodSeconds: 0,
    });
    expect(parseDeleteOptions({ gracePeriodSeconds: 5 }, q('gracePeriodSeconds=0'))).toEqual({
      gracePeriodSeconds: 5,
    });
    expect(codeOf(() => parseDeleteOptions({ propagationPolicy: 'Sideways' }, q('')))).toBe(400);
    expect(codeOf(() => parseDeleteOptions({ gracePeriodSeconds: 'soon' }, q('')))).toBe(400);
    expect(codeOf(() => parseDeleteOptions({ kind: 'Pod' }, q('')))).toBe(400);
  });
});

describe('request bodies', () => {
  it('decodes JSON and YAML by Content-Type; no Content-Type means JSON', () => {
    expect(decodeObjectBody('application/json', '{"kind":"Pod"}')).toEqual({ kind: 'Pod' });
    expect(decodeObjectBody('application/json; charset=utf-8', '{"kind":"Pod"}')).toEqual({ kind: 'Pod' });
    expect(decodeObjectBody('Application/JSON', '{"kind":"Pod"}')).toEqual({ kind: 'Pod' });
    expect(decodeObjectBody('application/yaml', 'kind: Pod\nmetadata:\n  name: a\n')).toEqual({
      kind: 'Pod',
      metadata: { name: 'a' },
    });
    expect(decodeObjectBody(undefined, '{"kind":"Pod"}')).toEqual({ kind: 'Pod' });
    expect(decodeObjectBody('', '{"kind":"Pod"}')).toEqual({ kind: 'Pod' });
    // Read as JSON, YAML without a Content-Type does not parse.
    expect(codeOf(() => decodeObjectBody(undefined, 'kind: Pod\n'))).toBe(400);
  });

  it.each([
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/xml',
    'application/x-www-form-urlencoded',
    'application/x-yaml',
    'text/yaml',
    'application/merge-patch+json',
    'application/apply-patch+yaml',
    'not a media type',
  ])('refuses %s with 415, even for a JSON body', (type) => {
    let refused: unknown;
    try {
      decodeObjectBody(type, '{"apiVersion":"v1","kind":"Pod"}');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json, application/yaml, application/vnd.kubernetes.protobuf',
    });
  });

  it.each([
    ['malformed JSON', 'application/json', '{"kind":'],
    ['a JSON array', 'application/json', '[1,2]'],
    ['an empty body', 'application/json', ''],
    ['malformed YAML', 'application/yaml', 'kind: [Pod\n'],
    ['two YAML documents', 'application/yaml', 'kind: Pod\n---\nkind: Pod\n'],
    ['a YAML scalar', 'application/yaml', 'just text'],
  ])('refuses %s with 400', (_name, type, body) => {
    expect(codeOf(() => decodeObjectBody(type, body))).toBe(400);
  });

  it('refuses protobuf that is not Kubernetes protobuf with 400', () => {
    expect(codeOf(() => decodeObjectBody('application/vnd.kubernetes.protobuf', 'x'))).toBe(400);
  });

  it('reads an empty optional body as {}', () => {
    expect(decodeOptionalBody('application/json', '  ')).toEqual({});
  });
});
