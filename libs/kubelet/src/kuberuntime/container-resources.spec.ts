import { ContainerConfigError } from './container-config-error';
import {
  makeContainerResources,
  milliCpuToQuota,
  milliCpuToShares,
  QUOTA_PERIOD,
  scaledQuantity,
} from './container-resources';

describe('container resources', () => {
  it.each([
    [0n, 2n],
    [1n, 2n],
    [100n, 102n],
    [250n, 256n],
    [1000n, 1024n],
    [1_000_000n, 262144n],
  ])('gives %i millicores %i cpu shares', (milli, shares) => {
    expect(milliCpuToShares(milli)).toBe(shares);
  });

  it.each([
    [0n, 0n],
    [1n, 1000n],
    [10n, 1000n],
    [500n, 50000n],
    [2000n, 200000n],
  ])('gives a %i millicore limit a quota of %i per 100ms', (milli, quota) => {
    expect(milliCpuToQuota(milli, QUOTA_PERIOD)).toBe(quota);
  });

  it.each([
    ['500m', 1000n, 500n],
    ['0.5', 1000n, 500n],
    ['1', 1000n, 1000n],
    ['1.5', 1000n, 1500n],
    ['0.0001', 1000n, 1n],
    ['100n', 1000n, 1n],
    ['20Mi', 1n, 20971520n],
    ['1Gi', 1n, 1073741824n],
    ['128M', 1n, 128000000n],
    ['1e3', 1n, 1000n],
    ['1.5Ki', 1n, 1536n],
  ])('reads %s × %i as %i', (text, scale, value) => {
    expect(scaledQuantity(text, scale, 'f')).toBe(value);
  });

  it('refuses text that is not a quantity', () => {
    expect(() => scaledQuantity('lots', 1n, 'resources.limits.memory')).toThrow(ContainerConfigError);
  });

  it('maps requests and limits as the kubelet does', () => {
    const both = makeContainerResources({
      name: 'a',
      resources: { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '20Mi' } },
    });
    expect(both).toMatchObject({
      cpuShares: 256n,
      cpuQuota: 50000n,
      cpuPeriod: 100000n,
      memoryLimitInBytes: 20971520n,
      memorySwapLimitInBytes: 20971520n,
    });
    // Only a limit: the request defaults to it.
    expect(makeContainerResources({ name: 'a', resources: { limits: { cpu: '2' } } }).cpuShares).toBe(2048n);
    // Nothing: minimal shares, no quota, no memory limit.
    expect(makeContainerResources({ name: 'a' })).toMatchObject({
      cpuShares: 2n,
      cpuQuota: 0n,
      memoryLimitInBytes: 0n,
    });
  });
});
