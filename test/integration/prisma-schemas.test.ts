import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain JavaScript developer script, without type declarations
import { postgresFromSqlite } from '../../scripts/prisma.mjs';
import { projectRoot } from '../helpers/process.js';

const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');

describe('the two Prisma schemas', () => {
  it('are identical apart from the provider and the generated client folder', () => {
    const sqlite = read('prisma/sqlite/schema.prisma');
    const postgres = read('prisma/postgres/schema.prisma');
    assert.equal(
      postgres,
      postgresFromSqlite(sqlite),
      'run `npm run db:sync-schemas` after editing prisma/sqlite/schema.prisma',
    );
    const strip = (text: string) =>
      text
        .split('\n')
        .slice(1)
        .filter((line) => !/provider = "(sqlite|postgresql)"|generated\/(sqlite|postgres)"/.test(line))
        .join('\n');
    assert.equal(strip(sqlite), strip(postgres));
    assert.match(sqlite, /provider = "sqlite"/);
    assert.match(postgres, /provider = "postgresql"/);
  });

  it('keep a url in the datasource (without it the Prisma CLI tries to download an engine)', () => {
    for (const file of ['prisma/sqlite/schema.prisma', 'prisma/postgres/schema.prisma']) {
      assert.match(read(file), /url\s+= env\("DATABASE_URL"\)/, file);
    }
  });
});
