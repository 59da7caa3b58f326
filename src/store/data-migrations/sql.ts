import type Database from 'better-sqlite3';
import type pg from 'pg';

/**
 * The little a data step needs of a database, alike on both providers: statements with `?` placeholders, run on
 * the migrator's own connection inside the migration's transaction.
 */
export type TSql = {
  all<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
};

export function sqliteSql(db: Database.Database): TSql {
  return {
    all: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      db.prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => {
      db.prepare(sql).run(...params);
    },
  };
}

export function postgresSql(client: pg.Client): TSql {
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    all: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(sql), [...params])).rows as T[],
    run: async (sql, params = []) => {
      await client.query(numbered(sql), [...params]);
    },
  };
}
