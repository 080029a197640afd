import type { Pod, Service, ServicePort } from '@groundkube/api';

import { ContainerConfigError } from './container-config-error';
import { makeContainerConfig, makeEnvironment } from './container-config';
import {
  envVarsFromServices,
  podServiceEnvironment,
  serviceEnvVarMap,
  type ServiceLister,
} from './service-env';

function service(namespace: string, name: string, clusterIP: string, ports: ServicePort[]): Service {
  return { metadata: { namespace, name }, spec: { clusterIP, ports } };
}

const web = service('shop', 'web', '10.0.87.57', [{ port: 81 }]);
const fields = { podIP: '10.1.0.5', nodeName: 'node-a', hostIP: '192.168.0.2' };

function lister(services: Service[], synced = true): ServiceLister {
  return { hasSynced: () => synced, list: () => services };
}

function podIn(namespace: string, enableServiceLinks?: boolean): Pod {
  return {
    metadata: { name: 'client', namespace, uid: 'u-1' },
    spec: {
      ...(enableServiceLinks === undefined ? {} : { enableServiceLinks }),
      containers: [{ name: 'app', image: 'busybox' }],
    },
  };
}

describe('service environment variables', () => {
  it('gives a one-port service its host, port and Docker link variables', () => {
    expect(envVarsFromServices([web])).toEqual([
      ['WEB_SERVICE_HOST', '10.0.87.57'],
      ['WEB_SERVICE_PORT', '81'],
      ['WEB_PORT', 'tcp://10.0.87.57:81'],
      ['WEB_PORT_81_TCP', 'tcp://10.0.87.57:81'],
      ['WEB_PORT_81_TCP_PROTO', 'tcp'],
      ['WEB_PORT_81_TCP_PORT', '81'],
      ['WEB_PORT_81_TCP_ADDR', '10.0.87.57'],
    ]);
  });

  it('upper-cases names with dashes, names the named ports, and takes the first port for _PORT', () => {
    const dns = service('shop', 'kube-dns', '10.0.0.10', [
      { name: 'dns-udp', port: 53, protocol: 'UDP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ]);
    expect(new Map(envVarsFromServices([dns]))).toEqual(
      new Map([
        ['KUBE_DNS_SERVICE_HOST', '10.0.0.10'],
        ['KUBE_DNS_SERVICE_PORT', '53'],
        ['KUBE_DNS_SERVICE_PORT_DNS_UDP', '53'],
        ['KUBE_DNS_SERVICE_PORT_METRICS', '9153'],
        ['KUBE_DNS_PORT', 'udp://10.0.0.10:53'],
        ['KUBE_DNS_PORT_53_UDP', 'udp://10.0.0.10:53'],
        ['KUBE_DNS_PORT_53_UDP_PROTO', 'udp'],
        ['KUBE_DNS_PORT_53_UDP_PORT', '53'],
        ['KUBE_DNS_PORT_53_UDP_ADDR', '10.0.0.10'],
        ['KUBE_DNS_PORT_9153_TCP', 'tcp://10.0.0.10:9153'],
        ['KUBE_DNS_PORT_9153_TCP_PROTO', 'tcp'],
        ['KUBE_DNS_PORT_9153_TCP_PORT', '9153'],
        ['KUBE_DNS_PORT_9153_TCP_ADDR', '10.0.0.10'],
      ]),
    );
  });

  it('brackets an IPv6 cluster IP in the URLs only', () => {
    const vars = new Map(envVarsFromServices([service('shop', 'v6', 'fd00::5', [{ port: 80 }])]));
    expect(vars.get('V6_PORT')).toBe('tcp://[fd00::5]:80');
    expect(vars.get('V6_PORT_80_TCP_ADDR')).toBe('fd00::5');
    expect(vars.get('V6_SERVICE_HOST')).toBe('fd00::5');
  });

  it('skips headless services and services without a cluster IP', () => {
    const headless = service('shop', 'db', 'None', [{ port: 5432 }]);
    const external = {
      metadata: { namespace: 'shop', name: 'ext' },
      spec: { type: 'ExternalName' as const },
    };
    const vars = serviceEnvVarMap([web, headless, external], 'shop', true);
    expect([...vars.keys()].filter((k) => !k.startsWith('WEB_'))).toEqual([]);
    expect(vars.get('WEB_SERVICE_HOST')).toBe('10.0.87.57');
  });

  it("takes only the pod's namespace, and only the master service of default without service links", () => {
    const master = service('default', 'kubernetes', '10.0.0.1', [{ name: 'https', port: 443 }]);
    const elsewhere = service('other', 'cache', '10.0.3.3', [{ port: 6379 }]);
    const linked = serviceEnvVarMap([web, master, elsewhere], 'shop', true);
    expect(linked.get('WEB_SERVICE_HOST')).toBe('10.0.87.57');
    expect(linked.get('KUBERNETES_SERVICE_PORT_HTTPS')).toBe('443');
    expect(linked.has('CACHE_SERVICE_HOST')).toBe(false);

    const unlinked = serviceEnvVarMap([web, master, elsewhere], 'shop', false);
    expect([...unlinked.keys()].every((k) => k.startsWith('KUBERNETES_'))).toBe(true);
    expect(unlinked.get('KUBERNETES_SERVICE_HOST')).toBe('10.0.0.1');
  });

  it("lets a service named kubernetes in the pod's namespace win over the master service", () => {
    const master = service('default', 'kubernetes', '10.0.0.1', [{ port: 443 }]);
    const own = service('shop', 'kubernetes', '10.0.9.9', [{ port: 8443 }]);
    expect(serviceEnvVarMap([master, own], 'shop', true).get('KUBERNETES_SERVICE_HOST')).toBe('10.0.9.9');
    expect(serviceEnvVarMap([own, master], 'shop', true).get('KUBERNETES_SERVICE_HOST')).toBe('10.0.9.9');
    expect(serviceEnvVarMap([own, master], 'shop', false).get('KUBERNETES_SERVICE_HOST')).toBe('10.0.0.1');
  });

  it('gives none without a master service when service links are off, and defaults them on', () => {
    expect(podServiceEnvironment(lister([web]), podIn('shop', false)).size).toBe(0);
    expect(podServiceEnvironment(lister([web]), podIn('shop')).get('WEB_SERVICE_PORT')).toBe('81');
    expect(podServiceEnvironment(undefined, podIn('shop', true)).size).toBe(0);
  });

  it('refuses to build the environment before the services were listed once', () => {
    expect(() => podServiceEnvironment(lister([web], false), podIn('shop', true))).toThrow(
      new ContainerConfigError('services have not yet been read at least once, cannot construct envvars'),
    );
  });

  it("puts the pod's own env first, lets it win, and expands $(VAR) against service variables", () => {
    const pod = podIn('shop', true);
    const container = {
      name: 'app',
      image: 'busybox',
      command: ['sh', '-c', 'echo $(WEB_PORT)'],
      env: [
        { name: 'WEB_SERVICE_PORT', value: '9999' },
        { name: 'URL', value: 'http://$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)' },
        { name: 'MISSING', value: '$(NOPE_SERVICE_HOST)' },
      ],
    };
    const serviceEnv = podServiceEnvironment(lister([web]), pod);
    const env = makeEnvironment(pod, container, fields, serviceEnv);
    expect(env.slice(0, 3)).toEqual([
      { key: 'WEB_SERVICE_PORT', value: '9999' },
      { key: 'URL', value: 'http://10.0.87.57:9999' },
      { key: 'MISSING', value: '$(NOPE_SERVICE_HOST)' },
    ]);
    expect(env.filter((e) => e.key === 'WEB_SERVICE_PORT')).toHaveLength(1);
    expect(env).toContainEqual({ key: 'WEB_SERVICE_HOST', value: '10.0.87.57' });
    expect(env).toContainEqual({ key: 'WEB_PORT_81_TCP_ADDR', value: '10.0.87.57' });

    const config = makeContainerConfig({
      pod,
      container,
      attempt: 0,
      imageRef: 'sha256:b',
      mounts: [],
      fields,
      imageUser: { uid: 0n, username: '' },
      serviceEnv,
    });
    expect(config.command).toEqual(['sh', '-c', 'echo tcp://10.0.87.57:81']);
    expect(config.envs).toContainEqual({ key: 'WEB_PORT', value: 'tcp://10.0.87.57:81' });
  });
});
