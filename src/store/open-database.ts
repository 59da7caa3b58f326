import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, AppErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Stores } from '../core/store-ports.js';
import { prismaAddressStore } from './address-store.js';
import { prismaAgentStore } from './agent-store.js';
import { prismaCalendarStore } from './calendar-store.js';
import { createClient, type Db } from './client.js';
import { readConfiguration, type TConfigurationRows, writeConfiguration } from './configuration-copy.js';
import { parseDatabaseUrl, type TDatabase } from './database-url.js';
import { prismaDealStore } from './deal-store.js';
import { prismaDirectoryStore } from './directory-store.js';
import { prismaInboxStore } from './inbox-store.js';
import { prismaJobRunStore } from './job-run-store.js';
import { prismaLedgerStore } from './ledger-store.js';
import { prismaLlmUsageStore } from './llm-usage-store.js';
import { migrate } from './migrate.js';
import { prismaPeopleStore } from './people-store.js';
import { prismaPolicyStore } from './policy-store.js';
import { prismaReason } from './prisma-errors.js';
import { prismaQuestionStore } from './question-store.js';
import { prismaRoundupStore } from './roundup-store.js';
import { prismaScheduledMessageStore } from './scheduled-message-store.js';
import { prismaTaskStore } from './task-store.js';
import { prismaThreadStore } from './thread-store.js';

export type TOpenDatabase = {
  stores: Stores;
  /** Resolves when a trivial query succeeds (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** Migrates the database (creating the SQLite file if needed) and returns the repositories over it. */
export async function openDatabase(db: TDatabase, log: Logger): Promise<TOpenDatabase> {
  return over(await connect(db, log));
}

/**
 * A database for a rehearsal: a scratch SQLite file, removed on close, holding a copy of the team database's
 * configuration (readConfiguration) and none of its history, so a script plays the same way on every run and
 * leaves the team's ledger, approval rates and questions as they were.
 */
export async function openRehearsalDatabase(team: TDatabase, log: Logger): Promise<TOpenDatabase> {
  const source = await connect(team, log);
  let rows: TConfigurationRows;
  try {
    rows = await readConfiguration(source);
  } finally {
    await source.$disconnect();
  }
  const dir = mkdtempSync(join(tmpdir(), 'teammate-rehearsal-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  let client: Db | undefined;
  try {
    client = await connect(parseDatabaseUrl(`file:${join(dir, 'rehearsal.db')}`), log);
    await writeConfiguration(client, rows);
    const opened = over(client);
    return { ...opened, close: () => opened.close().finally(remove) };
  } catch (error) {
    await client?.$disconnect().catch(() => undefined);
    remove();
    throw error;
  }
}

async function connect(db: TDatabase, log: Logger): Promise<Db> {
  await migrate(db, log);
  const client = createClient(db);
  await client.$connect();
  // WAL (set by the migrator) with synchronous=NORMAL: a commit no longer waits for an fsync, which blocked the
  // event loop on every write; a process crash loses nothing committed, a power cut may lose the last moments.
  if (db.kind === 'sqlite') await client.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  return client;
}

function over(client: Db): TOpenDatabase {
  return {
    stores: {
      ledger: prismaLedgerStore(client),
      policy: prismaPolicyStore(client),
      directory: prismaDirectoryStore(client),
      questions: prismaQuestionStore(client),
      inbox: prismaInboxStore(client),
      calendar: prismaCalendarStore(client),
      tasks: prismaTaskStore(client),
      people: prismaPeopleStore(client),
      agents: prismaAgentStore(client),
      deals: prismaDealStore(client),
      threads: prismaThreadStore(client),
      jobs: prismaJobRunStore(client),
      roundups: prismaRoundupStore(client),
      llm: prismaLlmUsageStore(client),
      addresses: prismaAddressStore(client),
      scheduled: prismaScheduledMessageStore(client),
    },
    async ping() {
      try {
        await client.$queryRawUnsafe('SELECT 1');
      } catch (error) {
        throw new AppError(AppErrorCode.database, { message: prismaReason(error), cause: error });
      }
    },
    close: () => client.$disconnect(),
  };
}
