// Prisma CLI configuration. Prisma 6.19 with the JavaScript schema engine works offline (Prisma 7 and the
// classic engine download binaries, which these machines cannot). The application applies the checked-in
// migrations itself at start-up (src/store/migrate.ts); the CLI is used to generate clients and migration SQL.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// The schema files read env("DATABASE_URL"); without it the CLI falls back to downloading a query engine.
process.env.DATABASE_URL ??= 'file:./data/teammate.db';
const url = process.env.DATABASE_URL;
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: postgres ? 'prisma/postgres/schema.prisma' : 'prisma/sqlite/schema.prisma',
  migrations: { path: postgres ? 'prisma/postgres/migrations' : 'prisma/sqlite/migrations' },
  adapter: async () => (postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url })),
});
