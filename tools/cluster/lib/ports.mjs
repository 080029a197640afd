// Ports the cluster listens on, checked before anything starts: a port another program holds would make
// one component exit after the others were already up. And, for `down`, which process holds a port.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/** Inodes of the sockets listening on TCP `port` (any address), as /proc/<pid>/net/tcp{,6} lists them. */
function listeningInodes(pid, port) {
  const inodes = new Set();
  for (const table of ['tcp', 'tcp6']) {
    let text;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st … inode: the address is HEXIP:HEXPORT, state 0A is LISTEN.
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue;
      if (Number.parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/**
 * True when process `pid` itself holds a socket listening on `port` in this machine's network namespace:
 * then a connection to 127.0.0.1:`port` reaches that process and not, say, a docker-proxy publishing a
 * container's port. Reads /proc, so it needs the process to be ours (same user) or root.
 */
export function listensOn(pid, port) {
  try {
    if (readlinkSync(`/proc/${pid}/ns/net`) !== readlinkSync('/proc/self/ns/net')) return false;
    const inodes = listeningInodes(pid, port);
    if (inodes.size === 0) return false;
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}
