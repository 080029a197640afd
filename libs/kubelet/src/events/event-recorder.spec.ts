import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Pod } from '@groundkube/api';
import { FakeClock, RestClient } from '@groundkube/client';

import { eventName, EventRecorder, nodeReference, podReference } from './event-recorder';

interface Seen {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

describe('EventRecorder', () => {
  it('creates events the way the kubelet does and folds repeats into a growing count', async () => {
    const seen: Seen[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          body: JSON.parse(body || '{}') as Record<string, unknown>,
        });
        res.setHeader('Content-Type', 'application/json');
        res.end(body || '{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new RestClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const clock = new FakeClock(Date.parse('2026-03-01T10:00:00Z'));
    const recorder = new EventRecorder({ client, host: 'node-1', clock });
    const pod: Pod = { metadata: { name: 'web', namespace: 'team', uid: 'u1' } };
    try {
      recorder.event(
        podReference(pod, 'spec.containers{nginx}'),
        'Normal',
        'Pulling',
        'Pulling image "nginx"',
      );
      await clock.advance(5000);
      recorder.event(
        podReference(pod, 'spec.containers{nginx}'),
        'Normal',
        'Pulling',
        'Pulling image "nginx"',
      );
      recorder.event(nodeReference('node-1'), 'Normal', 'Starting', 'Starting kubelet.');
      await recorder.flush();

      expect(seen.map((s) => `${s.method} ${s.url.replace(/\/events\/.*/, '/events/NAME')}`)).toEqual([
        'POST /api/v1/namespaces/team/events',
        'PATCH /api/v1/namespaces/team/events/NAME',
        'POST /api/v1/namespaces/default/events',
      ]);
      const created = seen[0]!.body;
      expect(created).toMatchObject({
        involvedObject: {
          kind: 'Pod',
          apiVersion: 'v1',
          name: 'web',
          namespace: 'team',
          uid: 'u1',
          fieldPath: 'spec.containers{nginx}',
        },
        reason: 'Pulling',
        message: 'Pulling image "nginx"',
        type: 'Normal',
        count: 1,
        source: { component: 'kubelet', host: 'node-1' },
        firstTimestamp: '2026-03-01T10:00:00Z',
        lastTimestamp: '2026-03-01T10:00:00Z',
      });
      expect((created['metadata'] as { name: string }).name).toMatch(/^web\.[0-9a-f]+$/);
      expect(seen[1]!.url).toBe(
        `/api/v1/namespaces/team/events/${(created['metadata'] as { name: string }).name}`,
      );
      expect(seen[1]!.body).toEqual({ count: 2, lastTimestamp: '2026-03-01T10:00:05Z' });
      expect(seen[2]!.body).toMatchObject({
        involvedObject: { kind: 'Node', name: 'node-1', uid: 'node-1' },
      });
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('eventName', () => {
  it('is <object>.<suffix>, the object name cut so the whole stays a 253-character DNS subdomain', () => {
    expect(eventName('web-0', '18a2b3c4d5e6f708')).toBe('web-0.18a2b3c4d5e6f708');
    const long = `${'a'.repeat(50)}.${'b'.repeat(50)}.${'c'.repeat(50)}.${'d'.repeat(50)}.${'e'.repeat(47)}`;
    const name = eventName(long, '18a2b3c4d5e6f708');
    expect(name).toHaveLength(253);
    expect(name).toBe(`${long.slice(0, 236)}.18a2b3c4d5e6f708`);
    // A cut that would end in '.' or '-' drops them (no '..' in the name).
    const dotAtCut = `${'x'.repeat(235)}.${'y'.repeat(17)}`;
    expect(eventName(dotAtCut, '18a2b3c4d5e6f708')).toBe(`${'x'.repeat(235)}.18a2b3c4d5e6f708`);
  });
});
