import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { TDatabase } from './database-url.js';
import { PrismaClient as PostgresClient } from './generated/postgres/client.js';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';

/**
 * The Prisma client the repositories use. Both generated clients come from one model (a test keeps the schemas
 * identical apart from the provider), so the PostgreSQL client is used through the SQLite client's type.
 */
export type Db = InstanceType<typeof SqliteClient>;

export function createClient(db: TDatabase): Db {
  if (db.kind === 'sqlite') {
    // WAL is set by the migrator; the busy timeout lets the CLI or a second reader wait instead of failing.
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: db.file, timeout: 5_000 }) });
  }
  const adapter = new PrismaPg({ connectionString: db.url, max: 10, connectionTimeoutMillis: 10_000 });
  return new PostgresClient({ adapter }) as unknown as Db;
}
