// The three processes `npm run up` runs in the background, as the seed post starts them by hand.
import os from 'node:os';
import path from 'node:path';
import { endpoints, repoRoot, stateDir } from './state.mjs';

const dist = (app) => path.join(repoRoot, 'dist', 'apps', app, 'main.js');

/**
 * The node our kubelet registers: it is started without --hostname-override, so it takes the hostname,
 * trimmed
 * and lower-cased as apps/kubelet/src/main.ts does. Its pods, and the runtime instance label on their
 * containers, carry this name; `down` waits for and removes only those.
 */
export const kubeletNodeName = os.hostname().trim().toLowerCase();

export const components = {
  etcd: {
    name: 'etcd',
    marker: 'etcd',
    command: 'etcd',
    args: () => [
      '--name=groundkube',
      `--data-dir=${path.join(stateDir, 'etcd')}`,
      `--listen-client-urls=${endpoints.etcd}`,
      `--advertise-client-urls=${endpoints.etcd}`,
      `--listen-peer-urls=${endpoints.etcdPeer}`,
      `--initial-advertise-peer-urls=${endpoints.etcdPeer}`,
      `--initial-cluster=groundkube=${endpoints.etcdPeer}`,
    ],
    readyUrl: `${endpoints.etcd}/health`,
    ports: [
      { port: Number(new URL(endpoints.etcd).port), what: 'etcd clients' },
      { port: Number(new URL(endpoints.etcdPeer).port), what: 'etcd peers' },
    ],
  },
  apiserver: {
    name: 'apiserver',
    marker: dist('apiserver'),
    command: process.execPath,
    args: () => [
      dist('apiserver'),
      `--etcd-servers=${endpoints.etcd}`,
      '--service-cluster-ip-range=10.0.0.0/16',
    ],
    readyUrl: `${endpoints.apiserver}/api/v1/nodes`,
    ports: [{ port: Number(new URL(endpoints.apiserver).port), what: 'API server' }],
  },
  kubelet: {
    name: 'kubelet',
    marker: dist('kubelet'),
    command: process.execPath,
    args: () => [dist('kubelet'), '--api-servers=127.0.0.1:8080'],
    readyUrl: null,
    ports: [{ port: 10250, what: 'kubelet logs endpoint' }],
  },
};
