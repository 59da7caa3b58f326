import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

/** Bolt's and the Web API client's logging, sent to our logger (so it is JSON and censored like the rest). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts) => log.debug({ source: 'bolt' }, text(parts)),
    info: (...parts) => log.info({ source: 'bolt' }, text(parts)),
    warn: (...parts) => log.warn({ source: 'bolt' }, text(parts)),
    error: (...parts) => log.error({ source: 'bolt' }, text(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
