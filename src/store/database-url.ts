import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export type TDatabase = { kind: 'sqlite'; file: string; url: string } | { kind: 'postgres'; url: string };

export const ZDatabaseUrl = z
  .string()
  .trim()
  .min(1)
  .refine(
    (url) => /^(file:|postgres(ql)?:\/\/)/.test(url),
    'DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)',
  );

/** `file:./data/teammate.db` (relative to the working directory) → SQLite; `postgres://…` → PostgreSQL. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): TDatabase {
  if (url.startsWith('file:')) {
    const path = decodeURIComponent(
      url
        .slice('file:'.length)
        .replace(/^\/\/(?=\/)/, '')
        .split('?')[0] ?? '',
    );
    const file = isAbsolute(path) ? path : resolve(cwd, path);
    return { kind: 'sqlite', file, url: `file:${file}` };
  }
  return { kind: 'postgres', url };
}

/** The URL with its password replaced, safe for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
