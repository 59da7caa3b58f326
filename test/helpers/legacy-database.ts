import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { silentLogger } from '../../src/core/logger.js';
import type { TDatabase } from '../../src/store/database-url.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';

/** Every row of a database written by Teammate 0.1 (see test/fixtures/legacy/README.md). */
export const legacyRows = JSON.parse(
  readFileSync(new URL('../fixtures/legacy/v0.1-database.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, unknown>[]>;

/** Parents before children, so foreign keys hold while the rows go in. */
const ORDER = ['LedgerEntry', 'LedgerEvent', 'Vote', 'CardRef', 'CalendarFeed', 'CalendarOccurrence'];
const tables = () => [
  ...ORDER.filter((t) => t in legacyRows),
  ...Object.keys(legacyRows)
    .filter((t) => !ORDER.includes(t))
    .sort(),
];

/** The migrations of version 0.1 (the three before platform keys). */
export const legacyMigrations = (kind: TDatabase['kind']) =>
  loadMigrations(kind).filter((m) => m.name < '20261130000026_platform_keys');

/** Builds the 0.1 schema on an empty database and fills it with the rows 0.1 wrote, as that version left them. */
export async function fillLegacyDatabase(db: TDatabase): Promise<void> {
  await migrate(db, silentLogger, legacyMigrations(db.kind));
  if (db.kind === 'sqlite') {
    const sqlite = new Database(db.file);
    try {
      sqlite.transaction(() => {
        for (const table of tables()) {
          for (const row of legacyRows[table] ?? []) {
            const columns = Object.keys(row);
            sqlite
              .prepare(
                `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
              )
              .run(...columns.map((c) => row[c]));
          }
        }
      })();
    } finally {
      sqlite.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const booleans = new Set(
      (
        await client.query<{ c: string }>(
          "SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'boolean'",
        )
      ).rows.map((r) => r.c),
    );
    await client.query('BEGIN');
    for (const table of tables()) {
      for (const row of legacyRows[table] ?? []) {
        const columns = Object.keys(row);
        // SQLite keeps booleans as 0 and 1; PostgreSQL wants them as booleans.
        const values = columns.map((c) => (booleans.has(`${table}.${c}`) ? Boolean(row[c]) : row[c]));
        await client.query(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          values,
        );
      }
      // Rows came with their ids: move the sequence past them, as 0.1's own inserts would have.
      if (legacyRows[table]?.[0] && 'id' in (legacyRows[table]?.[0] ?? {})) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max("id") FROM "${table}"))`,
        );
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
