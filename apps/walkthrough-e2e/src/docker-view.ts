// What Docker itself says about a pod's containers, to hold against what the API server reports.

import { exec } from './processes';

export interface DockerContainer {
  id: string;
  name: string;
  running: boolean;
  labels: Record<string, string>;
  /** The IP on Docker's default bridge ('' for containers that join another's network namespace). */
  bridgeIp: string;
}

interface InspectOutput {
  Id: string;
  Name: string;
  State: { Running: boolean };
  Config: { Labels: Record<string, string> | null };
  NetworkSettings: { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }> };
}

/** Every container (running or not) labelled with the pod's uid, as `docker ps -a` lists them. */
export async function containersOfPod(podUid: string): Promise<DockerContainer[]> {
  const { stdout } = await exec('docker', [
    'ps',
    '-aq',
    '--no-trunc',
    '--filter',
    `label=io.kubernetes.pod.uid=${podUid}`,
  ]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return [];
  const inspected = JSON.parse((await exec('docker', ['inspect', ...ids])).stdout) as InspectOutput[];
  return inspected.map((c) => ({
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    running: c.State.Running,
    labels: c.Config.Labels ?? {},
    bridgeIp:
      c.NetworkSettings.IPAddress ||
      Object.values(c.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress ||
      '',
  }));
}

/** Runs a command in a container (`docker exec`), returning its stdout. */
export async function dockerExec(containerId: string, command: string[]): Promise<string> {
  return (await exec('docker', ['exec', containerId, ...command])).stdout;
}
