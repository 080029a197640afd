import { formatEndpoints, type EndpointSlice } from './endpoint-slices';

// No server this project runs serves EndpointSlices, so the e2e suite only ever sees `<none>`; these cases
// pin the rest of kubectl 1.32's rules, read from its describer.
const slice = (
  ports: { name: string; port: number }[] | null,
  endpoints: { ip: string; ready?: boolean }[],
): EndpointSlice => ({
  metadata: { name: 's' },
  ports,
  endpoints: endpoints.map(({ ip, ready }) => ({
    addresses: [ip],
    ...(ready === undefined ? {} : { conditions: { ready } }),
  })),
});

describe('formatEndpoints', () => {
  it('is <none> without slices', () => {
    expect(formatEndpoints([], 'http')).toBe('<none>');
  });

  it("joins the ready addresses to the slice port of the service port's name", () => {
    const slices = [
      slice(
        [
          { name: 'http', port: 8080 },
          { name: 'metrics', port: 9090 },
        ],
        [{ ip: '10.1.0.1', ready: true }, { ip: '10.1.0.2' }, { ip: '10.1.0.3', ready: false }],
      ),
    ];
    expect(formatEndpoints(slices, 'http')).toBe('10.1.0.1:8080,10.1.0.2:8080');
    expect(formatEndpoints(slices, 'metrics')).toBe('10.1.0.1:9090,10.1.0.2:9090');
    expect(formatEndpoints(slices, 'other')).toBe('');
  });

  it('lists three, then counts the other ready ones', () => {
    const ips = ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4', '10.1.0.5'].map((ip) => ({ ip }));
    expect(formatEndpoints([slice([{ name: '', port: 80 }], ips)], '')).toBe(
      '10.1.0.1:80,10.1.0.2:80,10.1.0.3:80 + 2 more...',
    );
  });

  it('keeps kubectl\'s order of checks: a full list is "more" even when only unready endpoints follow', () => {
    const endpoints = [{ ip: 'a' }, { ip: 'b' }, { ip: 'c' }, { ip: 'd', ready: false }];
    expect(formatEndpoints([slice([{ name: '', port: 80 }], endpoints)], '')).toBe(
      'a:80,b:80,c:80 + 0 more...',
    );
  });

  it('lists bare addresses of a slice without ports, and brackets IPv6 hosts', () => {
    expect(formatEndpoints([slice(null, [{ ip: '10.1.0.1' }])], 'http')).toBe('10.1.0.1');
    expect(formatEndpoints([slice([{ name: '', port: 80 }], [{ ip: 'fd00::1' }])], '')).toBe('[fd00::1]:80');
  });
});
