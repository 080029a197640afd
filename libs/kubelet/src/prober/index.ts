// Liveness, readiness and startup probes (the kubelet's prober package).
export * from './exec-probe';
export * from './http-probe';
export * from './probe-outcome';
export * from './prober';
export * from './prober-manager';
export * from './results-manager';
export * from './tcp-probe';
export * from './worker';
