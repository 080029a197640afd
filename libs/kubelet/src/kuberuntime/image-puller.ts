import type { Container, Pod } from '@groundkube/api';
import type { Clock } from '@groundkube/client';
import type { ImageService } from '@groundkube/cri-api';
import type { Logger } from '@groundkube/logging';
import type { BackOff } from './back-off';
import type { SyncResult } from './sync-result';

export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Kubernetes' default: Always for `:latest` or an untagged image, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): ImagePullPolicy {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

export interface ImagePullerOptions {
  images: ImageService;
  clock: Clock;
  logger: Logger;
}

/**
 * Makes a container's image present per its imagePullPolicy, recording the kubelet's events (Pulling,
 * Pulled, Failed, BackOff) and, on failure, the waiting reason (ErrImagePull, ImagePullBackOff,
 * ErrImageNeverPull, InvalidImageName). Failed pulls back off per pod and image.
 */
export class ImagePuller {
  private readonly images: ImageService;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor(options: ImagePullerOptions) {
    this.images = options.images;
    this.clock = options.clock;
    this.log = options.logger;
  }

  /** Resolves with the image reference to create the container from, or undefined after recording a failure. */
  async ensureImage(
    pod: Pod,
    container: Container,
    result: SyncResult,
    backOff: BackOff,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const image = container.image ?? '';
    const name = container.name;
    if (image.trim() === '') {
      result.event('Warning', 'Failed', `Error: InvalidImageName`, name);
      result.fail({
        action: 'PullImage',
        container: name,
        reason: 'InvalidImageName',
        message: `container ${name} has no image`,
      });
      return undefined;
    }
    const policy = container.imagePullPolicy ?? defaultPullPolicy(image);
    const present = await this.images.imageStatus({ image: { image } }, signal ? { signal } : {});
    if (present.image && policy !== 'Always') {
      result.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, name);
      return present.image.id;
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      result.event('Warning', 'ErrImageNeverPull', message, name);
      result.fail({ action: 'PullImage', container: name, reason: 'ErrImageNeverPull', message });
      return undefined;
    }

    const key = `${pod.metadata.uid ?? ''}/pull/${image}`;
    const now = new Date(this.clock.now());
    const lastFailure = backOff.lastUpdate(key);
    const remainingMs = lastFailure === undefined ? 0 : backOff.remaining(key, lastFailure);
    if (remainingMs > 0) {
      const message = `Back-off pulling image "${image}"`;
      result.holdBack(remainingMs);
      result.event('Normal', 'BackOff', message, name);
      result.fail({ action: 'PullImage', container: name, reason: 'ImagePullBackOff', message });
      return undefined;
    }

    result.event('Normal', 'Pulling', `Pulling image "${image}"`, name);
    const started = this.clock.now();
    try {
      const pulled = await this.images.pullImage({ image: { image } }, signal ? { signal } : {});
      backOff.reset(key);
      const seconds = ((this.clock.now() - started) / 1000).toFixed(3);
      const size = (await this.images.imageStatus({ image: { image } }, signal ? { signal } : {})).image
        ?.size;
      const sizeText = size === undefined ? '' : ` Image size: ${size} bytes.`;
      result.event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${seconds}s (${seconds}s including waiting).${sizeText}`,
        name,
      );
      return pulled.imageRef || image;
    } catch (err) {
      if (signal?.aborted) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      this.log.debug(
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, image, err: detail },
        'Image pull failed',
      );
      backOff.next(key, now);
      result.event('Warning', 'Failed', `Failed to pull image "${image}": ${detail}`, name);
      result.event('Warning', 'Failed', 'Error: ErrImagePull', name);
      result.fail({
        action: 'PullImage',
        container: name,
        reason: 'ErrImagePull',
        message: `failed to pull image "${image}": ${detail}`,
      });
      return undefined;
    }
  }
}
