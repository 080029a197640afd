// Knows which client connections are between requests, so a stopping server can close those at once
// and close the others as soon as their request is answered. Node's own closeIdleConnections() misses
// keep-alive connections that go idle after it was called.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /** Closes idle connections now, and every other one once its requests are answered. */
  drain(): void;
}

export function trackConnections(server: Server): ConnectionTracker {
  const inFlight = new Map<Socket, number>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      const left = Math.max(0, (inFlight.get(socket) ?? 1) - 1);
      inFlight.set(socket, left);
      if (draining && left === 0) socket.destroySoon();
    });
  });

  return {
    drain() {
      draining = true;
      for (const [socket, count] of inFlight) if (count === 0) socket.destroySoon();
    },
  };
}
