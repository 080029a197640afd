// env valueFrom.resourceFieldRef: a container's own (or a sibling's) requests and limits, as numbers.

import * as os from 'node:os';

import type { Container, Pod } from '@groundkube/api';

import { ContainerConfigError } from './container-config-error';
import { scaledQuantity } from './container-resources';

type ResourceFieldRef = { containerName?: string; resource: string; divisor?: string };

/** What a container may use when it sets no limit: the node's allocatable CPU (milli) and memory (bytes). */
export interface NodeAllocatable {
  cpuMilli: bigint;
  memoryBytes: bigint;
}

/** The host's CPUs and memory, which is what this kubelet reports as allocatable. */
export function hostAllocatable(): NodeAllocatable {
  return { cpuMilli: BigInt(os.cpus().length) * 1000n, memoryBytes: BigInt(os.totalmem()) };
}

/**
 * The value Kubernetes gives a resourceFieldRef: the resource divided by the divisor (default 1), rounded up.
 * An unset limit is the node's allocatable, as the kubelet fills it in; an unset request is its limit when
 * only that is set (the API server's defaulting), else 0.
 */
export function resourceFieldValue(
  pod: Pod,
  container: Container,
  ref: ResourceFieldRef,
  envName: string,
  allocatable: () => NodeAllocatable = hostAllocatable,
): string {
  const target = ref.containerName
    ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
        (c) => c.name === ref.containerName,
      )
    : container;
  if (target === undefined) {
    throw new ContainerConfigError(
      `env ${envName}: resourceFieldRef names no container "${ref.containerName}"`,
    );
  }
  const [kind, resource] = ref.resource.split('.', 2) as [string, string | undefined];
  if (
    (kind !== 'limits' && kind !== 'requests') ||
    (resource !== 'cpu' && resource !== 'memory' && resource !== 'ephemeral-storage')
  ) {
    throw new ContainerConfigError(`env ${envName}: unsupported resource: ${ref.resource}`);
  }
  const field = `env ${envName}`;
  const limits = target.resources?.limits ?? {};
  const requests = target.resources?.requests ?? {};
  const quantity = kind === 'limits' ? limits[resource] : (requests[resource] ?? limits[resource]);
  const divisor = ref.divisor ?? '1';
  if (resource === 'cpu') {
    const milli =
      quantity !== undefined
        ? scaledQuantity(quantity, 1000n, field)
        : kind === 'limits'
          ? allocatable().cpuMilli
          : 0n;
    return ceilDiv(milli, positive(scaledQuantity(divisor, 1000n, field), envName)).toString();
  }
  const bytes =
    quantity !== undefined
      ? scaledQuantity(quantity, 1n, field)
      : kind === 'limits' && resource === 'memory'
        ? allocatable().memoryBytes
        : 0n;
  return ceilDiv(bytes, positive(scaledQuantity(divisor, 1n, field), envName)).toString();
}

function positive(divisor: bigint, envName: string): bigint {
  if (divisor <= 0n) throw new ContainerConfigError(`env ${envName}: divisor must be positive`);
  return divisor;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
