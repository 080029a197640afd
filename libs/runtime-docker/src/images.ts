import { status } from '@grpc/grpc-js';
import type { ImageInfo, ImageInspectInfo } from 'dockerode';
import { CriStatusError, type FilesystemUsage, type Image } from '@groundkube/cri-api';
import type { DockerContext } from './docker-context';
import { dockerMessage, dockerStatusCode, invalidArgument, translateDockerError } from './docker-errors';

/**
 * `busybox` → `busybox:latest`; names with a tag or digest stay. Docker's pull of an untagged name would
 * fetch every tag, so the CRI's "no tag means latest" is made explicit here.
 */
export function withDefaultTag(ref: string): string {
  if (ref.includes('@')) return ref;
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? ref : `${ref}:latest`;
}

/** The reference kubelets show as imageID, as dockershim made it: by digest when known, else by id. */
export function pullableImageRef(image: Pick<ImageInspectInfo, 'Id' | 'RepoDigests'>): string {
  const digest = image.RepoDigests?.[0];
  return digest ? `docker-pullable://${digest}` : `docker://${image.Id}`;
}

function toCriImage(info: ImageInspectInfo): Image {
  // USER is `user[:group]`; the CRI reports the user part only, as a uid when numeric, else as a name.
  const user = (info.Config?.User ?? '').split(':')[0] ?? '';
  const numeric = /^(\d+)$/.exec(user);
  const image: Image = {
    id: info.Id,
    repoTags: info.RepoTags ?? [],
    repoDigests: info.RepoDigests ?? [],
    size: BigInt(Math.max(info.Size, 1)),
    username: numeric ? '' : user,
    spec: { image: info.Id, annotations: {}, userSpecifiedImage: '', runtimeHandler: '' },
    pinned: false,
    imageSource: '',
  };
  if (numeric) image.uid = { value: BigInt(numeric[1] ?? '0') };
  return image;
}

/** Images of the engine. Images are shared by all runtime instances (like a node's image store). */
export class ImageStore {
  constructor(private readonly ctx: DockerContext) {}

  /** Inspects an image by name, id or digest; undefined when absent. */
  async inspect(ref: string): Promise<ImageInspectInfo | undefined> {
    if (ref.trim() === '') throw invalidArgument('image reference is empty');
    const name = ref.startsWith('sha256:') ? ref : withDefaultTag(ref);
    try {
      return await this.ctx.docker.getImage(name).inspect();
    } catch (err) {
      if (dockerStatusCode(err) === 404) return undefined;
      throw translateDockerError(err, `inspect image ${ref}`);
    }
  }

  async status(ref: string): Promise<Image | undefined> {
    const info = await this.inspect(ref);
    return info ? toCriImage(info) : undefined;
  }

  async list(ref: string | undefined): Promise<Image[]> {
    if (ref) {
      const one = await this.status(ref);
      return one ? [one] : [];
    }
    let infos: ImageInfo[];
    try {
      infos = await this.ctx.docker.listImages();
    } catch (err) {
      throw translateDockerError(err, 'list images');
    }
    return infos.map((i) => ({
      id: i.Id,
      repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      repoDigests: (i.RepoDigests ?? []).filter((d) => !d.startsWith('<none>')),
      size: BigInt(Math.max(i.Size, 1)),
      username: '',
      spec: { image: i.Id, annotations: {}, userSpecifiedImage: '', runtimeHandler: '' },
      pinned: false,
      imageSource: '',
    }));
  }

  /**
   * Pulls through the engine (and so through its registry mirror). Resolves with the image id. Failures,
   * including those Docker reports inside the progress stream, reject with a gRPC status error that carries
   * Docker's message (NOT_FOUND when the registry has no such image, UNKNOWN otherwise).
   */
  async pull(ref: string, signal?: AbortSignal): Promise<string> {
    if (ref.trim() === '') throw invalidArgument('image reference is empty');
    const name = withDefaultTag(ref);
    this.ctx.log.debug({ image: name }, 'Pulling image');
    try {
      const stream = await this.ctx.docker.pull(name, signal ? { abortSignal: signal } : {});
      await new Promise<void>((resolve, reject) => {
        this.ctx.docker.modem.followProgress(stream, (err: Error | null, events: { error?: string }[]) => {
          const failed = events?.find((e) => e.error);
          if (err) reject(err);
          else if (failed) reject(new Error(failed.error));
          else resolve();
        });
      });
    } catch (err) {
      if (err instanceof CriStatusError) throw err;
      const code = dockerStatusCode(err) === 404 ? status.NOT_FOUND : status.UNKNOWN;
      throw new CriStatusError(code, `pull image ${name}: ${dockerMessage(err)}`, { cause: err });
    }
    const info = await this.inspect(name);
    if (!info) throw new CriStatusError(status.UNKNOWN, `pull image ${name}: image missing after the pull`);
    this.ctx.log.debug({ image: name, id: info.Id }, 'Image pulled');
    return info.Id;
  }

  /** Present already, or pulled now. */
  async ensurePresent(ref: string): Promise<ImageInspectInfo> {
    const info = await this.inspect(ref);
    if (info) return info;
    await this.pull(ref);
    const pulled = await this.inspect(ref);
    if (!pulled) throw new CriStatusError(status.NOT_FOUND, `image ${ref} not present after pull`);
    return pulled;
  }

  /** Idempotent; an image used by a container gives FAILED_PRECONDITION. */
  async remove(ref: string): Promise<void> {
    const info = await this.inspect(ref);
    if (!info) return;
    try {
      await this.ctx.docker.getImage(info.Id).remove({ force: false, noprune: false });
    } catch (err) {
      if (dockerStatusCode(err) === 404) return;
      throw translateDockerError(err, `remove image ${ref}`, status.FAILED_PRECONDITION);
    }
  }

  async fsInfo(now: bigint): Promise<FilesystemUsage[]> {
    let root = '/var/lib/docker';
    try {
      const info = (await this.ctx.docker.info()) as { DockerRootDir?: string };
      root = info.DockerRootDir ?? root;
    } catch (err) {
      throw translateDockerError(err, 'docker info');
    }
    const images = await this.list(undefined);
    const used = images.reduce((sum, i) => sum + i.size, 0n);
    return [
      { timestamp: now, fsId: { mountpoint: root }, usedBytes: { value: used }, inodesUsed: { value: 0n } },
    ];
  }
}
