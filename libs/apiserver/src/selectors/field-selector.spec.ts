import type { Event, KubeObject, Node, Pod } from '@groundkube/api';
import { FieldLabelNotSupportedError, FieldSelectorParseError, LabelSelectorParseError } from './errors';
import { parseFieldSelector } from './field-selector';
import { fieldSetFor, validateFieldSelector } from './field-sets';
import { compileListFilter } from './list-filter';

const pods = { group: '', resource: 'pods' };
const events = { group: '', resource: 'events' };
const nodes = { group: '', resource: 'nodes' };

const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'c' }], restartPolicy: 'Always' },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
};
const nodeEvent: Event = {
  metadata: { name: 'node-1.abc', namespace: 'default' },
  involvedObject: { kind: 'Node', name: 'node-1', uid: 'node-1' },
  reason: 'Starting',
  source: { component: 'kubelet', host: 'node-1' },
  type: 'Normal',
};
const podEvent: Event = {
  metadata: { name: 'web.abc', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1' },
  reason: 'Pulled',
  reportingComponent: 'kubelet',
  type: 'Normal',
};

describe('field selector matching', () => {
  it.each<[string, { group: string; resource: string }, KubeObject, boolean]>([
    ['', pods, pod, true],
    ['metadata.name=web', pods, pod, true],
    ['metadata.name==web', pods, pod, true],
    ['metadata.name!=web', pods, pod, false],
    ['metadata.namespace=default,metadata.name=web', pods, pod, true],
    ['spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed', pods, pod, true],
    ['spec.nodeName=node-2', pods, pod, false],
    ['status.podIP=10.0.0.5', pods, pod, true],
    ['status.nominatedNodeName=', pods, pod, true],
    ['spec.restartPolicy=Always', pods, pod, true],
    ['involvedObject.namespace=,involvedObject.kind=Node,involvedObject.uid=node-1', events, nodeEvent, true],
    ['involvedObject.namespace=', events, podEvent, false],
    [
      'involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1',
      events,
      podEvent,
      true,
    ],
    ['source=kubelet', events, nodeEvent, true],
    ['source=kubelet,reportingComponent=kubelet', events, podEvent, true],
    ['reason=Pulled,type=Normal', events, podEvent, true],
    ['spec.unschedulable=false', nodes, { metadata: { name: 'n' } } as Node, true],
    [
      'spec.unschedulable=true',
      nodes,
      { metadata: { name: 'n' }, spec: { unschedulable: true } } as Node,
      true,
    ],
  ])('%j on %j', (text, resource, object, expected) => {
    const selector = parseFieldSelector(text);
    validateFieldSelector(resource, selector);
    expect(selector.matches(fieldSetFor(resource, object))).toBe(expected);
  });

  it('unescapes values', () => {
    const selector = parseFieldSelector('metadata.name=a\\,b');
    expect(selector.requirements).toEqual([{ field: 'metadata.name', operator: '=', value: 'a,b' }]);
    expect(selector.toString()).toBe('metadata.name=a\\,b');
  });
});

describe('field selector errors', () => {
  it.each([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b\\x', 'invalid escape sequence'],
  ])('%j → %s', (text, message) => {
    expect(() => parseFieldSelector(text)).toThrow(FieldSelectorParseError);
    expect(() => parseFieldSelector(text)).toThrow(message);
  });

  it.each([
    [pods, 'spec.foo'],
    [nodes, 'status.phase'],
    [{ group: '', resource: 'services' }, 'spec.nodeName'],
    [{ group: 'coordination.k8s.io', resource: 'leases' }, 'involvedObject.name'],
  ])('%j does not support %s', (resource, field) => {
    let caught: unknown;
    try {
      validateFieldSelector(resource, parseFieldSelector(`${field}=x`));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FieldLabelNotSupportedError);
    expect((caught as FieldLabelNotSupportedError).code).toBe('SELECTOR_FIELD_LABEL_NOT_SUPPORTED');
    expect((caught as Error).message).toBe(`field label not supported: ${field}`);
  });
});

describe('compileListFilter', () => {
  it.each([
    [{}, true],
    [{ labelSelector: 'app=web' }, true],
    [{ labelSelector: 'app=db' }, false],
    [{ fieldSelector: 'metadata.name=web', labelSelector: 'app' }, true],
    [{ fieldSelector: 'metadata.name=other', labelSelector: 'app' }, false],
  ])('%j', (query, expected) => {
    expect(compileListFilter({ resource: pods, ...query })(pod)).toBe(expected);
  });

  it.each([
    [{ labelSelector: 'a b' }, LabelSelectorParseError],
    [{ fieldSelector: 'x' }, FieldSelectorParseError],
    [{ fieldSelector: 'spec.foo=1' }, FieldLabelNotSupportedError],
  ])('%j throws', (query, type) => {
    expect(() => compileListFilter({ resource: pods, ...query })).toThrow(type);
  });
});
