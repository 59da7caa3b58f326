import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

/** Keys that may hold secrets anywhere in a log record are replaced before the record is written. */
export const redactPaths = [
  'token',
  'password',
  'secret',
  'authorization',
  'apiKey',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.apiKey',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-slack-signature"]',
  '*.headers["x-teammate-signature"]',
  'config.*Token',
  'config.*Secret',
  'config.*Password',
];

export type TLogOptions = {
  level: string;
  /** Pretty (human) lines or JSON; pretty is the default when writing to a terminal. */
  format: 'json' | 'pretty';
  /** A file to append to instead of the stream (the interactive local chat keeps the terminal for the chat). */
  file?: string;
  stream?: NodeJS.WritableStream;
};

export function createLogger(options: TLogOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
    base: { app: 'teammate' },
  };
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });
  const destination = options.file
    ? pino.destination({ dest: options.file, mkdir: true, sync: false })
    : (options.stream ?? pino.destination(1));
  if (options.format === 'pretty') {
    return pino(
      base,
      pino.transport({
        target: 'pino-pretty',
        options: {
          destination: options.file ?? (options.stream === process.stderr ? 2 : 1),
          colorize: !options.file,
          translateTime: 'SYS:HH:MM:ss',
        },
      }),
    );
  }
  return pino(base, destination);
}
