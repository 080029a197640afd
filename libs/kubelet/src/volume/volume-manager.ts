import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { Container, Pod } from '@groundkube/api';
import type { Logger } from '@groundkube/logging';
import { VolumeError } from './volume-error';

export const DEFAULT_ROOT_DIR = '/var/lib/kubelet';
const EMPTY_DIR_PLUGIN = 'kubernetes.io~empty-dir';

export interface VolumeManagerOptions {
  /** The kubelet's root directory; pods live under `<rootDir>/pods/<uid>`. Default /var/lib/kubelet. */
  rootDir?: string;
  logger: Logger;
}

/** A volume of a pod, ready to be bind-mounted: its directory on the host. */
export interface PodVolume {
  name: string;
  kind: 'emptyDir' | 'hostPath';
  hostPath: string;
}

/** A bind mount for one container (what the CRI Mount carries). */
export interface ContainerMount {
  hostPath: string;
  containerPath: string;
  readonly: boolean;
}

/**
 * Pod volumes on the node. emptyDir volumes are directories under
 * `<rootDir>/pods/<uid>/volumes/kubernetes.io~empty-dir/<name>`, made before the pod's containers start
 * and removed with the pod; hostPath volumes are passed through. Other sources (configMap, secret, …) are
 * refused with VOLUME_UNSUPPORTED. TODO(#4): configMap/secret/projected volumes.
 */
export class VolumeManager {
  readonly rootDir: string;
  private readonly log: Logger;

  constructor(options: VolumeManagerOptions) {
    this.rootDir = options.rootDir ?? DEFAULT_ROOT_DIR;
    this.log = options.logger;
  }

  podDir(uid: string): string {
    return join(this.rootDir, 'pods', safeSegment(uid, 'pod uid'));
  }

  emptyDirPath(uid: string, volume: string): string {
    return join(this.podDir(uid), 'volumes', EMPTY_DIR_PLUGIN, safeSegment(volume, 'volume name'));
  }

  /**
   * Makes every volume of the pod exist on the host (idempotent: existing emptyDirs keep their content, so
   * a restarted container sees what its predecessor wrote). Rejects with VolumeError for the first bad volume.
   */
  async setUpPodVolumes(pod: Pod, signal?: AbortSignal): Promise<Map<string, PodVolume>> {
    const uid = pod.metadata.uid ?? '';
    const volumes = new Map<string, PodVolume>();
    for (const volume of pod.spec?.volumes ?? []) {
      signal?.throwIfAborted();
      if (volume.emptyDir) {
        const hostPath = this.emptyDirPath(uid, volume.name);
        try {
          await mkdir(hostPath, { recursive: true, mode: 0o777 });
        } catch (err) {
          throw new VolumeError(
            'VOLUME_SETUP_FAILED',
            volume.name,
            `emptyDir ${volume.name}: ${String(err)}`,
            { cause: err },
          );
        }
        volumes.set(volume.name, { name: volume.name, kind: 'emptyDir', hostPath });
      } else if (volume.hostPath) {
        await this.setUpHostPath(volume.name, volume.hostPath.path, volume.hostPath.type ?? '');
        volumes.set(volume.name, { name: volume.name, kind: 'hostPath', hostPath: volume.hostPath.path });
      } else {
        const source = Object.keys(volume).find((key) => key !== 'name') ?? 'this';
        throw new VolumeError(
          'VOLUME_UNSUPPORTED',
          volume.name,
          `${source} volumes are not supported by this kubelet (only emptyDir and hostPath)`,
        );
      }
    }
    this.log.debug({ podUID: uid, volumes: volumes.size }, 'Pod volumes set up');
    return volumes;
  }

  /**
   * The bind mounts of one container from its volumeMounts. subPath mounts get their sub-directory made
   * inside the volume. Rejects with VOLUME_NOT_FOUND for a mount naming no volume of the pod.
   */
  async containerMounts(container: Container, volumes: Map<string, PodVolume>): Promise<ContainerMount[]> {
    const mounts: ContainerMount[] = [];
    for (const vm of container.volumeMounts ?? []) {
      const volume = volumes.get(vm.name);
      if (!volume) {
        throw new VolumeError(
          'VOLUME_NOT_FOUND',
          vm.name,
          `container ${container.name}: volumeMount ${vm.name} names no volume of the pod`,
        );
      }
      let hostPath = volume.hostPath;
      if (vm.subPath) {
        const sub = normalize(vm.subPath);
        if (isAbsolute(sub) || sub.startsWith('..')) {
          throw new VolumeError(
            'VOLUME_INVALID_PATH',
            vm.name,
            `subPath ${vm.subPath} must be a relative path inside the volume`,
          );
        }
        hostPath = join(hostPath, sub);
        await mkdir(hostPath, { recursive: true, mode: 0o777 });
      }
      mounts.push({ hostPath, containerPath: vm.mountPath, readonly: vm.readOnly ?? false });
    }
    return mounts;
  }

  /** Removes everything the pod had on the node (its emptyDirs included). Idempotent. */
  async tearDownPod(uid: string): Promise<void> {
    await rm(this.podDir(uid), { recursive: true, force: true });
    this.log.debug({ podUID: uid }, 'Pod directory removed');
  }

  /** The uids that have a pod directory, for removing the leftovers of pods that no longer exist. */
  async listPodUids(): Promise<string[]> {
    try {
      return await readdir(join(this.rootDir, 'pods'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private async setUpHostPath(name: string, path: string, type: string): Promise<void> {
    if (!isAbsolute(path))
      throw new VolumeError('VOLUME_INVALID_PATH', name, `hostPath ${path} must be absolute`);
    if (type === 'DirectoryOrCreate') {
      await mkdir(path, { recursive: true, mode: 0o755 });
      return;
    }
    if (type === '' || type === 'FileOrCreate') return;
    const info = await stat(path).catch(() => undefined);
    const ok =
      info !== undefined &&
      (type === 'Directory'
        ? info.isDirectory()
        : type === 'File'
          ? info.isFile()
          : type === 'Socket'
            ? info.isSocket()
            : true);
    if (!ok)
      throw new VolumeError('VOLUME_NOT_FOUND', name, `hostPath type check failed: ${path} is not a ${type}`);
  }
}

function safeSegment(value: string, what: string): string {
  if (value === '' || value.includes('/') || value === '.' || value === '..') {
    throw new VolumeError('VOLUME_INVALID_PATH', value, `invalid ${what}: ${JSON.stringify(value)}`);
  }
  return value;
}
