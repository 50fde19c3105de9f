import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { escapeUnsafe } from './errors.js';

export type { Logger };

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Readable lines for a person at a terminal; JSON, one object a line, when the logs go to a file or a pipe. */
export function defaultLogFormat(): LogFormat {
  return process.stderr.isTTY ? 'pretty' : 'json';
}

/**
 * Logs go to stderr so that stdout stays clean for command output such as `--json`. Both formats write each line
 * synchronously, so none is lost when the process exits.
 */
export function createLogger(level: string, format: LogFormat = defaultLogFormat()): Logger {
  const options = { level, base: { pid: process.pid } };
  return format === 'json' ? pino(options, pino.destination(2)) : pino(options, prettyStream());
}

/** pino-pretty's lines on stderr, written as they come. */
function prettyStream(): DestinationStream {
  const format = prettyFactory({
    colorize: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    // url and docs: the lines that carry them (lfp start's first) say them in their message already.
    ignore: 'pid,hostname,url,docs',
  });
  const out = pino.destination({ dest: 2, sync: true });
  return { write: (line: string) => out.write(format(terminalSafe(JSON.parse(line)))) };
}

/**
 * Every string of a log object with what a terminal would act on (escape sequences, C1 controls, bidi overrides)
 * written as `\uXXXX`: messages and errors can carry text from files and requests. Line breaks stay (stack traces).
 */
function terminalSafe(value: unknown): unknown {
  if (typeof value === 'string') return value.split('\n').map(escapeUnsafe).join('\n');
  if (Array.isArray(value)) return value.map(terminalSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, terminalSafe(item)]));
  }
  return value;
}
