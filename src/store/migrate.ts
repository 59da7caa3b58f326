import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { AppError, AppErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { dataSteps } from './data-migrations/data-steps.js';
import { postgresSql, sqliteSql } from './data-migrations/sql.js';
import { redactUrl, type TDatabase } from './database-url.js';

// Prisma's own migration table, so `prisma migrate status/deploy` agree with what we applied wherever Prisma's
// binaries can be downloaded. Prisma 6's JS schema engine cannot run `migrate deploy` against PostgreSQL here.
const TABLE = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
    "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgres: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};
// Any fixed number: replicas starting together take turns applying migrations.
const ADVISORY_LOCK = 7_140_221;

export type TMigration = { name: string; sql: string; checksum: string };
type TApplied = { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown };

export const migrationsRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma');

export function loadMigrations(kind: TDatabase['kind'], root = migrationsRoot): TMigration[] {
  const dir = join(root, kind, 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Which migrations still need to run; refuses to go on past one that failed half-way (as `prisma migrate` does). */
export function pending(migrations: readonly TMigration[], applied: readonly TApplied[], log: Logger): TMigration[] {
  const done = new Map(applied.filter((a) => a.rolled_back_at === null).map((a) => [a.migration_name, a]));
  for (const [name, row] of done) {
    if (row.finished_at === null) {
      throw new AppError(AppErrorCode.database, {
        message: `migration ${name} started earlier but did not finish; fix the database by hand and mark it with \`prisma migrate resolve\``,
      });
    }
    const local = migrations.find((m) => m.name === name);
    if (local && local.checksum !== row.checksum)
      log.warn({ migration: name }, 'an applied migration was edited afterwards');
  }
  return migrations.filter((m) => !done.has(m.name));
}

async function migrateSqlite(
  db: Extract<TDatabase, { kind: 'sqlite' }>,
  migrations: readonly TMigration[],
  log: Logger,
): Promise<string[]> {
  mkdirSync(dirname(db.file), { recursive: true });
  const sqlite = new Database(db.file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec(TABLE.sqlite);
    const todo = pending(migrations, sqlite.prepare('SELECT * FROM "_prisma_migrations"').all() as TApplied[], log);
    // Prisma rebuilds SQLite tables (create, copy, drop, rename) with foreign keys off, but that pragma does nothing
    // inside a transaction: dropping the ledger's table would cascade to its history. So they are off around it,
    // and checked before each commit.
    sqlite.pragma('foreign_keys = OFF');
    for (const migration of todo) {
      const started = new Date().toISOString();
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        sqlite.exec(migration.sql);
        await dataSteps[migration.name]?.(sqliteSql(sqlite));
        const broken = sqlite.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`${broken.length} rows lost their parent: ${JSON.stringify(broken[0])}`);
        sqlite
          .prepare(
            'INSERT INTO "_prisma_migrations" ("id","checksum","finished_at","migration_name","started_at","applied_steps_count") VALUES (?,?,?,?,?,1)',
          )
          .run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, started);
        sqlite.exec('COMMIT');
      } catch (error) {
        sqlite.exec('ROLLBACK');
        throw error;
      }
    }
    sqlite.pragma('foreign_keys = ON');
    return todo.map((m) => m.name);
  } finally {
    sqlite.close();
  }
}

async function migratePostgres(url: string, migrations: readonly TMigration[], log: Logger): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK]);
    await client.query(TABLE.postgres);
    const todo = pending(migrations, (await client.query<TApplied>('SELECT * FROM "_prisma_migrations"')).rows, log);
    for (const migration of todo) {
      const started = new Date();
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await dataSteps[migration.name]?.(postgresSql(client));
        await client.query(
          'INSERT INTO "_prisma_migrations" ("id","checksum","finished_at","migration_name","started_at","applied_steps_count") VALUES ($1,$2,now(),$3,$4,1)',
          [randomUUID(), migration.checksum, migration.name, started],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/**
 * Applies the checked-in migrations that have not run yet, each in its own transaction together with its data step
 * (TypeScript that converts what SQL alone cannot, such as JSON columns), if it has one.
 */
export async function migrate(
  db: TDatabase,
  log: Logger,
  migrations: readonly TMigration[] = loadMigrations(db.kind),
): Promise<string[]> {
  try {
    const applied =
      db.kind === 'sqlite' ? await migrateSqlite(db, migrations, log) : await migratePostgres(db.url, migrations, log);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    return applied;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const where = db.kind === 'sqlite' ? `file:${db.file}` : redactUrl(db.url);
    throw new AppError(AppErrorCode.database, {
      message: `cannot use the database at ${where}: ${reason}`,
      cause: error,
    });
  }
}
