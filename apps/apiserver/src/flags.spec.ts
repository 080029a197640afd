import { levelOf, parseCidr, parseDuration, parseEtcdServers } from './flags';

describe('flag values', () => {
  it('reads Go-style durations', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('0')).toBe(0);
    for (const bad of ['', '5', 'm', '5x', '5m junk', '-1s'])
      expect(() => parseDuration(bad)).toThrow(/not a duration/);
  });

  it('reads etcd URLs, adding http:// to host:port', () => {
    expect(parseEtcdServers('http://127.0.0.1:2379, 10.0.0.2:2379')).toEqual([
      'http://127.0.0.1:2379',
      'http://10.0.0.2:2379',
    ]);
    expect(() => parseEtcdServers('http://127.0.0.1')).toThrow(/has no port/);
  });

  it('reads CIDRs of both families', () => {
    expect(parseCidr('10.0.0.0/16')).toBe('10.0.0.0/16');
    expect(parseCidr('fd00::/108')).toBe('fd00::/108');
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'x/8', '10.0.0.0/16/1'])
      expect(() => parseCidr(bad)).toThrow();
  });

  it('maps klog verbosity to pino levels', () => {
    expect([0, 1, 2, 3, 4, 9].map(levelOf)).toEqual(['info', 'info', 'debug', 'debug', 'trace', 'trace']);
  });
});
