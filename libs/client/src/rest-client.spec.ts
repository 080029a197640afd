import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Pod } from '@groundkube/api';

import { ConnectionError, StatusError, isNotFound, isResourceExpired } from './errors';
import { PODS, LEASES, NODES, resourcePath } from './resource-path';
import { RestClient } from './rest-client';

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server whose answers each test scripts. */
async function startServer(handler: (req: Recorded, res: http.ServerResponse) => void) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const pod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
});

describe('resourcePath', () => {
  it.each([
    [{ resource: PODS, namespace: 'ns', name: 'a' }, '/api/v1/namespaces/ns/pods/a'],
    [{ resource: PODS }, '/api/v1/pods'],
    [
      { resource: PODS, namespace: 'ns', name: 'a', subresource: 'status' },
      '/api/v1/namespaces/ns/pods/a/status',
    ],
    [{ resource: NODES, namespace: 'ignored', name: 'n1' }, '/api/v1/nodes/n1'],
    [
      { resource: LEASES, namespace: 'kube-node-lease', name: 'n1' },
      '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1',
    ],
  ])('%j -> %s', (target, expected) => {
    expect(resourcePath(target)).toBe(expected);
  });
});

describe('RestClient', () => {
  it('sends list options, token and user agent, and decodes the list', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: { resourceVersion: '7' },
          items: [pod('a')],
        }),
      );
    });
    const client = new RestClient({ server: server.hostPort, token: 'secret', userAgent: 'test/1' });
    try {
      const list = await client.list<Pod>(
        { resource: PODS, namespace: 'default' },
        {
          labelSelector: 'app=web',
          fieldSelector: 'spec.nodeName=n1',
          limit: 500,
          continue: 'tok',
          resourceVersion: '0',
        },
      );
      expect(list.items.map((p) => p.metadata.name)).toEqual(['a']);
      const req = server.requests[0]!;
      const url = new URL(req.url, server.url);
      expect(url.pathname).toBe('/api/v1/namespaces/default/pods');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        labelSelector: 'app=web',
        fieldSelector: 'spec.nodeName=n1',
        limit: '500',
        continue: 'tok',
        resourceVersion: '0',
      });
      expect(req.headers['authorization']).toBe('Bearer secret');
      expect(req.headers['user-agent']).toBe('test/1');
    } finally {
      client.close();
      await server.close();
    }
  });

  it('turns a Status reply into a StatusError and a text reply into a synthesised Status', async () => {
    const server = await startServer((req, res) => {
      if (req.url.includes('missing')) {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'application/json');
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'pods "missing" not found',
            reason: 'NotFound',
            details: { name: 'missing', kind: 'pods' },
            code: 404,
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('404 page not found');
      }
    });
    const client = new RestClient({ server: server.url });
    try {
      const err = await client
        .get({ resource: PODS, namespace: 'default', name: 'missing' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StatusError);
      expect(isNotFound(err)).toBe(true);
      expect((err as StatusError).details?.name).toBe('missing');
      expect((err as StatusError).message).toBe('pods "missing" not found');

      const plain = await client
        .get({ resource: PODS, namespace: 'default', name: 'other' })
        .catch((e: unknown) => e);
      expect(plain).toBeInstanceOf(StatusError);
      expect((plain as StatusError).reason).toBe('NotFound');
      expect((plain as StatusError).httpStatus).toBe(404);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('sends patches with the chosen content type and deletes with a DeleteOptions body', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(pod('a')));
    });
    const client = new RestClient({ server: server.url });
    try {
      await client.patch(
        { resource: PODS, namespace: 'default', name: 'a' },
        { metadata: { labels: { a: 'b' } } },
        {
          contentType: 'application/merge-patch+json',
          fieldManager: 'kubectl-label',
        },
      );
      await client.delete(
        { resource: PODS, namespace: 'default', name: 'a' },
        { gracePeriodSeconds: 0, preconditions: { uid: 'u1' } },
      );
      await client.updateStatus({ resource: PODS, namespace: 'default', name: 'a' }, pod('a'));
      const [patch, del, put] = server.requests;
      expect(patch!.method).toBe('PATCH');
      expect(patch!.headers['content-type']).toBe('application/merge-patch+json');
      expect(patch!.url).toBe('/api/v1/namespaces/default/pods/a?fieldManager=kubectl-label');
      expect(JSON.parse(patch!.body)).toEqual({ metadata: { labels: { a: 'b' } } });
      expect(del!.method).toBe('DELETE');
      expect(JSON.parse(del!.body)).toEqual({
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        gracePeriodSeconds: 0,
        preconditions: { uid: 'u1' },
      });
      expect(put!.method).toBe('PUT');
      expect(put!.url).toBe('/api/v1/namespaces/default/pods/a/status');
    } finally {
      client.close();
      await server.close();
    }
  });

  it('streams watch events split across chunks and stops on abort', async () => {
    let streamRes: http.ServerResponse | undefined;
    const server = await startServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.flushHeaders();
      const a = JSON.stringify({ type: 'ADDED', object: pod('a') });
      const b = JSON.stringify({ type: 'MODIFIED', object: pod('b') });
      res.write(a.slice(0, 10));
      res.write(a.slice(10) + '\n' + b);
      res.write('\n');
      streamRes = res;
    });
    const client = new RestClient({ server: server.url });
    const controller = new AbortController();
    try {
      const stream = await client.watch<Pod>(
        { resource: PODS },
        { resourceVersion: '5', signal: controller.signal },
      );
      const seen: string[] = [];
      for await (const event of stream) {
        if (event.type === 'ERROR') throw new Error('unexpected error event');
        seen.push(`${event.type}:${event.object.metadata.name ?? ''}`);
        if (seen.length === 2) controller.abort();
      }
      expect(seen).toEqual(['ADDED:a', 'MODIFIED:b']);
      const url = new URL(server.requests[0]!.url, server.url);
      expect(url.searchParams.get('watch')).toBe('true');
      expect(url.searchParams.get('resourceVersion')).toBe('5');
    } finally {
      streamRes?.end();
      client.close();
      await server.close();
    }
  });

  it('throws a StatusError when the watch itself is refused with 410', async () => {
    const server = await startServer((_req, res) => {
      res.statusCode = 410;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          reason: 'Expired',
          code: 410,
          message: 'too old resource version',
        }),
      );
    });
    const client = new RestClient({ server: server.url });
    try {
      const err = await client.watch({ resource: PODS }, { resourceVersion: '1' }).catch((e: unknown) => e);
      expect(isResourceExpired(err)).toBe(true);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('reports a refused connection as ConnectionError with a stable code', async () => {
    const server = await startServer(() => undefined);
    await server.close();
    const client = new RestClient({ server: server.url });
    const err = await client.list({ resource: PODS }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).code).toBe('CLIENT_CONNECTION_FAILED');
    expect((err as ConnectionError).syscallCode).toBe('ECONNREFUSED');
    client.close();
  });

  it('streams a log body line by line', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.write('line 1\n');
      res.end('line 2\n');
    });
    const client = new RestClient({ server: server.url });
    try {
      const res = await client.stream({
        path: '/api/v1/namespaces/default/pods/a/log',
        query: { follow: true },
      });
      let text = '';
      for await (const chunk of res.body) text += (chunk as Buffer).toString();
      expect(text).toBe('line 1\nline 2\n');
      expect(server.requests[0]!.url).toBe('/api/v1/namespaces/default/pods/a/log?follow=true');
    } finally {
      client.close();
      await server.close();
    }
  });
});
