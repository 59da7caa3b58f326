#!/usr/bin/env node
// Developer tasks around the two Prisma schemas (SQLite is the source of truth, PostgreSQL is derived):
//   node scripts/prisma.mjs generate          generate both clients into src/store/generated/
//   node scripts/prisma.mjs sync              rewrite prisma/postgres/schema.prisma from prisma/sqlite/schema.prisma
//   node scripts/prisma.mjs migration <name>  write the SQL that takes the last committed schema to the current one,
//                                             for both providers, under prisma/<provider>/migrations/<stamp>_<name>/
// The Prisma CLI needs a DATABASE_URL whose scheme matches the schema's provider, even when it never connects.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const providers = {
  sqlite: 'file:./data/teammate.db',
  // `migrate diff` connects (read-only) even when it only compares two schema files.
  postgres: process.env.TEAMMATE_PG_URL ?? 'postgresql://root@127.0.0.1:5432/postgres',
};
const schemaPath = (provider) => `prisma/${provider}/schema.prisma`;

export function prisma(provider, args, options = {}) {
  return execFileSync('npx', ['--no-install', 'prisma', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: providers[provider], PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}

/** The PostgreSQL schema is the SQLite one with its provider and client folder changed. */
export function postgresFromSqlite(sqliteSchema) {
  return sqliteSchema
    .replace(
      /^\/\/ The source of truth for both schemas.*$/m,
      '// Generated from prisma/sqlite/schema.prisma by `node scripts/prisma.mjs sync`; edit that file instead.',
    )
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('generated/sqlite"', 'generated/postgres"');
}

function sync() {
  writeFileSync(schemaPath('postgres'), postgresFromSqlite(readFileSync(schemaPath('sqlite'), 'utf8')));
}

function generate() {
  mkdirSync('data', { recursive: true });
  for (const provider of Object.keys(providers)) prisma(provider, ['generate', '--schema', schemaPath(provider)]);
}

function committedSchema(provider) {
  try {
    return execFileSync('git', ['show', `HEAD:${schemaPath(provider)}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

function migration(name) {
  mkdirSync('data', { recursive: true });
  if (!/^[a-z0-9_]+$/.test(name ?? '')) throw new Error('usage: node scripts/prisma.mjs migration <snake_case_name>');
  sync();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const scratch = mkdtempSync(join(tmpdir(), 'teammate-migration-'));
  for (const provider of Object.keys(providers)) {
    const previous = committedSchema(provider);
    let from = ['--from-empty'];
    if (previous) {
      const file = join(scratch, `${provider}.prisma`);
      writeFileSync(file, previous);
      from = ['--from-schema-datamodel', file];
    }
    const sql = prisma(
      provider,
      ['migrate', 'diff', ...from, '--to-schema-datamodel', schemaPath(provider), '--script'],
      {
        capture: true,
      },
    );
    const dir = `prisma/${provider}/migrations/${stamp}_${name}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/migration.sql`, sql);
    writeFileSync(
      `prisma/${provider}/migrations/migration_lock.toml`,
      `provider = "${provider === 'postgres' ? 'postgresql' : 'sqlite'}"\n`,
    );
    console.log(`wrote ${dir}/migration.sql`);
  }
}

function cli() {
  const [command, arg] = process.argv.slice(2);
  if (command === 'generate') generate();
  else if (command === 'sync') sync();
  else if (command === 'migration') migration(arg);
  else {
    console.error('usage: node scripts/prisma.mjs generate | sync | migration <name>');
    process.exit(2);
  }
}

// Importable (the schema drift test uses postgresFromSqlite); runs as a command only when executed.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) cli();
