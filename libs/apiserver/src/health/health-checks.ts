// /healthz, /livez and /readyz in Kubernetes' text format: a list of named checks, each `[+]name ok`
// or `[-]name failed: reason withheld`, and a last line saying whether the whole check passed.
// Without ?verbose a passing endpoint answers just `ok`; a failing one always lists its checks.

export interface HealthCheck {
  readonly name: string;
  /** Resolves true when healthy; must not throw (a throw counts as a failure). */
  check(signal: AbortSignal): Promise<boolean>;
}

export interface HealthReport {
  readonly code: 200 | 500 | 503;
  readonly body: string;
}

export interface HealthEndpoint {
  /** `healthz`, `livez`, `readyz`: names the endpoint in the last line. */
  readonly name: string;
  readonly checks: readonly HealthCheck[];
  /** Status code when a check fails: Kubernetes answers 500 for /healthz and /livez, 503 for /readyz. */
  readonly failureCode: 500 | 503;
}

/**
 * Runs the endpoint's checks (or, with `only`, the one named: /readyz/etcd) and renders the reply.
 * `exclude` names checks to skip (`?exclude=etcd`). Undefined when `only` names no check (404).
 */
export async function runHealthChecks(
  endpoint: HealthEndpoint,
  options: { verbose: boolean; only?: string; exclude?: readonly string[]; signal: AbortSignal },
): Promise<HealthReport | undefined> {
  const excluded = new Set(options.exclude ?? []);
  let checks = endpoint.checks.filter((c) => !excluded.has(c.name));
  if (options.only !== undefined) {
    checks = endpoint.checks.filter((c) => c.name === options.only);
    if (checks.length === 0) return undefined;
  }
  const results = await Promise.all(
    checks.map(async (c) => ({ name: c.name, ok: await c.check(options.signal).catch(() => false) })),
  );
  const failed = results.some((r) => !r.ok);
  if (options.only !== undefined) {
    const result = results[0]!;
    return result.ok
      ? { code: 200, body: 'ok' }
      : { code: endpoint.failureCode, body: `internal server error: ${result.name} check failed\n` };
  }
  if (!failed && !options.verbose) return { code: 200, body: 'ok' };
  const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: reason withheld`));
  for (const name of excluded) lines.push(`[+]${name} excluded: ok`);
  lines.push(`${endpoint.name} check ${failed ? 'failed' : 'passed'}`);
  return { code: failed ? endpoint.failureCode : 200, body: `${lines.join('\n')}\n` };
}
