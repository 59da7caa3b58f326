import { z } from 'zod';
import { parseDuration } from './core/duration.js';
import { isValidTimeZone } from './core/quiet-hours.js';
import { formatIssues } from './core/zod-issues.js';
import { ZDatabaseUrl } from './store/database-url.js';

const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankAsUndefined, z.string().trim().optional());
const duration = (fallback: string) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .default(fallback)
      .transform((text, ctx) => {
        const ms = parseDuration(text);
        if (ms === undefined)
          ctx.addIssue({ code: 'custom', message: `expected a duration such as 90s, 15m or 2h (got "${text}")` });
        return ms ?? 0;
      }),
  );

/** Every environment variable Teammate reads, with the offline defaults. `.env.example` lists the same. */
export const ZEnv = z.object({
  PORT: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).max(65_535).default(3000)),
  HOST: z.preprocess(blankAsUndefined, z.string().default('0.0.0.0')),
  DATABASE_URL: z.preprocess(blankAsUndefined, ZDatabaseUrl.default('file:./data/teammate.db')),
  // Unset, the local chat's default user is the admin, so a fresh `npm start` can approve; set it for real teams.
  TEAMMATE_ADMINS: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .default('alice')
      .transform((list) =>
        list
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
  ),
  TEAMMATE_UNANSWERED_AFTER: duration('1h'),
  TEAMMATE_TIMEZONE: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
      .refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin'),
  ),
  TEAMMATE_LOCAL_CHAT: z.preprocess(blankAsUndefined, z.enum(['auto', 'on', 'off']).default('auto')),
  LOG_LEVEL: z.preprocess(
    blankAsUndefined,
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  ),
  LOG_FORMAT: z.preprocess(blankAsUndefined, z.enum(['json', 'pretty']).optional()),
  LOG_FILE: optionalText,
  // Platform and LLM credentials, read now so that a typo shows at start-up; their adapters come in later releases.
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  MICROSOFT_APP_ID: optionalText,
  OPENAI_API_KEY: optionalText,
});
export type TEnv = z.infer<typeof ZEnv>;

export type TConfig = Readonly<{
  port: number;
  host: string;
  databaseUrl: string;
  admins: readonly string[];
  unansweredAfterMs: number;
  timeZone: string;
  localChat: 'auto' | 'on' | 'off';
  log: { level: TEnv['LOG_LEVEL']; format?: 'json' | 'pretty'; file?: string };
  /** Credentials that were set but that this version cannot use yet. */
  unusedCredentials: readonly string[];
}>;

export class ConfigError extends Error {}

/** Parses the environment once, at start-up; everything else receives the frozen result. */
export function loadConfig(env: NodeJS.ProcessEnv): TConfig {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${formatIssues(parsed.error)}`);
  const e = parsed.data;
  const unused = (['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'MICROSOFT_APP_ID', 'OPENAI_API_KEY'] as const).filter(
    (k) => e[k],
  );
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    admins: Object.freeze(e.TEAMMATE_ADMINS),
    unansweredAfterMs: e.TEAMMATE_UNANSWERED_AFTER,
    timeZone: e.TEAMMATE_TIMEZONE,
    localChat: e.TEAMMATE_LOCAL_CHAT,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT, file: e.LOG_FILE },
    unusedCredentials: unused,
  });
}
