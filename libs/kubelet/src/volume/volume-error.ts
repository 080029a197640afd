export type VolumeErrorCode =
  'VOLUME_UNSUPPORTED' | 'VOLUME_NOT_FOUND' | 'VOLUME_SETUP_FAILED' | 'VOLUME_INVALID_PATH';

/** A pod volume that could not be set up or mounted; `volume` names it in the pod spec. */
export class VolumeError extends Error {
  readonly code: VolumeErrorCode;
  readonly volume: string;

  constructor(code: VolumeErrorCode, volume: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VolumeError';
    this.code = code;
    this.volume = volume;
  }
}

/**
 * The message of the FailedMount event for a volume that could not be set up, shaped as the real kubelet's
 * volume manager writes it: `MountVolume.SetUp failed for volume "<name>" : <why>` (the space before the
 * colon is Kubernetes'). An error naming no volume gets the kubelet's summary form instead.
 */
export function mountFailedMessage(err: unknown): string {
  if (err instanceof VolumeError)
    return `MountVolume.SetUp failed for volume "${err.volume}" : ${err.message}`;
  return `Unable to attach or mount volumes: ${err instanceof Error ? err.message : String(err)}`;
}
