import { ServiceCIDR, formatIPv4, parseIPv4, pickFreeIP } from './cluster-ip';

describe('ServiceCIDR', () => {
  it('normalises the network address and knows its size', () => {
    const range = new ServiceCIDR('10.0.3.7/16');
    expect(range.at(0)).toBe('10.0.0.0');
    expect(range.size).toBe(65536);
    expect(range.contains('10.0.255.254')).toBe(true);
    expect(range.contains('10.1.0.0')).toBe(false);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/24', 'x/24'])('rejects %p', (cidr) => {
    expect(() => new ServiceCIDR(cidr)).toThrow('invalid service cluster IP range');
  });

  it('round-trips addresses', () => {
    expect(formatIPv4(parseIPv4('192.168.10.200')!)).toBe('192.168.10.200');
    expect(parseIPv4('1.2.3')).toBeUndefined();
  });

  it('skips the network, .1 and broadcast addresses, and reports a full range', () => {
    const range = new ServiceCIDR('10.0.0.0/30');
    expect(pickFreeIP(range, new Set(), () => 0)).toBe('10.0.0.2');
    expect(pickFreeIP(range, new Set(['10.0.0.2']), () => 0)).toBeUndefined();
    const wider = new ServiceCIDR('10.0.0.0/29');
    expect(pickFreeIP(wider, new Set(['10.0.0.2', '10.0.0.3']), () => 0)).toBe('10.0.0.4');
  });
});
