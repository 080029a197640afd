// The labels of one request in apiserver_request_total and apiserver_request_duration_seconds.
import type { IncomingMessage } from 'node:http';
import type { RequestInfo, RequestVerb } from '../endpoints/request-info';
import type { RequestSample } from '../metrics/request-metrics';

const METRIC_VERBS: Readonly<Record<RequestVerb, string>> = {
  get: 'GET',
  list: 'LIST',
  watch: 'WATCH',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETECOLLECTION',
};

function isApply(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').startsWith('application/apply-patch');
}

export function metricsLabels(
  req: IncomingMessage,
  info: RequestInfo | undefined,
  url: URL,
): Omit<RequestSample, 'code' | 'durationSeconds'> {
  const dryRun = url.searchParams.getAll('dryRun').some((v) => v !== '');
  if (info?.kind !== 'resource') {
    return {
      verb: (req.method ?? 'GET').toUpperCase(),
      group: '',
      version: '',
      resource: '',
      subresource: '',
      scope: '',
      dryRun,
    };
  }
  const verb = info.verb === 'patch' && isApply(req) ? 'APPLY' : METRIC_VERBS[info.verb];
  const scope = info.name !== '' ? 'resource' : info.namespace !== '' ? 'namespace' : 'cluster';
  return {
    verb,
    group: info.group,
    version: info.version,
    resource: info.resource,
    subresource: info.subresource,
    scope,
    dryRun,
  };
}
