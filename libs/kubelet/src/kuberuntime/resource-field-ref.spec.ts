import type { Container, Pod } from '@groundkube/api';

import { ContainerConfigError } from './container-config-error';
import { resourceFieldValue } from './resource-field-ref';

const app: Container = {
  name: 'app',
  image: 'busybox',
  resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1500m', memory: '128Mi' } },
};
const bare: Container = { name: 'bare', image: 'busybox' };
const onlyLimits: Container = { name: 'limited', image: 'busybox', resources: { limits: { memory: '1Gi' } } };
const pod: Pod = {
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [app, bare, onlyLimits] },
};
const node = () => ({ cpuMilli: 2000n, memoryBytes: 8n * 1024n ** 3n });

const value = (container: Container, resource: string, divisor?: string, containerName?: string): string =>
  resourceFieldValue(
    pod,
    container,
    { resource, ...(divisor ? { divisor } : {}), ...(containerName ? { containerName } : {}) },
    'X',
    node,
  );

describe('resourceFieldValue', () => {
  it.each([
    ['limits.memory', undefined, String(128 * 1024 * 1024)],
    ['limits.memory', '1Mi', '128'],
    ['requests.memory', '1Mi', '64'],
    // CPU in whole cores by default, rounded up; in millicores with divisor 1m.
    ['limits.cpu', undefined, '2'],
    ['limits.cpu', '1m', '1500'],
    ['requests.cpu', '1m', '250'],
    ['requests.cpu', undefined, '1'],
  ])('%s with divisor %s is %s', (resource, divisor, expected) => {
    expect(value(app, resource, divisor)).toBe(expected);
  });

  it('uses the node allocatable for an unset limit, and 0 (or the limit) for an unset request', () => {
    expect(value(bare, 'limits.cpu')).toBe('2');
    expect(value(bare, 'limits.memory', '1Gi')).toBe('8');
    expect(value(bare, 'requests.cpu', '1m')).toBe('0');
    expect(value(onlyLimits, 'requests.memory', '1Mi')).toBe('1024');
  });

  it('reads another container of the pod by name', () => {
    expect(value(bare, 'limits.memory', '1Mi', 'app')).toBe('128');
  });

  it.each([
    ['limits.gpu', undefined, undefined],
    ['limits.memory', '0', undefined],
    ['limits.memory', undefined, 'ghost'],
  ])('refuses %s (divisor %s, container %s) with a config error', (resource, divisor, containerName) => {
    expect(() => value(app, resource, divisor, containerName)).toThrow(ContainerConfigError);
  });
});
