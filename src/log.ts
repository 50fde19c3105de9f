import { pino, type Logger } from 'pino';

export type { Logger };

/** Logs go to stderr so that stdout stays clean for command output such as `--json`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}
