// Wires the kubelet from its configuration: API client, container runtime (external socket or the Docker
// CRI service run in-process), and the Kubelet itself.

import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';

import { RestClient } from '@groundkube/client';
import { connectRuntime } from '@groundkube/cri-api';
import { CriPodRuntime, Kubelet, ServiceInformer, pickInternalIP } from '@groundkube/kubelet';
import type { Logger } from '@groundkube/logging';
import { startRuntimeService } from '@groundkube/runtime-docker';

import type { ServerCredentials } from './kubeconfig';

export interface KubeletAppConfig {
  credentials: ServerCredentials;
  nodeName: string;
  rootDir: string;
  /** unix socket of an external CRI runtime; absent = run the Docker CRI service in-process. */
  runtimeEndpoint?: string | undefined;
  port: number;
  nodeIP?: string | undefined;
  logger: Logger;
}

/** Runs the kubelet until the signal aborts; containers keep running afterwards. */
export async function runKubeletApp(config: KubeletAppConfig, signal: AbortSignal): Promise<void> {
  const { logger } = config;
  await mkdir(config.rootDir, { recursive: true });

  let stopRuntimeService: (() => Promise<void>) | undefined;
  let endpoint = config.runtimeEndpoint;
  if (endpoint === undefined || endpoint === '') {
    const socketPath = path.join(config.rootDir, 'groundkube-cri.sock');
    // The instance (our node name) scopes the runtime's containers: kubelets sharing one Docker engine (tests,
    // several nodes on a host) never see each other's pods.
    const service = await startRuntimeService({
      socketPath,
      instance: config.nodeName,
      logger: logger.child({ component: 'docker-cri' }),
    });
    stopRuntimeService = () => service.close();
    endpoint = service.endpoint;
    logger.info({ endpoint }, 'Docker CRI runtime service started in-process');
  }

  const connection = connectRuntime(endpoint);
  const client = new RestClient({
    server: config.credentials.server,
    token: config.credentials.token,
    userAgent: `kubelet/v1.32.4 (linux/amd64) groundkube`,
    tls:
      config.credentials.ca !== undefined || config.credentials.insecureSkipTLSVerify
        ? {
            ...(config.credentials.ca ? { ca: config.credentials.ca } : {}),
            rejectUnauthorized: !config.credentials.insecureSkipTLSVerify,
          }
        : undefined,
    logger,
  });
  const hostIP = pickInternalIP(config.nodeIP);
  // Read by the runtime when it starts containers, run by the Kubelet with its pod watch.
  const services = new ServiceInformer({ client, logger });
  const runtime = new CriPodRuntime({
    connection,
    rootDir: config.rootDir,
    nodeName: config.nodeName,
    hostIP,
    services,
    logger,
  });
  const kubelet = new Kubelet({
    client,
    runtime,
    nodeName: config.nodeName,
    nodeIP: hostIP,
    port: config.port,
    rootDir: config.rootDir,
    services,
    logger,
  });
  try {
    await kubelet.run(signal);
  } finally {
    connection.close();
    client.close();
    await stopRuntimeService?.();
  }
}
