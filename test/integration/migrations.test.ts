import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
// @ts-expect-error: a plain JavaScript developer script, without type declarations
import { prisma } from '../../scripts/prisma.mjs';
import { silentLogger } from '../../src/core/logger.js';
import { parseDatabaseUrl, type TDatabase } from '../../src/store/database-url.js';
import { loadMigrations, migrate, pending } from '../../src/store/migrate.js';
import { databaseKinds, freshDatabaseUrl, type TDatabaseKind } from '../helpers/databases.js';

type TShape = { columns: string[]; indexes: string[] };

/** Tables, columns and indexes as the database itself reports them (Prisma's own table left out). */
async function shape(db: TDatabase): Promise<TShape> {
  if (db.kind === 'sqlite') {
    const sqlite = new Database(db.file, { readonly: true });
    try {
      const tables = sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
        )
        .all() as { name: string }[];
      const columns = tables.flatMap(({ name }) =>
        (
          sqlite.prepare(`PRAGMA table_info("${name}")`).all() as {
            name: string;
            type: string;
            notnull: number;
            dflt_value: string | null;
            pk: number;
          }[]
        ).map((c) => `${name}.${c.name} ${c.type} ${c.notnull} ${c.dflt_value} ${c.pk}`),
      );
      const indexes = (
        sqlite.prepare("SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL ORDER BY name").all() as {
          sql: string;
        }[]
      ).map((r) => r.sql.replace(/\s+/g, ' '));
      return { columns, indexes };
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const columns = await client.query<{ c: string }>(
      "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name",
    );
    const indexes = await client.query<{ c: string }>(
      "SELECT indexdef AS c FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname",
    );
    return { columns: columns.rows.map((r) => r.c), indexes: indexes.rows.map((r) => r.c) };
  } finally {
    await client.end();
  }
}

async function applyRaw(db: TDatabase, sql: string): Promise<void> {
  if (db.kind === 'sqlite') {
    const sqlite = new Database(db.file);
    sqlite.exec(sql);
    sqlite.close();
    return;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

for (const kind of databaseKinds) {
  describe(`migrations on ${kind}`, () => {
    it("apply once, in Prisma's _prisma_migrations layout", async () => {
      const fresh = await freshDatabaseUrl(kind);
      const db = parseDatabaseUrl(fresh.url);
      try {
        const migrations = loadMigrations(kind);
        assert.ok(migrations.length >= 1);
        assert.deepEqual(
          await migrate(db, silentLogger),
          migrations.map((m) => m.name),
        );
        assert.deepEqual(await migrate(db, silentLogger), [], 'a second start applies nothing');
        const rows = await rowsOf(db);
        assert.deepEqual(
          rows.map((r) => r.migration_name),
          migrations.map((m) => m.name),
        );
        for (const [i, row] of rows.entries()) {
          assert.equal(
            row.checksum,
            createHash('sha256')
              .update(migrations[i]?.sql ?? '')
              .digest('hex'),
          );
          assert.notEqual(row.finished_at, null);
          assert.equal(Number(row.applied_steps_count), 1);
          assert.match(row.id, /^[0-9a-f-]{36}$/);
        }
      } finally {
        await fresh.drop();
      }
    });

    it('produce exactly the schema file (a changed schema without a migration fails here)', async () => {
      const [migrated, expected] = await Promise.all([freshDatabaseUrl(kind), freshDatabaseUrl(kind)]);
      try {
        await migrate(parseDatabaseUrl(migrated.url), silentLogger);
        const schemaPath = `prisma/${kind}/schema.prisma`;
        const sql = prisma(
          kind as TDatabaseKind,
          ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', schemaPath, '--script'],
          { capture: true },
        );
        await applyRaw(parseDatabaseUrl(expected.url), sql);
        assert.deepEqual(await shape(parseDatabaseUrl(migrated.url)), await shape(parseDatabaseUrl(expected.url)));
      } finally {
        await migrated.drop();
        await expected.drop();
      }
    });
  });
}

describe('migration safety', () => {
  it('replicas starting together on PostgreSQL take turns', async () => {
    const fresh = await freshDatabaseUrl('postgres');
    try {
      const db = parseDatabaseUrl(fresh.url);
      const applied = await Promise.all([
        migrate(db, silentLogger),
        migrate(db, silentLogger),
        migrate(db, silentLogger),
      ]);
      assert.equal(applied.flat().length, loadMigrations('postgres').length);
      assert.equal((await rowsOf(db)).length, loadMigrations('postgres').length);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses to go past a migration that failed half-way', () => {
    const migrations = [{ name: '1_init', sql: 'x', checksum: 'a' }];
    assert.throws(
      () =>
        pending(
          migrations,
          [{ migration_name: '1_init', checksum: 'a', finished_at: null, rolled_back_at: null }],
          silentLogger,
        ),
      /migration 1_init started earlier but did not finish/,
    );
    assert.deepEqual(
      pending(
        migrations,
        [{ migration_name: '1_init', checksum: 'a', finished_at: 'x', rolled_back_at: null }],
        silentLogger,
      ),
      [],
    );
    assert.deepEqual(
      pending(
        migrations,
        [{ migration_name: '1_init', checksum: 'a', finished_at: null, rolled_back_at: 'y' }],
        silentLogger,
      ),
      migrations,
    );
  });
});

async function rowsOf(
  db: TDatabase,
): Promise<
  { id: string; checksum: string; migration_name: string; finished_at: unknown; applied_steps_count: unknown }[]
> {
  if (db.kind === 'sqlite') {
    const sqlite = new Database(db.file, { readonly: true });
    const rows = sqlite.prepare('SELECT * FROM "_prisma_migrations" ORDER BY migration_name').all();
    sqlite.close();
    return rows as never;
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
  await client.end();
  return rows;
}
