// A container's resources (requests.cpu, limits.cpu, limits.memory) → the CRI's LinuxContainerResources, with
// the real kubelet's arithmetic (kuberuntime_container_linux.go calculateLinuxResources, cm MilliCPUToShares,
// milliCPUToQuota).

import type { Container, Quantity } from '@groundkube/api';
import type { LinuxContainerResources } from '@groundkube/cri-api';
import { ContainerConfigError } from './container-config-error';

/** cgroup v1 cpu.shares bounds and the shares one whole CPU is worth. */
export const MIN_SHARES = 2n;
export const MAX_SHARES = 262144n;
const SHARES_PER_CPU = 1024n;
/** The CFS period the kubelet uses (100 ms, in microseconds), and the smallest quota it sets. */
export const QUOTA_PERIOD = 100000n;
const MIN_QUOTA_PERIOD = 1000n;

/** cpu.shares for a CPU request in millicores: 1024 per CPU, never below 2 (also for no request) nor above 262144. */
export function milliCpuToShares(milliCpu: bigint): bigint {
  if (milliCpu === 0n) return MIN_SHARES;
  const shares = (milliCpu * SHARES_PER_CPU) / 1000n;
  if (shares < MIN_SHARES) return MIN_SHARES;
  return shares > MAX_SHARES ? MAX_SHARES : shares;
}

/** The CFS quota for a CPU limit in millicores over `period` µs; 0 (no limit) for no limit, else at least 1000. */
export function milliCpuToQuota(milliCpu: bigint, period: bigint): bigint {
  if (milliCpu === 0n) return 0n;
  const quota = (milliCpu * period) / 1000n;
  return quota < MIN_QUOTA_PERIOD ? MIN_QUOTA_PERIOD : quota;
}

const QUANTITY =
  /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

const BINARY_SUFFIX: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL_SUFFIX: Record<string, bigint> = {
  n: -9n,
  u: -6n,
  m: -3n,
  '': 0n,
  k: 3n,
  M: 6n,
  G: 9n,
  T: 12n,
  P: 15n,
  E: 18n,
};

/**
 * `quantity × scale`, rounded up to a whole number, exactly (no floating point): apimachinery's Value() for
 * scale 1 and MilliValue() for scale 1000. Throws ContainerConfigError for text that is not a quantity.
 */
export function scaledQuantity(quantity: Quantity, scale: bigint, field: string): bigint {
  const match = QUANTITY.exec(quantity.trim());
  if (!match) throw new ContainerConfigError(`${field}: ${JSON.stringify(quantity)} is not a quantity`);
  const [, sign, number = '', exponent, suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0') * scale;
  let denominator = 10n ** BigInt(fraction.length);
  const power10 = exponent !== undefined ? BigInt(exponent) : (DECIMAL_SUFFIX[suffix] ?? 0n);
  if (power10 >= 0n) numerator *= 10n ** power10;
  else denominator *= 10n ** -power10;
  const binary = BINARY_SUFFIX[suffix];
  if (binary !== undefined) numerator *= 1024n ** binary;
  const rounded = (numerator + denominator - 1n) / denominator;
  return sign === '-' ? -rounded : rounded;
}

/**
 * The container's Linux resources: cpu shares from requests.cpu (limits.cpu when only that is set), the
 * CFS quota from limits.cpu over a 100 ms period, and the memory limit from limits.memory (0: none).
 */
export function makeContainerResources(container: Container): LinuxContainerResources {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const milli = (q: Quantity | undefined, field: string): bigint =>
    q === undefined ? 0n : scaledQuantity(q, 1000n, field);
  const cpuRequest = milli(requests['cpu'], 'resources.requests.cpu');
  const cpuLimit = milli(limits['cpu'], 'resources.limits.cpu');
  const memoryLimit =
    limits['memory'] === undefined ? 0n : scaledQuantity(limits['memory'], 1n, 'resources.limits.memory');
  return {
    cpuPeriod: QUOTA_PERIOD,
    cpuQuota: milliCpuToQuota(cpuLimit, QUOTA_PERIOD),
    cpuShares: milliCpuToShares(cpuRequest === 0n && cpuLimit !== 0n ? cpuLimit : cpuRequest),
    memoryLimitInBytes: memoryLimit,
    // TODO(#4): oom_score_adj by QoS class needs the node's memory capacity, and a negative value needs
    // CAP_SYS_RESOURCE, which this machine's engine lacks.
    oomScoreAdj: 0n,
    cpusetCpus: '',
    cpusetMems: '',
    unified: {},
    // The kubelet's default swap behaviour (NoSwap): on cgroup v1, memory+swap is capped at the memory limit.
    memorySwapLimitInBytes: memoryLimit,
  };
}
