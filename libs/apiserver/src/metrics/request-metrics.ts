// Request metrics under Kubernetes' names and labels, so dashboards written for kube-apiserver read
// ours: apiserver_request_total (a counter by verb, resource and code) and
// apiserver_request_duration_seconds (a latency histogram). Each server owns its own prom-client
// registry, so several servers in one process (tests) never share counts.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** `fn`, callable any number of times, running once. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/** One finished request, as the metrics see it. */
export interface RequestSample {
  /** Kubernetes' upper-case metrics verb: GET, LIST, WATCH, POST, PUT, PATCH, APPLY, DELETE, DELETECOLLECTION, CONNECT. */
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  /** `resource`, `namespace`, `cluster`, or '' for non-resource paths. */
  readonly scope: string;
  readonly dryRun: boolean;
  readonly code: number;
  readonly durationSeconds: number;
}

export interface RequestMetrics {
  readonly registry: Registry;
  observe(sample: RequestSample): void;
  /** A request started: counts it in apiserver_current_inflight_requests until `done` is called. */
  started(mutating: boolean): () => void;
  /** A watch or streamed log started: counts it in apiserver_longrunning_requests until `done`. */
  longRunning(labels: Omit<RequestSample, 'code' | 'durationSeconds' | 'dryRun'>): () => void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
}

const LABELS = [
  'verb',
  'dry_run',
  'group',
  'version',
  'resource',
  'subresource',
  'scope',
  'component',
] as const;

/** Kubernetes' buckets for apiserver_request_duration_seconds. */
const DURATION_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

/**
 * A request's labels in Kubernetes' order (the exposition prints them in this order). `dry_run` comes second
 * and only when `dryRun` is given: apiserver_longrunning_requests has no such label.
 */
function requestLabels(
  sample: Omit<RequestSample, 'code' | 'durationSeconds' | 'dryRun'>,
  dryRun?: boolean,
): Partial<Record<(typeof LABELS)[number], string>> {
  return {
    verb: sample.verb,
    ...(dryRun === undefined ? {} : { dry_run: dryRun ? 'All' : '' }),
    group: sample.group,
    version: sample.version,
    resource: sample.resource,
    subresource: sample.subresource,
    scope: sample.scope,
    component: 'apiserver',
  };
}

export function createRequestMetrics(options: { collectProcessMetrics?: boolean } = {}): RequestMetrics {
  const registry = new Registry();
  if (options.collectProcessMetrics !== false) collectDefaultMetrics({ register: registry });
  const total = new Counter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    labelNames: [...LABELS, 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
    labelNames: [...LABELS],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const inflight = new Gauge({
    name: 'apiserver_current_inflight_requests',
    help: 'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
    labelNames: ['request_kind'],
    registers: [registry],
  });
  const longRunning = new Gauge({
    name: 'apiserver_longrunning_requests',
    help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component.',
    labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
    registers: [registry],
  });
  inflight.set({ request_kind: 'readOnly' }, 0);
  inflight.set({ request_kind: 'mutating' }, 0);
  return {
    registry,
    started(mutating) {
      const labels = { request_kind: mutating ? 'mutating' : 'readOnly' };
      inflight.inc(labels);
      return once(() => inflight.dec(labels));
    },
    longRunning(sample) {
      const labels = requestLabels(sample);
      longRunning.inc(labels);
      return once(() => longRunning.dec(labels));
    },
    observe(sample) {
      const labels = requestLabels(sample, sample.dryRun);
      total.inc({ ...labels, code: String(sample.code) });
      duration.observe(labels, sample.durationSeconds);
    },
    render: () => registry.metrics(),
  };
}
