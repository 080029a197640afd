import type Docker from 'dockerode';
import type { ContainerInfo, ContainerInspectInfo } from 'dockerode';
import type { Logger } from '@groundkube/logging';
import { notFound, translateDockerError } from './docker-errors';
import { LABEL_DOCKER_TYPE, LABEL_RUNTIME_INSTANCE } from './docker-labels';

export type DockerObjectType = 'podsandbox' | 'container';

/**
 * The engine plus the instance name, shared by the sandbox, container and image services. Every lookup
 * goes through `inspectOwned`/`listOwned`, so objects of other runtime instances (or made by hand) are
 * invisible: NOT_FOUND, never touched.
 */
export class DockerContext {
  constructor(
    readonly docker: Docker,
    readonly instance: string,
    readonly log: Logger,
  ) {}

  /** Inspects a container of ours of the given type, or throws NOT_FOUND. */
  async inspectOwned(id: string, type: DockerObjectType): Promise<ContainerInspectInfo> {
    if (id === '') throw notFound(`${type === 'podsandbox' ? 'sandbox' : 'container'} id is empty`);
    let info: ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(id).inspect();
    } catch (err) {
      throw translateDockerError(err, `inspect ${id}`);
    }
    const labels = info.Config.Labels ?? {};
    if (labels[LABEL_RUNTIME_INSTANCE] !== this.instance || labels[LABEL_DOCKER_TYPE] !== type) {
      throw notFound(`no such ${type === 'podsandbox' ? 'pod sandbox' : 'container'}: ${id}`);
    }
    return info;
  }

  /** Our containers of the given type whose labels include every pair of `labels`. */
  async listOwned(
    type: DockerObjectType,
    labels: Record<string, string> = {},
    id = '',
  ): Promise<ContainerInfo[]> {
    const label = [
      `${LABEL_RUNTIME_INSTANCE}=${this.instance}`,
      `${LABEL_DOCKER_TYPE}=${type}`,
      ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
    ];
    const filters: Record<string, string[]> = { label };
    if (id !== '') filters['id'] = [id];
    try {
      return await this.docker.listContainers({ all: true, filters });
    } catch (err) {
      throw translateDockerError(err, 'list containers');
    }
  }
}

/** Docker's time strings → CRI nanoseconds (0 for Docker's "never", 0001-01-01). */
export function dockerTimeToNanos(value: string | number | undefined): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'number') return BigInt(value) * 1_000_000_000n;
  const match = /^(.*T\d\d:\d\d:\d\d)(\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(value);
  if (!match) return 0n;
  const seconds = Date.parse(`${match[1]}${match[4]}`);
  if (!Number.isFinite(seconds) || seconds <= 0) return 0n;
  const fraction = (match[3] ?? '').padEnd(9, '0').slice(0, 9);
  return BigInt(seconds) * 1_000_000n + BigInt(fraction);
}
