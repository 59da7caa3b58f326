import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

// Any key that ends like a credential is censored wherever it appears in a record (slackBotToken, signingSecret,
// headers.authorization, apiKey, x-slack-signature …). Counting fields such as "tokens" or "promptTokens" are kept.
const SECRET_KEY = /(token|secret|password|passwd|authorization|api[-_]?key|signature|cookie)$/i;
const CENSORED = '[redacted]';

export function censor(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object' || value instanceof Error || value instanceof Date)
    return value;
  if (Array.isArray(value)) return value.map((item) => censor(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) && item !== undefined ? CENSORED : censor(item, depth + 1),
    ]),
  );
}

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
    formatters: { log: (record: Record<string, unknown>) => censor(record) as Record<string, unknown> },
    serializers: { err: pino.stdSerializers.err },
    base: { app: 'teammate' },
  };
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });
  if (options.format === 'pretty') {
    const destination = options.file ?? (options.stream === process.stderr ? 2 : 1);
    return pino(
      base,
      pino.transport({
        target: 'pino-pretty',
        options: { destination, colorize: !options.file, translateTime: 'SYS:HH:MM:ss' },
      }),
    );
  }
  const destination = options.file
    ? pino.destination({ dest: options.file, mkdir: true, sync: false })
    : (options.stream ?? pino.destination(1));
  return pino(base, destination);
}
