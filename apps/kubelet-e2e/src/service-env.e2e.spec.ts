// Service environment variables end to end: services created through the real API server (on real etcd),
// seen by the kubelet app's service watch, and injected into containers on the real Docker engine.

import type { Container, Pod, Service } from '@groundkube/api';
import { PODS, SERVICES } from '@groundkube/client';

import { until } from './cluster-fixture';
import { singleNodeSuite } from './single-node';

jest.setTimeout(180_000);

describe('service environment variables on the real kubelet', () => {
  const node = singleNodeSuite('svcenv');

  function createService(name: string, spec: Service['spec']): Promise<Service> {
    return node.api.client.create<Service>(
      { resource: SERVICES, namespace: 'default' },
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec },
    );
  }

  function createPod(name: string, enableServiceLinks: boolean, container: Container): Promise<Pod> {
    return node.api.client.create<Pod>(
      { resource: PODS, namespace: 'default' },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: {
          nodeName: node.kubelet.nodeName,
          enableServiceLinks,
          restartPolicy: 'OnFailure',
          terminationGracePeriodSeconds: 1,
          containers: [{ imagePullPolicy: 'IfNotPresent', ...container }],
        },
      },
    );
  }

  /** The container's log through the kubelet's endpoint, once it contains `marker`. */
  function logsWith(pod: string, marker: string): Promise<string> {
    return until(`${pod} logs with ${marker}`, async () => {
      const url = `http://127.0.0.1:${node.kubelet.port}/containerLogs/default/${pod}/app`;
      const res = await fetch(url).catch(() => undefined);
      if (!res?.ok) return undefined;
      const text = await res.text();
      return text.includes(marker) ? text : undefined;
    });
  }

  function envOf(logs: string): Map<string, string> {
    const lines = logs.split('\n').filter((l) => l.includes('='));
    return new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }

  it("injects the namespace's services (not headless ones) and lets the pod's env win", async () => {
    const web = await createService('web', {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 81, targetPort: 8080 },
        { name: 'stats', port: 9000, protocol: 'UDP' },
      ],
    });
    const ip = web.spec?.clusterIP ?? '';
    expect(ip).toMatch(/^10\.0\.\d+\.\d+$/);
    await createService('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] });

    // The kubelet may see the pod before the service (as in Kubernetes): a container started without the
    // variable exits 1 and is restarted, with the variables, by restartPolicy OnFailure.
    await createPod('env-links', true, {
      name: 'app',
      image: 'busybox',
      command: ['sh', '-c', 'env; echo done; [ -n "$WEB_SERVICE_HOST" ] || exit 1; sleep 3600'],
      env: [
        { name: 'WEB_SERVICE_PORT_STATS', value: 'mine' },
        { name: 'WEB_URL', value: 'http://$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)' },
      ],
    });
    const env = envOf(await logsWith('env-links', 'WEB_SERVICE_HOST='));
    expect(env.get('WEB_SERVICE_HOST')).toBe(ip);
    expect(env.get('WEB_SERVICE_PORT')).toBe('81');
    expect(env.get('WEB_SERVICE_PORT_HTTP')).toBe('81');
    expect(env.get('WEB_PORT')).toBe(`tcp://${ip}:81`);
    expect(env.get('WEB_PORT_81_TCP')).toBe(`tcp://${ip}:81`);
    expect(env.get('WEB_PORT_81_TCP_PROTO')).toBe('tcp');
    expect(env.get('WEB_PORT_81_TCP_PORT')).toBe('81');
    expect(env.get('WEB_PORT_81_TCP_ADDR')).toBe(ip);
    expect(env.get('WEB_PORT_9000_UDP')).toBe(`udp://${ip}:9000`);
    expect(env.get('WEB_PORT_9000_UDP_PROTO')).toBe('udp');
    expect(env.get('WEB_SERVICE_PORT_STATS')).toBe('mine');
    expect(env.get('WEB_URL')).toBe(`http://${ip}:81`);
    expect([...env.keys()].filter((k) => k.startsWith('DB_'))).toEqual([]);
    // Our API server has no `kubernetes` service in default, so there are no master variables.
    expect(env.has('KUBERNETES_SERVICE_HOST')).toBe(false);

    // Once the kubelet has shown it knows `web`, a pod without service links gets none of its variables.
    await createPod('env-nolinks', false, {
      name: 'app',
      image: 'busybox',
      command: ['sh', '-c', 'env; echo done; sleep 3600'],
    });
    const unlinked = envOf(await logsWith('env-nolinks', 'done'));
    expect(unlinked.has('HOSTNAME')).toBe(true);
    expect([...unlinked.keys()].filter((k) => k.startsWith('WEB_'))).toEqual([]);
  });
});
