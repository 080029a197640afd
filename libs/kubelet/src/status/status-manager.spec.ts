import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Pod, PodStatus } from '@groundkube/api';
import { RestClient } from '@groundkube/client';

import { StatusManager } from './status-manager';

/** A one-pod API server: PUT pods/status honours resourceVersion (409 when stale), GET returns the pod. */
async function onePodServer(initial: Pod) {
  let stored = structuredClone(initial);
  let rv = Number(initial.metadata.resourceVersion);
  const writes: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      if (req.method === 'GET') {
        res.end(JSON.stringify(stored));
        return;
      }
      if (req.method === 'PUT' && req.url?.endsWith('/status')) {
        const sent = JSON.parse(body) as Pod;
        writes.push(`PUT rv=${sent.metadata.resourceVersion}`);
        if (sent.metadata.resourceVersion !== String(rv)) {
          res.statusCode = 409;
          res.end(
            JSON.stringify({
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              reason: 'Conflict',
              code: 409,
            }),
          );
          return;
        }
        stored = {
          ...stored,
          status: sent.status!,
          metadata: { ...stored.metadata, resourceVersion: String(++rv) },
        };
        res.end(JSON.stringify(stored));
        return;
      }
      if (req.method === 'DELETE') {
        writes.push(`DELETE ${body}`);
        res.end(JSON.stringify(stored));
        return;
      }
      res.statusCode = 405;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    writes,
    bump: () => {
      stored = { ...stored, metadata: { ...stored.metadata, resourceVersion: String(++rv) } };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5' },
  status: { phase: 'Pending' },
};
const running: PodStatus = { phase: 'Running', podIP: '172.17.0.2' };

describe('StatusManager', () => {
  it('writes a changed status once, retries a conflict with the fresh pod, and skips unchanged statuses', async () => {
    const server = await onePodServer(pod);
    const client = new RestClient({ server: server.url });
    const manager = new StatusManager({ client });
    try {
      server.bump(); // our copy (rv 5) is now stale
      const stored = await manager.setPodStatus(pod, running);
      expect(stored?.status).toEqual(running);
      expect(server.writes).toEqual(['PUT rv=5', 'PUT rv=6']);

      expect(await manager.setPodStatus(pod, { podIP: '172.17.0.2', phase: 'Running' })).toBeUndefined();
      expect(await manager.setPodStatus({ ...pod, status: running }, running)).toBeUndefined();
      expect(server.writes).toHaveLength(2);

      await manager.deletePod(pod);
      expect(server.writes[2]).toBe(
        'DELETE {"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,"preconditions":{"uid":"u1"}}',
      );
    } finally {
      client.close();
      await server.close();
    }
  });
});
