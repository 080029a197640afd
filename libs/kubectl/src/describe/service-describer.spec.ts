import type { Service } from '@groundkube/api';

import { describeService } from './service-describer';

const NOW = new Date('2026-12-04T12:00:00Z');

// The e2e suite compares both kubectls on live Services; these pin what groundkube's API server cannot
// produce
// (it serves no status subresource for Services and always defaults targetPort). The load balancer ingress
// line and `TargetPort: 0/TCP` follow kubectl 1.32's describer source; the other lines match what the real
// kubectl printed for the same spec on that server.
describe('describeService', () => {
  it('prints the load balancer fields kubectl prints, in its order', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: 'default' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.9',
        clusterIPs: ['10.0.0.9'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        loadBalancerIP: '192.0.2.1',
        ports: [{ port: 80, protocol: 'TCP', nodePort: 30001 }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 31000,
      },
      status: { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }, { hostname: 'lb.example' }] } },
    } as Service;
    expect(describeService(service, [], undefined, NOW).split('\n')).toEqual([
      'Name:                     lb',
      'Namespace:                default',
      'Labels:                   <none>',
      'Annotations:              <none>',
      'Selector:                 <none>',
      'Type:                     LoadBalancer',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       10.0.0.9',
      'IPs:                      10.0.0.9',
      'Desired LoadBalancer IP:  192.0.2.1',
      'LoadBalancer Ingress:     192.0.2.1 (VIP), lb.example',
      'Port:                     <unset>  80/TCP',
      'TargetPort:               0/TCP',
      'NodePort:                 <unset>  30001/TCP',
      'Endpoints:                <none>',
      'Session Affinity:         None',
      'External Traffic Policy:  Local',
      'HealthCheck NodePort:     31000',
      '',
    ]);
  });

  it('prints Events only when asked for them', () => {
    const service = { metadata: { name: 'a', namespace: 'default' }, spec: {} } as Service;
    expect(describeService(service, [], undefined, NOW)).not.toContain('Events:');
    expect(describeService(service, [], [], NOW)).toMatch(/\nEvents: +<none>\n$/);
  });
});
