import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface RootLoggerOptions {
  /** The app name, bound to every line as `app`. */
  app: string;
  /** pino level; defaults to LOG_LEVEL from the environment, else `info`. */
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to capture lines. */
  destination?: pino.DestinationStream;
}

/**
 * Makes the one root logger of an app. Components get `log.child({ component: 'pod-worker' })`:
 * info for lifecycle, debug per object, trace per request or iteration.
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
    base: { app: options.app },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that drops everything: the default where a logger is optional. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
