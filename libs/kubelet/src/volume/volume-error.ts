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
