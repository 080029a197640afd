import type { Writable } from 'node:stream';

import type { Pod } from '@groundkube/api';

import { ContainerNotStartedError, type ContainerLogOptions, type PodRuntime } from '../pod-runtime';
import { KubeletServer, parseLogOptions } from './kubelet-server';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: { containers: [{ name: 'nginx' }] },
};

function serverWith(readContainerLogs: PodRuntime['readContainerLogs'], served: Pod = pod) {
  const runtime = { readContainerLogs } as unknown as PodRuntime;
  return new KubeletServer({
    runtime,
    port: 0,
    host: '127.0.0.1',
    findPod: (ns, name) => (ns === 'default' && name === 'web' ? served : undefined),
  });
}

function waiting(reason: string | undefined): Pod {
  return {
    ...pod,
    status: { containerStatuses: [{ name: 'nginx', state: { waiting: reason ? { reason } : {} } }] },
  } as Pod;
}

describe('parseLogOptions', () => {
  it('reads flags and numbers', () => {
    const options = parseLogOptions(
      new URLSearchParams(
        'follow=true&tailLines=10&sinceSeconds=5&timestamps=1&previous=false&limitBytes=100',
      ),
    );
    expect(options).toMatchObject({
      follow: true,
      tailLines: 10,
      sinceSeconds: 5,
      timestamps: true,
      previous: false,
      limitBytes: 100,
    });
  });

  it.each(['tailLines=-1', 'tailLines=abc', 'limitBytes=1.5', 'sinceTime=yesterday'])(
    'rejects %s',
    (query) => {
      expect(() => parseLogOptions(new URLSearchParams(query))).toThrow();
    },
  );
});

describe('KubeletServer', () => {
  it('streams a container log with the parsed options, and answers health checks', async () => {
    let seen: ContainerLogOptions | undefined;
    const server = serverWith(async (identity, container, options, out: Writable) => {
      seen = options;
      out.write(`${identity.uid} ${container} line 1\n`);
      out.write('line 2\n');
    });
    const port = await server.listen();
    try {
      const res = await fetch(
        `http://127.0.0.1:${port}/containerLogs/default/web/nginx?tailLines=2&timestamps=true`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toBe('u1 nginx line 1\nline 2\n');
      expect(seen).toMatchObject({ tailLines: 2, timestamps: true, follow: false });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers 404 for unknown pods and containers, 400 for bad options and for logs that cannot be read', async () => {
    const server = serverWith(async () => {
      throw new Error('previous terminated container "nginx" in pod "web" not found');
    });
    const port = await server.listen();
    const get = async (p: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${p}`);
      return [res.status, (await res.text()).trim()];
    };
    try {
      expect(await get('/containerLogs/default/other/nginx')).toEqual([
        404,
        'pod default/other not found on this node',
      ]);
      expect(await get('/containerLogs/default/web/nope')).toEqual([
        404,
        'container nope is not valid for pod web',
      ]);
      expect((await get('/containerLogs/default/web/nginx?tailLines=x'))[0]).toBe(400);
      expect(await get('/containerLogs/default/web/nginx?previous=true')).toEqual([
        400,
        'previous terminated container "nginx" in pod "web" not found',
      ]);
      expect((await get('/nothing'))[0]).toBe(404);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['ImagePullBackOff', 'trying and failing to pull image'],
    ['ErrImagePull', "image can't be pulled"],
    ['CreateContainerError', 'CreateContainerError'],
    [undefined, 'ContainerCreating'],
  ])('says why a container that never ran has no log (waiting reason %s)', async (reason, why) => {
    const server = serverWith(async (identity, container) => {
      throw new ContainerNotStartedError(identity.name, container);
    }, waiting(reason));
    const port = await server.listen();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/containerLogs/default/web/nginx`);
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(`container "nginx" in pod "web" is waiting to start: ${why}\n`);
    } finally {
      await server.close();
    }
  });
});
