import type { z } from 'zod';
import { AppError, AppErrorCode } from '../core/errors.js';
import { formatIssues } from '../core/zod-issues.js';

// JSON payloads are stored as text on both providers and parsed again on the way out: a row that no longer
// matches its schema is reported with its table and field instead of spreading bad data.
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(AppErrorCode.database, { message: `${where} holds text that is not JSON` });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError(AppErrorCode.database, { message: `${where} is malformed: ${formatIssues(parsed.error)}` });
  return parsed.data;
}
