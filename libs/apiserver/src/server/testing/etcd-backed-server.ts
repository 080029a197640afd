// An API server on a fresh real etcd, for the specs that test it over HTTP.

import { silentLogger } from '@groundkube/logging';
import { freePort, startEtcd, type EtcdServer } from '@groundkube/testing';

import { startApiServer, type ApiServer } from '../api-server';

export interface EtcdBackedServer {
  readonly etcd: EtcdServer;
  readonly server: ApiServer;
  /** The server's base URL. */
  readonly url: string;
  /** Stops the server, then etcd. */
  close(): Promise<void>;
}

/** Starts etcd on free ports and an API server on it, listening on 127.0.0.1 on a free port, silent. */
export async function startEtcdBackedServer(): Promise<EtcdBackedServer> {
  const etcd = await startEtcd();
  let server: ApiServer;
  try {
    server = await startApiServer({
      etcdEndpoints: [etcd.endpoint],
      host: '127.0.0.1',
      port: await freePort(),
      logger: silentLogger(),
    });
  } catch (err) {
    await etcd.stop();
    throw err;
  }
  return {
    etcd,
    server,
    url: server.url,
    close: async () => {
      await server.close();
      await etcd.stop();
    },
  };
}
