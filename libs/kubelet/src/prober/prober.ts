// Runs one probe of one container: picks the handler (exec, httpGet, tcpSocket), resolves its target from the
// pod status and the container spec, and records the Unhealthy events users read in `kubectl describe`.

import type { Container, Pod, PodStatus, Probe } from '@groundkube/api';
import { silentLogger, type Logger } from '@groundkube/logging';

import type { ContainerCommandRunner } from '../pod-runtime';
import { execProbe } from './exec-probe';
import { httpProbe } from './http-probe';
import { ProbeError, type ProbeOutcome } from './probe-outcome';
import type { ProbeVerdict } from './results-manager';
import { tcpProbe } from './tcp-probe';

/** The probe kinds, spelled as the kubelet's events spell them. */
export type ProbeType = 'Liveness' | 'Readiness' | 'Startup';

/** Records a Warning event about one container of a pod. */
export type ContainerEventSink = (pod: Pod, container: string, reason: string, message: string) => void;

export interface ProberOptions {
  runner: ContainerCommandRunner;
  events: ContainerEventSink;
  /** User-Agent of HTTP probes; default "kube-probe/1.32". */
  userAgent?: string | undefined;
  logger?: Logger | undefined;
}

export function probeOf(container: Container, type: ProbeType): Probe | undefined {
  switch (type) {
    case 'Liveness':
      return container.livenessProbe;
    case 'Readiness':
      return container.readinessProbe;
    case 'Startup':
      return container.startupProbe;
  }
}

export class Prober {
  private readonly log: Logger;

  constructor(private readonly options: ProberOptions) {
    this.log = (options.logger ?? silentLogger()).child({ component: 'prober' });
  }

  /**
   * Probes the container instance once. A failure records `Unhealthy` ("Liveness probe failed: <output>")
   * and is a Failure; a probe that cannot run at all records "… probe errored …" and rejects with a
   * ProbeError, which the worker discards rather than count. Rejects with the signal's reason on abort.
   */
  async probe(
    type: ProbeType,
    pod: Pod,
    status: PodStatus,
    container: Container,
    containerID: string,
    signal?: AbortSignal,
  ): Promise<ProbeVerdict> {
    const spec = probeOf(container, type);
    if (spec === undefined) return 'Success';
    const fields = { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, container: container.name, type };
    let outcome: ProbeOutcome;
    try {
      outcome = await this.run(spec, status, container, containerID, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      const message = err instanceof Error ? err.message : String(err);
      this.log.debug({ ...fields, err: message }, 'Probe errored');
      this.options.events(
        pod,
        container.name,
        'Unhealthy',
        `${type} probe errored and resulted in unknown state: ${message}`,
      );
      throw err instanceof ProbeError ? err : new ProbeError('PROBE_RUNTIME', message, { cause: err });
    }
    if (outcome.result === 'failure') {
      this.log.debug({ ...fields, output: outcome.output }, 'Probe failed');
      this.options.events(pod, container.name, 'Unhealthy', `${type} probe failed: ${outcome.output}`);
      return 'Failure';
    }
    if (outcome.result === 'warning') {
      this.options.events(pod, container.name, 'ProbeWarning', `${type} probe warning: ${outcome.output}`);
    }
    return 'Success';
  }

  private run(
    spec: Probe,
    status: PodStatus,
    container: Container,
    containerID: string,
    signal: AbortSignal | undefined,
  ): Promise<ProbeOutcome> {
    const timeoutSeconds = spec.timeoutSeconds || 1;
    if (spec.exec) {
      const command = expandCommand(spec.exec.command ?? [], container);
      const id = containerID.replace(/^[a-z0-9]+:\/\//, '');
      return execProbe(this.options.runner, id, command, timeoutSeconds, signal);
    }
    if (spec.httpGet) {
      const get = spec.httpGet;
      return httpProbe(
        {
          scheme: get.scheme ?? 'HTTP',
          host: get.host || podIP(status),
          port: resolvePort(get.port, container),
          path: get.path ?? '/',
          headers: get.httpHeaders ?? [],
          userAgent: this.options.userAgent ?? 'kube-probe/1.32',
        },
        timeoutSeconds * 1000,
        signal,
      );
    }
    if (spec.tcpSocket) {
      const port = resolvePort(spec.tcpSocket.port, container);
      return tcpProbe(spec.tcpSocket.host || podIP(status), port, timeoutSeconds * 1000, signal);
    }
    if (spec.grpc) {
      return Promise.reject(
        new ProbeError('PROBE_UNSUPPORTED', 'gRPC probes are not supported by this kubelet'),
      );
    }
    return Promise.reject(new ProbeError('PROBE_NO_HANDLER', `missing probe handler for ${container.name}`));
  }
}

function podIP(status: PodStatus): string {
  if (!status.podIP) throw new ProbeError('PROBE_RUNTIME', 'pod has no IP address yet');
  return status.podIP;
}

/** A port by number, or by the name of one of the container's ports. */
export function resolvePort(port: number | string, container: Container): number {
  let value: number | undefined;
  if (typeof port === 'number') value = port;
  else {
    value = container.ports?.find((p) => p.name === port)?.containerPort;
    if (value === undefined)
      throw new ProbeError('PROBE_PORT_NOT_FOUND', `couldn't find port: ${port} in ${container.name}`);
  }
  if (!Number.isInteger(value) || value <= 0 || value >= 65536) {
    throw new ProbeError('PROBE_PORT_NOT_FOUND', `invalid port number: ${value}`);
  }
  return value;
}

/** Expands `$(NAME)` from the container's literal env values, as the kubelet does for probe commands. */
function expandCommand(command: string[], container: Container): string[] {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) if (e.value !== undefined) env.set(e.name, e.value);
  return command.map((arg) =>
    arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) =>
      match === '$$' ? '$' : (env.get(name ?? '') ?? match),
    ),
  );
}
