import { runHealthChecks, type HealthEndpoint } from './health-checks';

function endpoint(etcdUp: boolean): HealthEndpoint {
  return {
    name: 'readyz',
    failureCode: 503,
    checks: [
      { name: 'ping', check: async () => true },
      { name: 'etcd', check: async () => etcdUp },
      {
        name: 'shutdown',
        check: async () => {
          throw new Error('a throwing check counts as failed');
        },
      },
    ],
  };
}

const signal = new AbortController().signal;

describe('runHealthChecks', () => {
  it('answers ok, or the check list with ?verbose', async () => {
    const passing: HealthEndpoint = { ...endpoint(true), checks: endpoint(true).checks.slice(0, 2) };
    expect(await runHealthChecks(passing, { verbose: false, signal })).toEqual({ code: 200, body: 'ok' });
    expect(await runHealthChecks(passing, { verbose: true, signal })).toEqual({
      code: 200,
      body: '[+]ping ok\n[+]etcd ok\nreadyz check passed\n',
    });
  });

  it('lists the checks with the failing ones marked, with the failure code', async () => {
    expect(await runHealthChecks(endpoint(false), { verbose: false, signal })).toEqual({
      code: 503,
      body: '[+]ping ok\n[-]etcd failed: reason withheld\n[-]shutdown failed: reason withheld\nreadyz check failed\n',
    });
  });

  it('runs one named check, skips excluded ones, and knows no unknown check', async () => {
    expect(await runHealthChecks(endpoint(true), { verbose: false, only: 'etcd', signal })).toEqual({
      code: 200,
      body: 'ok',
    });
    expect((await runHealthChecks(endpoint(false), { verbose: false, only: 'etcd', signal }))?.code).toBe(
      503,
    );
    expect(await runHealthChecks(endpoint(true), { verbose: false, only: 'nope', signal })).toBeUndefined();
    expect(await runHealthChecks(endpoint(true), { verbose: true, exclude: ['shutdown'], signal })).toEqual({
      code: 200,
      body: '[+]ping ok\n[+]etcd ok\n[+]shutdown excluded: ok\nreadyz check passed\n',
    });
  });
});
