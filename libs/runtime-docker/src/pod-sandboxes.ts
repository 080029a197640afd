import type { ContainerCreateOptions, ContainerInspectInfo } from 'dockerode';
import {
  NamespaceMode,
  type PodSandbox,
  type PodSandboxConfig,
  type PodSandboxFilter,
  PodSandboxState,
  type PodSandboxStatus,
  Protocol,
} from '@groundkube/cri-api';
import { type DockerContext, dockerTimeToNanos } from './docker-context';
import { dockerStatusCode, invalidArgument, translateDockerError } from './docker-errors';
import {
  DOCKER_TYPE_SANDBOX,
  fromDockerLabels,
  LABEL_ATTEMPT,
  LABEL_DOCKER_TYPE,
  LABEL_LOG_DIRECTORY,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  LABEL_RUNTIME_INSTANCE,
  LABEL_SANDBOX_ID,
  sandboxName,
  toDockerLabels,
} from './docker-labels';
import type { ImageStore } from './images';

/** Seconds a sandbox's infra container gets to stop. The pause process exits on TERM at once. */
const SANDBOX_STOP_SECONDS = 10;

/**
 * Pod sandboxes: one infra container (the pause image) per sandbox owns the network and IPC namespaces on
 * Docker's default bridge; its IP is the pod IP. App containers join it (see ContainerStore).
 */
export class SandboxStore {
  constructor(
    private readonly ctx: DockerContext,
    private readonly images: ImageStore,
    private readonly sandboxImage: string,
  ) {}

  async run(config: PodSandboxConfig | undefined): Promise<string> {
    const meta = config?.metadata;
    if (!config || !meta || !meta.name || !meta.uid || !meta.namespace) {
      throw invalidArgument('sandbox config must have metadata with name, namespace and uid');
    }
    await this.images.ensurePresent(this.sandboxImage);
    const namespaces = config.linux?.securityContext?.namespaceOptions;
    const hostNetwork = namespaces?.network === NamespaceMode.NODE;
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostPort: string; HostIp?: string }[]> = {};
    for (const p of config.portMappings) {
      if (p.hostPort <= 0) continue;
      const key = `${p.containerPort}/${p.protocol === Protocol.UDP ? 'udp' : p.protocol === Protocol.SCTP ? 'sctp' : 'tcp'}`;
      exposed[key] = {};
      (bindings[key] ??= []).push(
        p.hostIp ? { HostPort: String(p.hostPort), HostIp: p.hostIp } : { HostPort: String(p.hostPort) },
      );
    }
    const internal = {
      [LABEL_DOCKER_TYPE]: DOCKER_TYPE_SANDBOX,
      [LABEL_RUNTIME_INSTANCE]: this.ctx.instance,
      [LABEL_POD_NAME]: meta.name,
      [LABEL_POD_NAMESPACE]: meta.namespace,
      [LABEL_POD_UID]: meta.uid,
      [LABEL_ATTEMPT]: String(meta.attempt),
      [LABEL_LOG_DIRECTORY]: config.logDirectory,
    };
    const create: ContainerCreateOptions = {
      name: sandboxName(meta),
      Image: this.sandboxImage,
      Labels: toDockerLabels(config.labels, config.annotations, internal),
      ExposedPorts: exposed,
      HostConfig: {
        NetworkMode: hostNetwork ? 'host' : 'bridge',
        // The pod's containers join the sandbox's IPC; when the pod asked for the node's, the sandbox holds it.
        IpcMode: namespaces?.ipc === NamespaceMode.NODE ? 'host' : 'shareable',
        ...(namespaces?.pid === NamespaceMode.NODE ? { PidMode: 'host' } : {}),
        PortBindings: bindings,
        RestartPolicy: { Name: 'no' },
        ...(config.dnsConfig
          ? {
              Dns: config.dnsConfig.servers,
              DnsSearch: config.dnsConfig.searches,
              DnsOptions: config.dnsConfig.options,
            }
          : {}),
      },
    };
    if (!hostNetwork && config.hostname) create.Hostname = config.hostname;
    let id: string;
    try {
      id = (await this.ctx.docker.createContainer(create)).id;
    } catch (err) {
      throw translateDockerError(err, `create pod sandbox ${create.name}`);
    }
    try {
      await this.ctx.docker.getContainer(id).start();
    } catch (err) {
      await this.ctx.docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
      throw translateDockerError(err, `start pod sandbox ${create.name}`);
    }
    this.ctx.log.debug({ sandboxId: id, name: create.name }, 'Pod sandbox running');
    return id;
  }

  /** Stops the sandbox's containers, then its infra container. Missing or stopped: fine. */
  async stop(id: string): Promise<void> {
    let info: ContainerInspectInfo;
    try {
      info = await this.ctx.inspectOwned(id, 'podsandbox');
    } catch (err) {
      if ((err as { code?: number }).code === 5) return; // NOT_FOUND: already gone
      throw err;
    }
    const members = await this.ctx.listOwned('container', { [LABEL_SANDBOX_ID]: info.Id });
    await Promise.all(
      members.filter((c) => c.State === 'running').map((c) => stopQuietly(this.ctx, c.Id, 0)),
    );
    await stopQuietly(this.ctx, info.Id, SANDBOX_STOP_SECONDS);
  }

  /** Removes the sandbox and every container in it, forcibly. Missing: fine. */
  async remove(id: string): Promise<void> {
    let info: ContainerInspectInfo;
    try {
      info = await this.ctx.inspectOwned(id, 'podsandbox');
    } catch (err) {
      if ((err as { code?: number }).code === 5) return;
      throw err;
    }
    const members = await this.ctx.listOwned('container', { [LABEL_SANDBOX_ID]: info.Id });
    for (const c of members) await removeQuietly(this.ctx, c.Id);
    await removeQuietly(this.ctx, info.Id);
    this.ctx.log.debug({ sandboxId: info.Id }, 'Pod sandbox removed');
  }

  async status(id: string): Promise<PodSandboxStatus> {
    const info = await this.ctx.inspectOwned(id, 'podsandbox');
    const labels = info.Config.Labels ?? {};
    const { labels: criLabels, annotations } = fromDockerLabels(labels);
    const ready = info.State.Running;
    const hostNetwork = info.HostConfig.NetworkMode === 'host';
    const ip = ready && !hostNetwork ? info.NetworkSettings.IPAddress || firstNetworkIp(info) : '';
    return {
      id: info.Id,
      metadata: metadataOf(labels),
      state: ready ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY,
      createdAt: dockerTimeToNanos(info.Created),
      network: { ip, additionalIps: [] },
      linux: {
        namespaces: {
          options: {
            network: hostNetwork ? NamespaceMode.NODE : NamespaceMode.POD,
            pid: info.HostConfig.PidMode === 'host' ? NamespaceMode.NODE : NamespaceMode.CONTAINER,
            ipc: info.HostConfig.IpcMode === 'host' ? NamespaceMode.NODE : NamespaceMode.POD,
            targetId: '',
          },
        },
      },
      labels: criLabels,
      annotations,
      runtimeHandler: '',
    };
  }

  async list(filter: PodSandboxFilter | undefined): Promise<PodSandbox[]> {
    const items = await this.ctx.listOwned('podsandbox', filter?.labelSelector ?? {}, filter?.id ?? '');
    const out: PodSandbox[] = [];
    for (const c of items) {
      const state = c.State === 'running' ? PodSandboxState.SANDBOX_READY : PodSandboxState.SANDBOX_NOTREADY;
      if (filter?.state && filter.state.state !== state) continue;
      const { labels, annotations } = fromDockerLabels(c.Labels);
      out.push({
        id: c.Id,
        metadata: metadataOf(c.Labels),
        state,
        createdAt: dockerTimeToNanos(c.Created),
        labels,
        annotations,
        runtimeHandler: '',
      });
    }
    return out;
  }
}

function metadataOf(labels: Record<string, string> | undefined): PodSandbox['metadata'] {
  return {
    name: labels?.[LABEL_POD_NAME] ?? '',
    namespace: labels?.[LABEL_POD_NAMESPACE] ?? '',
    uid: labels?.[LABEL_POD_UID] ?? '',
    attempt: Number(labels?.[LABEL_ATTEMPT] ?? 0) || 0,
  };
}

function firstNetworkIp(info: ContainerInspectInfo): string {
  for (const net of Object.values(info.NetworkSettings.Networks ?? {}))
    if (net.IPAddress) return net.IPAddress;
  return '';
}

export async function stopQuietly(ctx: DockerContext, id: string, seconds: number): Promise<void> {
  try {
    await ctx.docker.getContainer(id).stop({ t: seconds });
  } catch (err) {
    const code = dockerStatusCode(err);
    if (code === 304 || code === 404) return; // already stopped / gone
    throw translateDockerError(err, `stop ${id}`);
  }
}

export async function removeQuietly(ctx: DockerContext, id: string): Promise<void> {
  try {
    await ctx.docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    const code = dockerStatusCode(err);
    if (code === 404) return;
    // 409 "removal already in progress" is fine too: it is going away.
    if (code === 409 && /already in progress/.test(String((err as { message?: string }).message))) return;
    throw translateDockerError(err, `remove ${id}`);
  }
}
