import type { Node, Pod } from '@groundkube/api';
import { ApiError } from '../registry/api-errors';
import { chooseContainer, kubeletAddress, kubeletLogQuery } from './pod-log-proxy';

function pod(containers: string[], initContainers: string[] = []): Pod {
  return {
    metadata: { name: 'nginx', namespace: 'default' },
    spec: {
      containers: containers.map((name) => ({ name, image: 'busybox' })),
      ...(initContainers.length > 0
        ? { initContainers: initContainers.map((name) => ({ name, image: 'busybox' })) }
        : {}),
    },
  } as Pod;
}

function failure(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('chooseContainer', () => {
  it('takes the only container, or the one named', () => {
    expect(chooseContainer(pod(['nginx']), null)).toBe('nginx');
    expect(chooseContainer(pod(['nginx', 'log-truncator']), 'log-truncator')).toBe('log-truncator');
    expect(chooseContainer(pod(['nginx'], ['setup']), 'setup')).toBe('setup');
  });

  it("answers Kubernetes' messages when it cannot choose", () => {
    expect(failure(() => chooseContainer(pod(['nginx', 'log-truncator']), null))).toEqual({
      code: 400,
      message: 'a container name must be specified for pod nginx, choose one of: [nginx log-truncator]',
    });
    expect(failure(() => chooseContainer(pod(['a', 'b'], ['init']), '')).message).toBe(
      'a container name must be specified for pod nginx, choose one of: [a b] or one of the init containers: [init]',
    );
    expect(failure(() => chooseContainer(pod(['nginx']), 'nope'))).toEqual({
      code: 400,
      message: 'container nope is not valid for pod nginx',
    });
  });
});

describe('kubeletLogQuery', () => {
  it('forwards the log options it understands, validated', () => {
    const out = kubeletLogQuery(
      new URLSearchParams(
        'container=c&follow=true&tailLines=10&sinceSeconds=60&timestamps=true&previous=false&limitBytes=5',
      ),
    );
    expect(Object.fromEntries(out)).toEqual({
      tailLines: '10',
      sinceSeconds: '60',
      limitBytes: '5',
      follow: 'true',
      timestamps: 'true',
    });
  });

  it.each([
    'tailLines=-1',
    'sinceSeconds=0',
    'limitBytes=x',
    'sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z',
  ])('refuses %s', (text) => {
    expect(failure(() => kubeletLogQuery(new URLSearchParams(text))).code).toBe(400);
  });
});

describe('kubeletAddress', () => {
  it("uses the node's InternalIP and reported kubelet port", () => {
    const node = {
      metadata: { name: 'n1' },
      status: {
        addresses: [
          { type: 'Hostname', address: 'n1' },
          { type: 'InternalIP', address: '10.1.2.3' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10999 } },
      },
    } as Node;
    expect(kubeletAddress(node, 10250)).toEqual({ host: '10.1.2.3', port: 10999 });
  });

  it('falls back to loopback and the default port', () => {
    expect(kubeletAddress({ metadata: { name: 'n1' } } as Node, 10250)).toEqual({
      host: '127.0.0.1',
      port: 10250,
    });
  });
});
