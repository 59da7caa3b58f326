import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import type { TConnectorOptions } from '../../src/connectors/connectors.js';
import type { TLedgerEntry } from '../../src/core/ledger-entry.js';
import { silentLogger } from '../../src/core/logger.js';
import type { LocalSession } from '../../src/platforms/local/session.js';
import { localSession, startRuntime, type TRuntime } from '../../src/runtime.js';
import { freshDatabaseUrl, type TDatabaseKind } from './databases.js';

export const BOT_START = new Date('2026-11-23T09:00:00Z');

export type TLocalBot = {
  runtime: TRuntime;
  /** The bot's HTTP address (webhooks, /metrics); empty when it was started without HTTP. */
  url: string;
  lines: string[];
  /** A line typed by `user` in #general (or a command); returns what the local chat printed for it. */
  say(user: string, line: string): Promise<string>;
  /** The ledger, oldest first. */
  entries(): Promise<TLedgerEntry[]>;
  close(): Promise<void>;
};

/**
 * The whole bot as `npm start` runs it (startRuntime over HTTP on a loopback port), with the local chat for people
 * and a clock that moves only when a test says (`/wait`; `frozenClock: false` lets it run with the wall clock
 * between waits). Alice is the admin.
 */
export async function startLocalBot(
  env: Record<string, string>,
  options: {
    kind?: TDatabaseKind;
    connectors?: TConnectorOptions;
    http?: boolean;
    frozenClock?: boolean;
    /** A database an earlier bot used (a restart): it is left for the caller to drop. */
    database?: { url: string };
  } = {},
): Promise<TLocalBot> {
  const db = options.database
    ? { url: options.database.url, drop: async () => undefined }
    : await freshDatabaseUrl(options.kind ?? 'sqlite');
  const lines: string[] = [];
  const config = loadConfig({
    DATABASE_URL: db.url,
    TEAMMATE_TIMEZONE: 'UTC',
    TEAMMATE_ADMINS: 'alice',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  });
  const runtime = await startRuntime({
    config,
    log: silentLogger,
    version: 'test',
    local: { write: (line) => lines.push(line) },
    startAt: BOT_START,
    frozenClock: options.frozenClock ?? true,
    http: options.http ?? true,
    heartbeat: false,
    ...(options.connectors ? { connectors: options.connectors } : {}),
  });
  const sessions = new Map<string, LocalSession>();
  const address = runtime.server?.address() as AddressInfo | null | undefined;
  return {
    runtime,
    url: address?.port ? `http://127.0.0.1:${address.port}` : '',
    lines,
    async say(user, line) {
      const session = sessions.get(user) ?? localSession(runtime, { user });
      sessions.set(user, session);
      const from = lines.length;
      await session.handle(line);
      return lines.slice(from).join('\n');
    },
    entries: () => runtime.deps.stores.ledger.recent({ limit: 100 }).then((e) => e.reverse()),
    async close() {
      await runtime.close();
      await db.drop();
    },
  };
}
