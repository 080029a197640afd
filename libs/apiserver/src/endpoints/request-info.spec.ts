import { GROUNDKUBE_RESOURCES } from '../discovery';
import { parseRequestInfo, type RequestInfo } from './request-info';

function parse(method: string, url: string): RequestInfo {
  const parsed = new URL(url, 'http://x');
  return parseRequestInfo(GROUNDKUBE_RESOURCES, method, parsed.pathname, parsed.searchParams);
}

function brief(info: RequestInfo): unknown {
  if (info.kind !== 'resource') return info.kind === 'discovery' ? info : { kind: info.kind };
  const { verb, group, version, resource, subresource, namespace, name } = info;
  return { verb, group, version, resource, subresource, namespace, name };
}

describe('parseRequestInfo', () => {
  const cases: { name: string; method: string; url: string; want: unknown }[] = [
    {
      name: 'cluster-wide list of a namespaced resource',
      method: 'GET',
      url: '/api/v1/pods',
      want: {
        verb: 'list',
        group: '',
        version: 'v1',
        resource: 'pods',
        subresource: '',
        namespace: '',
        name: '',
      },
    },
    {
      name: 'namespaced get',
      method: 'GET',
      url: '/api/v1/namespaces/default/pods/nginx',
      want: {
        verb: 'get',
        group: '',
        version: 'v1',
        resource: 'pods',
        subresource: '',
        namespace: 'default',
        name: 'nginx',
      },
    },
    {
      name: 'subresource',
      method: 'PUT',
      url: '/api/v1/namespaces/default/pods/nginx/status',
      want: {
        verb: 'update',
        group: '',
        version: 'v1',
        resource: 'pods',
        subresource: 'status',
        namespace: 'default',
        name: 'nginx',
      },
    },
    {
      name: 'a namespace object itself',
      method: 'GET',
      url: '/api/v1/namespaces/kube-system',
      want: {
        verb: 'get',
        group: '',
        version: 'v1',
        resource: 'namespaces',
        subresource: '',
        namespace: '',
        name: 'kube-system',
      },
    },
    {
      name: 'a namespace status subresource',
      method: 'PUT',
      url: '/api/v1/namespaces/kube-system/status',
      want: {
        verb: 'update',
        group: '',
        version: 'v1',
        resource: 'namespaces',
        subresource: 'status',
        namespace: '',
        name: 'kube-system',
      },
    },
    {
      name: 'watch by query',
      method: 'GET',
      url: '/api/v1/namespaces/default/pods?watch=true',
      want: {
        verb: 'watch',
        group: '',
        version: 'v1',
        resource: 'pods',
        subresource: '',
        namespace: 'default',
        name: '',
      },
    },
    {
      name: 'watch=false is a list',
      method: 'GET',
      url: '/api/v1/nodes?watch=false',
      want: {
        verb: 'list',
        group: '',
        version: 'v1',
        resource: 'nodes',
        subresource: '',
        namespace: '',
        name: '',
      },
    },
    {
      name: 'legacy watch prefix with a name',
      method: 'GET',
      url: '/api/v1/watch/namespaces/default/pods/web',
      want: {
        verb: 'watch',
        group: '',
        version: 'v1',
        resource: 'pods',
        subresource: '',
        namespace: 'default',
        name: 'web',
      },
    },
    {
      name: 'named group',
      method: 'DELETE',
      url: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1',
      want: {
        verb: 'delete',
        group: 'coordination.k8s.io',
        version: 'v1',
        resource: 'leases',
        subresource: '',
        namespace: 'kube-node-lease',
        name: 'node-1',
      },
    },
    {
      name: 'delete of a collection',
      method: 'DELETE',
      url: '/api/v1/namespaces/default/events',
      want: {
        verb: 'deletecollection',
        group: '',
        version: 'v1',
        resource: 'events',
        subresource: '',
        namespace: 'default',
        name: '',
      },
    },
    {
      name: 'group-version discovery',
      method: 'GET',
      url: '/api/v1',
      want: { kind: 'discovery', group: '', version: 'v1' },
    },
    {
      name: 'group discovery',
      method: 'GET',
      url: '/apis/coordination.k8s.io',
      want: { kind: 'discovery', group: 'coordination.k8s.io', version: '' },
    },
    { name: 'unknown resource', method: 'GET', url: '/api/v1/widgets', want: { kind: 'unknown' } },
    {
      name: 'unknown subresource',
      method: 'GET',
      url: '/api/v1/namespaces/a/pods/b/nope',
      want: { kind: 'unknown' },
    },
    {
      name: 'cluster-scoped under a namespace',
      method: 'GET',
      url: '/api/v1/namespaces/a/nodes/b',
      want: { kind: 'unknown' },
    },
    { name: 'unknown version', method: 'GET', url: '/api/v2/pods', want: { kind: 'unknown' } },
    {
      name: 'too deep',
      method: 'GET',
      url: '/api/v1/namespaces/a/pods/b/log/extra',
      want: { kind: 'unknown' },
    },
    {
      name: 'bad percent-encoding',
      method: 'GET',
      url: '/api/v1/namespaces/%E0%A4%A/pods',
      want: { kind: 'unknown' },
    },
    {
      name: 'unsupported method',
      method: 'OPTIONS',
      url: '/api/v1/pods',
      want: { kind: 'method-not-allowed' },
    },
  ];

  it.each(cases)('$name', ({ method, url, want }) => {
    expect(brief(parse(method, url))).toEqual(want);
  });
});
