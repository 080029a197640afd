/**
 * Thrown for a container whose config cannot be made (an unsupported env source, a runAsNonRoot container
 * that would run as root): the kubelet reports it as CreateContainerConfigError.
 */
export class ContainerConfigError extends Error {
  readonly code = 'CONTAINER_CONFIG_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}
