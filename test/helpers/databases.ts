import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { silentLogger } from '../../src/core/logger.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { openDatabase, type TOpenDatabase } from '../../src/store/open-database.js';

export type TDatabaseKind = 'sqlite' | 'postgres';
export const databaseKinds: readonly TDatabaseKind[] = ['sqlite', 'postgres'];

/** The local PostgreSQL server every machine runs (trust auth); override with TEAMMATE_TEST_PG_URL. */
export const postgresAdminUrl = process.env.TEAMMATE_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

export type TTestDatabase = TOpenDatabase & { kind: TDatabaseKind; url: string; destroy(): Promise<void> };

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database URL of the given kind: a temp SQLite file, or a new PostgreSQL database. */
export async function freshDatabaseUrl(kind: TDatabaseKind): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'teammate-test-'));
    return { url: `file:${join(dir, 'teammate.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `teammate_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** A migrated database with the real Prisma repositories over it. */
export async function createTestDatabase(kind: TDatabaseKind): Promise<TTestDatabase> {
  const fresh = await freshDatabaseUrl(kind);
  const opened = await openDatabase(parseDatabaseUrl(fresh.url), silentLogger);
  return {
    ...opened,
    kind,
    url: fresh.url,
    async destroy() {
      await opened.close();
      await fresh.drop();
    },
  };
}

/** A second connection pool to the same database, as a second replica has. */
export async function secondConnection(db: TTestDatabase): Promise<TTestDatabase> {
  const opened = await openDatabase(parseDatabaseUrl(db.url), silentLogger);
  return { ...opened, kind: db.kind, url: db.url, destroy: opened.close };
}
