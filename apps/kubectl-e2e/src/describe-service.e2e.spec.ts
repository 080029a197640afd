// `describe service` with both kubectls on the same Services: ClusterIP and NodePort, with and without a
// selector, one or several ports, named and unnamed, plus the optional lines (external IPs, traffic policies,
// load balancer fields) and an event. The API server serves no EndpointSlices: the real kubectl's list of
// them
// fails, and it prints `Endpoints: <none>` for every port; ours must do the same, not skip the line.

import type { Event, Service } from '@groundkube/api';
import { EVENTS, SERVICES } from '@groundkube/client';
import { sideBySideSuite } from './suite';

const suite = sideBySideSuite();

function service(name: string, spec: Record<string, unknown>, labels?: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(labels ? { labels, annotations: { 'example.com/owner': 'team-a' } } : {}) },
    spec: spec as Service['spec'],
  };
}

const SERVICES_UNDER_TEST: readonly Service[] = [
  service(
    'web',
    {
      selector: { app: 'web', tier: 'front' },
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'metrics', port: 9090, targetPort: 'metrics' },
      ],
    },
    { app: 'web', tier: 'front' },
  ),
  service('plain', { selector: { app: 'plain' }, ports: [{ port: 80 }] }),
  service('headless-ish', { ports: [{ port: 443, protocol: 'UDP' }] }),
  service('np', { type: 'NodePort', selector: { app: 'np' }, ports: [{ port: 80, targetPort: 8080 }] }),
  service('np-multi', {
    type: 'NodePort',
    ports: [
      { name: 'http', port: 80, nodePort: 30080 },
      { name: 'dns', port: 53, protocol: 'UDP' },
    ],
  }),
  service('extras', {
    type: 'NodePort',
    selector: { app: 'web' },
    externalIPs: ['192.0.2.10', '192.0.2.11'],
    sessionAffinity: 'ClientIP',
    externalTrafficPolicy: 'Local',
    ports: [{ name: 'http', port: 80 }],
  }),
  service('lb', {
    type: 'LoadBalancer',
    loadBalancerIP: '192.0.2.1',
    loadBalancerSourceRanges: ['10.0.0.0/8'],
    ports: [{ port: 80 }],
  }),
  service('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
];

beforeAll(async () => {
  for (const object of SERVICES_UNDER_TEST) {
    await suite.cluster.client.create<Service>({ resource: SERVICES, namespace: 'default' }, object);
  }
  const web = await suite.cluster.client.get<Service>({
    resource: SERVICES,
    namespace: 'default',
    name: 'web',
  });
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await suite.cluster.client.create<Event>(
    { resource: EVENTS, namespace: 'default' },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.ensuring', namespace: 'default' },
      involvedObject: {
        kind: 'Service',
        apiVersion: 'v1',
        name: 'web',
        namespace: 'default',
        uid: web.metadata.uid,
      },
      reason: 'EnsuringLoadBalancer',
      message: 'Ensuring load balancer',
      type: 'Normal',
      source: { component: 'service-controller' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    },
  );
}, 120_000);

const DESCRIBES: readonly string[][] = [
  ...SERVICES_UNDER_TEST.map((object) => ['describe', 'svc', object.metadata.name ?? '']),
  ['describe', 'service/web', '--show-events=false'],
  ['describe', 'services', '-l', 'app=web'],
  ['describe', 'svc'],
  ['describe', 'svc', 'missing'],
];

describe('describe service: both kubectls print the same', () => {
  it.each(DESCRIBES.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_title, args) => {
    const { real, ours } = await suite.sides.both(args);
    expect(ours).toEqual(real);
  });
});

// Guards the comparisons above against both sides printing the same wrong thing (e.g. a YAML dump).
it('the real kubectl prints its Service layout, with a port block per port', async () => {
  const real = await suite.sides.run('real', ['describe', 'svc', 'web']);
  expect(real.code).toBe(0);
  const lines = real.stdout.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
  expect(lines).toEqual(
    expect.arrayContaining([
      'Selector: app=web,tier=front',
      'Type: ClusterIP',
      'Port: http 80/TCP',
      'TargetPort: 8080/TCP',
      'Port: metrics 9090/TCP',
      'TargetPort: metrics/TCP',
      'Endpoints: <none>',
    ]),
  );
  expect(lines).toContainEqual(
    expect.stringMatching(/^Normal EnsuringLoadBalancer \S+ service-controller Ensuring load balancer$/),
  );
});
