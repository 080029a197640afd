// Ports the cluster listens on, checked before anything starts: a port another program holds would make
// one component exit after the others were already up.
import { createServer } from 'node:net';

/** Resolves to true when `port` on 127.0.0.1 can be listened on now (and releases it again). */
export function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Throws one message naming every port in `wanted` ({ port, what }) that is taken, before anything starts.
 */
export async function ensurePortsFree(wanted) {
  const taken = [];
  for (const entry of wanted) if (!(await portFree(entry.port))) taken.push(entry);
  if (taken.length === 0) return `${wanted.map((w) => w.port).join(', ')} free`;
  const list = taken.map((t) => `${t.port} (${t.what})`).join(', ');
  throw new Error(
    `port${taken.length > 1 ? 's' : ''} ${list} already in use by a program groundkube did not start. ` +
      `The cluster's ports are fixed, as in the seed post (the real kubectl finds the API server on ` +
      `127.0.0.1:8080 with no kubeconfig); stop that program (\`ss -ltnp\` shows which) and run npm run up again. Nothing was started.`,
  );
}
