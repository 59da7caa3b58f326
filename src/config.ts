import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { TOpenAiConfig } from './brain/openai-llm.js';
import type { TCalDavConfig } from './connectors/caldav/caldav-calendar.js';
import type { TGoogleConfig } from './connectors/google/google-calendar.js';
import { type TGoogleCredentials, ZGoogleCredentials } from './connectors/google/google-credentials.js';
import type { TGraphConfig } from './connectors/m365/graph-calendar.js';
import { ZAgentName } from './core/agents/agent.js';
import type { TLlmBudget } from './core/deps.js';
import { parseDuration } from './core/duration.js';
import { isValidTimeZone } from './core/quiet-hours.js';
import type { SourceType } from './core/source-type.js';
import { formatIssues } from './core/zod-issues.js';
import { dealSource } from './sources/webhooks/deal-source.js';
import { ownFormats, toolSources } from './sources/webhooks/source-types.js';
import { taskSource } from './sources/webhooks/task-source.js';
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
  TEAMMATE_ADMINS: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .optional(),
  ),
  TEAMMATE_UNANSWERED_AFTER: duration('1h'),
  TEAMMATE_TIMEZONE: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
      .refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin'),
  ),
  TEAMMATE_READ_BOT_MESSAGES: z.preprocess(blankAsUndefined, z.stringbool().default(false)),
  TEAMMATE_LOCAL_CHAT: z.preprocess(blankAsUndefined, z.enum(['auto', 'on', 'off']).default('auto')),
  LOG_LEVEL: z.preprocess(
    blankAsUndefined,
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  ),
  LOG_FORMAT: z.preprocess(blankAsUndefined, z.enum(['json', 'pretty']).optional()),
  LOG_FILE: optionalText,
  SLACK_BOT_TOKEN: z.preprocess(
    blankAsUndefined,
    z.string().trim().startsWith('xoxb-', 'a bot token starts with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: z.preprocess(
    blankAsUndefined,
    z.string().trim().startsWith('xapp-', 'an app-level token starts with xapp-').optional(),
  ),
  SLACK_API_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  TEAMMATE_WEBHOOK_SECRET: optionalText,
  TEAMMATE_WEBHOOK_SOURCES: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .default('')
      .transform((list, ctx) => {
        const sources = new Map<string, SourceType>([['tasks', taskSource], ['deals', dealSource], ...toolSources]);
        for (const item of list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          const [name, type = ''] = item.split('=').map((s) => s.trim().toLowerCase());
          const found = ownFormats.get(type);
          const tool = name ? toolSources.get(name)?.wire?.label : undefined;
          if (tool) {
            ctx.addIssue({
              code: 'custom',
              message: `${name} is Teammate's ${tool} connector (POST /webhooks/${name}, ${tool}'s own deliveries); give your source another name (got "${item}")`,
            });
          } else if (!name || !/^[a-z0-9_-]+$/.test(name) || !found) {
            const types = [...ownFormats.keys()].map((t) => `name=${t}`).join(' or ');
            ctx.addIssue({ code: 'custom', message: `expected ${types} (got "${item}")` });
          } else sources.set(name, found);
        }
        return sources;
      }),
  ),
  TEAMMATE_DEFAULT_CHANNEL: optionalText,
  TEAMMATE_AGENTS: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .optional()
      .transform((text, ctx) => {
        const agents: { name: string; token: string }[] = [];
        for (const item of (text ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          const colon = item.indexOf(':');
          const name = item.slice(0, colon);
          const token = item.slice(colon + 1);
          if (colon <= 0 || !ZAgentName.safeParse(name).success || token.length < 20 || /\s/.test(token)) {
            ctx.addIssue({
              code: 'custom',
              message: `expected name:token pairs (names like build-bot, tokens of 20 characters or more, such as the output of openssl rand -hex 32), got "${item.slice(0, Math.max(0, colon)) || item.slice(0, 20)}:…"`,
            });
          } else if (agents.some((a) => a.name === name)) {
            ctx.addIssue({ code: 'custom', message: `${name} is named twice` });
          } else agents.push({ name, token });
        }
        return agents;
      }),
  ),
  TEAMMATE_AGENT_REQUESTS_PER_MINUTE: z.preprocess(
    blankAsUndefined,
    z.coerce.number().int().min(1).max(100_000).default(30),
  ),
  TEAMMATE_AGENT_WEBHOOKS_ALLOW_PRIVATE: z.preprocess(blankAsUndefined, z.stringbool().default(false)),
  TEAMMATE_CALENDARS: optionalText,
  TEAMMATE_CALENDAR_POLL: duration('15m'),
  TEAMMATE_CALENDAR_ALLOW_PRIVATE: z.preprocess(blankAsUndefined, z.stringbool().default(false)),
  GITHUB_TOKEN: optionalText,
  GITHUB_API_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  JIRA_BASE_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  JIRA_EMAIL: optionalText,
  JIRA_API_TOKEN: optionalText,
  HUBSPOT_ACCESS_TOKEN: optionalText,
  HUBSPOT_CLIENT_SECRET: optionalText,
  HUBSPOT_API_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  TEAMMATE_HUBSPOT_POLL: duration('15m'),
  CALDAV_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  CALDAV_USERNAME: optionalText,
  CALDAV_PASSWORD: optionalText,
  CALDAV_PASSWORD_FILE: optionalText,
  GOOGLE_CALENDAR_CREDENTIALS: optionalText,
  GOOGLE_CALENDAR_SUBJECT: optionalText,
  GOOGLE_CALENDAR_API_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  MS365_TENANT_ID: optionalText,
  MS365_CLIENT_ID: optionalText,
  MS365_CLIENT_SECRET: optionalText,
  MS365_CLIENT_SECRET_FILE: optionalText,
  MS365_GRAPH_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  MS365_LOGIN_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: z.preprocess(blankAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_MODEL: z.preprocess(blankAsUndefined, z.string().trim().default('gpt-4o-mini')),
  OPENAI_STREAM: z.preprocess(blankAsUndefined, z.stringbool().default(false)),
  TEAMMATE_LLM_CALLS_PER_CHANNEL: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).default(50)),
  TEAMMATE_LLM_TOKENS_PER_CHANNEL: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).default(100_000)),
  TEAMMATE_LLM_CALLS_PER_DAY: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).default(500)),
  TEAMMATE_LLM_TOKENS_PER_DAY: z.preprocess(blankAsUndefined, z.coerce.number().int().min(0).default(1_000_000)),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.preprocess(
    blankAsUndefined,
    z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  ),
  TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS: z.preprocess(blankAsUndefined, z.stringbool().default(false)),
});
export type TEnv = z.infer<typeof ZEnv>;

export type TConfig = Readonly<{
  port: number;
  host: string;
  databaseUrl: string;
  admins: readonly string[];
  unansweredAfterMs: number;
  readBotMessages: boolean;
  timeZone: string;
  localChat: 'auto' | 'on' | 'off';
  log: { level: TEnv['LOG_LEVEL']; format?: 'json' | 'pretty'; file?: string };
  /** Slack over HTTP (Events API, signing secret) or Socket Mode (app-level token); absent without a bot token. */
  slack?: TSlackConfig;
  webhooks: {
    /** Source name → its secret (TEAMMATE_WEBHOOK_SECRET_<SOURCE>), and the shared one for the rest. */
    secrets: ReadonlyMap<string, string>;
    sharedSecret?: string;
    /** Endpoint name → the source type it serves (TEAMMATE_WEBHOOK_SOURCES, plus tasks, deals and the tools' own). */
    sources: ReadonlyMap<string, SourceType>;
    /** Source name → the channel its events go to when a delivery does not say (TEAMMATE_WEBHOOK_CHANNEL_<SOURCE>). */
    channels: ReadonlyMap<string, string>;
    /** Where signals without a channel of their own go (TEAMMATE_DEFAULT_CHANNEL), as written. */
    defaultChannel?: string;
  };
  /** The tools Teammate reads and changes through their APIs (each only when its credentials are set). */
  connectors: TConnectorsConfig;
  calendars: {
    /** Feeds from TEAMMATE_CALENDARS and --calendar: URLs or local files, each with its channel. */
    feeds: readonly { source: string; channel?: string }[];
    pollMs: number;
    /** Allow feed URLs on loopback and private networks (an intranet calendar server, tests). */
    allowPrivate: boolean;
  };
  /** An OpenAI-compatible model, when OPENAI_API_KEY is set; none means detectors and templates only. */
  llm?: TOpenAiConfig & { budget: TLlmBudget };
  /** Microsoft Teams through the Bot Framework, with an app id (or unauthenticated, for local development). */
  teams?: TTeamsConfig;
  /** The MCP server's agents from TEAMMATE_AGENTS (others are added in chat), and its limits. */
  agents: {
    configured: readonly { name: string; token: string }[];
    requestsPerMinute: number;
    /** Undo webhooks on loopback and private networks (an agent inside the team's network, tests). */
    webhooksAllowPrivate: boolean;
  };
}>;

/**
 * Teams: the bot's Azure app registration, and botbuilder's own settings as they were found in the environment
 * (sovereign clouds set them; the adapter fills in the public cloud's value for each one that is not given).
 */
export type TTeamsConfig = Readonly<{
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  /** No app id and TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS=1: requests are not authenticated (development only). */
  unauthenticated: boolean;
  botFramework: Readonly<Partial<Record<TBotFrameworkSetting, string>>>;
}>;

/** botbuilder's settings, read from the environment under their own names. */
export const BOT_FRAMEWORK_SETTINGS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ChannelService',
  'OAuthUrl',
  'ValidateAuthority',
  'CallerId',
] as const;
export type TBotFrameworkSetting = (typeof BOT_FRAMEWORK_SETTINGS)[number];

export type TSlackConfig = Readonly<
  { botToken: string; apiUrl?: string } & (
    | { mode: 'http'; signingSecret: string }
    | { mode: 'socket'; appToken: string }
  )
>;

export type TConnectorsConfig = Readonly<{
  github?: { token: string; apiUrl?: string };
  jira?: { baseUrl: string; email: string; token: string };
  hubspot?: { token: string; apiUrl?: string; pollMs: number };
  caldav?: TCalDavConfig;
  google?: TGoogleConfig;
  m365?: TGraphConfig;
}>;

export class ConfigError extends Error {}

/** A secret from its variable, or from the file another variable names (a mounted secret); never both. */
function secret(e: TEnv, name: 'CALDAV_PASSWORD' | 'MS365_CLIENT_SECRET'): string | undefined {
  const file = e[`${name}_FILE`];
  if (e[name] && file) throw new ConfigError(`invalid configuration: set ${name} or ${name}_FILE, not both`);
  if (!file) return e[name];
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`invalid configuration: ${name}_FILE: cannot read ${file} (${(error as Error).message})`);
  }
}

/** Each kind of calendar needs all of its settings or none: a half-configured account is a mistake to point out. */
function allOrNone(label: string, names: readonly (keyof TEnv)[], values: readonly unknown[]): boolean {
  if (values.every((v) => !v)) return false;
  const missing = names.filter((_, i) => !values[i]);
  if (missing.length > 0) {
    throw new ConfigError(`invalid configuration: ${label} needs ${names.join(', ')} (missing: ${missing.join(', ')})`);
  }
  return true;
}

function googleCredentials(path: string): TGoogleCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `invalid configuration: GOOGLE_CALENDAR_CREDENTIALS: cannot read ${path} (${(error as Error).message})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`invalid configuration: GOOGLE_CALENDAR_CREDENTIALS: ${path} is not JSON`);
  }
  const parsed = ZGoogleCredentials.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `invalid configuration: GOOGLE_CALENDAR_CREDENTIALS: ${path} is not a service account key or an authorized user's credentials (${formatIssues(parsed.error)})`,
    );
  }
  return parsed.data;
}

/** The calendar accounts Teammate may read and change; credentials stay in memory, never in the database. */
function calendarAccounts(e: TEnv): Pick<TConnectorsConfig, 'caldav' | 'google' | 'm365'> {
  const password = secret(e, 'CALDAV_PASSWORD');
  const clientSecret = secret(e, 'MS365_CLIENT_SECRET');
  const caldav = allOrNone(
    'CalDAV',
    ['CALDAV_URL', 'CALDAV_USERNAME', 'CALDAV_PASSWORD'],
    [e.CALDAV_URL, e.CALDAV_USERNAME, password],
  );
  const m365 = allOrNone(
    'Microsoft 365',
    ['MS365_TENANT_ID', 'MS365_CLIENT_ID', 'MS365_CLIENT_SECRET'],
    [e.MS365_TENANT_ID, e.MS365_CLIENT_ID, clientSecret],
  );
  if ((e.GOOGLE_CALENDAR_SUBJECT || e.GOOGLE_CALENDAR_API_URL) && !e.GOOGLE_CALENDAR_CREDENTIALS) {
    throw new ConfigError(
      'invalid configuration: GOOGLE_CALENDAR_SUBJECT and GOOGLE_CALENDAR_API_URL need GOOGLE_CALENDAR_CREDENTIALS (the path of a credentials file)',
    );
  }
  return {
    ...(caldav && e.CALDAV_URL && e.CALDAV_USERNAME && password
      ? { caldav: { url: e.CALDAV_URL, username: e.CALDAV_USERNAME, password } }
      : {}),
    ...(e.GOOGLE_CALENDAR_CREDENTIALS
      ? {
          google: {
            credentials: googleCredentials(e.GOOGLE_CALENDAR_CREDENTIALS),
            ...(e.GOOGLE_CALENDAR_SUBJECT ? { subject: e.GOOGLE_CALENDAR_SUBJECT } : {}),
            ...(e.GOOGLE_CALENDAR_API_URL ? { apiUrl: e.GOOGLE_CALENDAR_API_URL } : {}),
          },
        }
      : {}),
    ...(m365 && e.MS365_TENANT_ID && e.MS365_CLIENT_ID && clientSecret
      ? {
          m365: {
            tenantId: e.MS365_TENANT_ID,
            clientId: e.MS365_CLIENT_ID,
            clientSecret,
            ...(e.MS365_GRAPH_URL ? { graphUrl: e.MS365_GRAPH_URL } : {}),
            ...(e.MS365_LOGIN_URL ? { loginUrl: e.MS365_LOGIN_URL } : {}),
          },
        }
      : {}),
  };
}

function connectorsConfig(e: TEnv): TConnectorsConfig {
  const jira = [e.JIRA_BASE_URL, e.JIRA_EMAIL, e.JIRA_API_TOKEN];
  if (jira.some(Boolean) && !jira.every(Boolean)) {
    const missing = (['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN'] as const).filter((name) => !e[name]);
    throw new ConfigError(
      `invalid configuration: Jira needs JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN together (missing: ${missing.join(', ')})`,
    );
  }
  if (e.GITHUB_API_URL && !e.GITHUB_TOKEN)
    throw new ConfigError('invalid configuration: GITHUB_API_URL needs GITHUB_TOKEN (a token that may write issues)');
  if (e.HUBSPOT_API_URL && !e.HUBSPOT_ACCESS_TOKEN)
    throw new ConfigError('invalid configuration: HUBSPOT_API_URL needs HUBSPOT_ACCESS_TOKEN (a private app token)');
  return Object.freeze({
    ...calendarAccounts(e),
    ...(e.GITHUB_TOKEN
      ? { github: { token: e.GITHUB_TOKEN, ...(e.GITHUB_API_URL ? { apiUrl: e.GITHUB_API_URL } : {}) } }
      : {}),
    ...(e.JIRA_BASE_URL && e.JIRA_EMAIL && e.JIRA_API_TOKEN
      ? { jira: { baseUrl: e.JIRA_BASE_URL, email: e.JIRA_EMAIL, token: e.JIRA_API_TOKEN } }
      : {}),
    ...(e.HUBSPOT_ACCESS_TOKEN
      ? {
          hubspot: {
            token: e.HUBSPOT_ACCESS_TOKEN,
            ...(e.HUBSPOT_API_URL ? { apiUrl: e.HUBSPOT_API_URL } : {}),
            pollMs: e.TEAMMATE_HUBSPOT_POLL,
          },
        }
      : {}),
  });
}

function slackConfig(e: TEnv): TSlackConfig | undefined {
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)
      throw new ConfigError('invalid configuration: SLACK_BOT_TOKEN is missing');
    return undefined;
  }
  const base = { botToken: e.SLACK_BOT_TOKEN, ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}) };
  if (e.SLACK_APP_TOKEN) return Object.freeze({ ...base, mode: 'socket', appToken: e.SLACK_APP_TOKEN });
  if (e.SLACK_SIGNING_SECRET) return Object.freeze({ ...base, mode: 'http', signingSecret: e.SLACK_SIGNING_SECRET });
  throw new ConfigError(
    'invalid configuration: SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP mode, /slack/events) or SLACK_APP_TOKEN (Socket Mode)',
  );
}

function teamsConfig(e: TEnv, env: NodeJS.ProcessEnv): TTeamsConfig | undefined {
  const botFramework = Object.fromEntries(
    BOT_FRAMEWORK_SETTINGS.flatMap((name) => {
      const value = env[name]?.trim();
      return value ? [[name, value]] : [];
    }),
  );
  const base = { appType: e.MICROSOFT_APP_TYPE, botFramework };
  if (!e.MICROSOFT_APP_ID) {
    if (e.MICROSOFT_APP_PASSWORD || e.MICROSOFT_APP_TENANT_ID)
      throw new ConfigError("invalid configuration: MICROSOFT_APP_ID is missing (the Teams bot's app id)");
    // Development only: /api/messages takes unauthenticated requests (main logs it loudly).
    return e.TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS ? Object.freeze({ ...base, unauthenticated: true }) : undefined;
  }
  if (e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !e.MICROSOFT_APP_PASSWORD)
    throw new ConfigError(
      `invalid configuration: MICROSOFT_APP_ID needs MICROSOFT_APP_PASSWORD (the client secret of the bot's ${e.MICROSOFT_APP_TYPE} app registration)`,
    );
  if (e.MICROSOFT_APP_TYPE !== 'MultiTenant' && !e.MICROSOFT_APP_TENANT_ID)
    throw new ConfigError(
      `invalid configuration: MICROSOFT_APP_TYPE ${e.MICROSOFT_APP_TYPE} needs MICROSOFT_APP_TENANT_ID (the directory id of your Microsoft 365 tenant)`,
    );
  return Object.freeze({
    ...base,
    appId: e.MICROSOFT_APP_ID,
    ...(e.MICROSOFT_APP_PASSWORD ? { appPassword: e.MICROSOFT_APP_PASSWORD } : {}),
    ...(e.MICROSOFT_APP_TENANT_ID ? { tenantId: e.MICROSOFT_APP_TENANT_ID } : {}),
    // With an app id every request is authenticated, whatever TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS says.
    unauthenticated: false,
  });
}

/**
 * TEAMMATE_WEBHOOK_<SETTING>_<SOURCE> (SECRET, CHANNEL): one value per source, the name lower-cased and `_` read
 * as `-` too.
 */
function perSource(env: NodeJS.ProcessEnv, setting: 'SECRET' | 'CHANNEL'): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    const match = new RegExp(`^TEAMMATE_WEBHOOK_${setting}_(\\w+)$`).exec(key);
    if (!match?.[1] || !value?.trim()) continue;
    const name = match[1].toLowerCase();
    values.set(name, value.trim());
    values.set(name.replaceAll('_', '-'), value.trim());
  }
  return values;
}

/** The variable that holds one source's setting, as people write it: `jira-cloud` → TEAMMATE_WEBHOOK_CHANNEL_JIRA_CLOUD. */
export function sourceVariable(setting: 'SECRET' | 'CHANNEL', source: string): string {
  return `TEAMMATE_WEBHOOK_${setting}_${source.toUpperCase().replaceAll('-', '_')}`;
}

/** "https://…/team.ics #general; ./ops.ics #ops": a feed per item, each with an optional channel. */
export function parseCalendarList(text: string): { source: string; channel?: string }[] {
  return text
    .split(/[;\n]/)
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [source = '', channel] = item.split(/\s+/);
      return channel ? { source, channel: channel.replace(/^#/, '') } : { source };
    });
}

/**
 * The environment a rehearsal reads: the local chat alone, so no Slack, no Teams, no GitHub, Jira or HubSpot, no
 * webhook routing and no TEAMMATE_CALENDARS (a script names the feeds it plays with --calendar). Nothing it does
 * can reach the team.
 */
export function rehearsalEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const outside =
    /^(SLACK_|MICROSOFT_APP_|TEAMMATE_WEBHOOK_CHANNEL_|GITHUB_|JIRA_|HUBSPOT_|CALDAV_|GOOGLE_CALENDAR_|MS365_)|^(TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS|TEAMMATE_DEFAULT_CHANNEL|TEAMMATE_CALENDARS|TEAMMATE_AGENTS)$/;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !outside.test(name)));
}

/** Parses the environment once, at start-up; everything else receives the frozen result. */
export function loadConfig(env: NodeJS.ProcessEnv): TConfig {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${formatIssues(parsed.error)}`);
  const e = parsed.data;
  const slack = slackConfig(e);
  const teams = teamsConfig(e, env);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    // Unset, the local chat's default user is the admin so a fresh `npm start` can approve; on Slack and Teams
    // nobody is, until TEAMMATE_ADMINS names real user ids (resolveRouting warns).
    admins: Object.freeze(e.TEAMMATE_ADMINS ?? (slack || teams ? [] : ['alice'])),
    unansweredAfterMs: e.TEAMMATE_UNANSWERED_AFTER,
    readBotMessages: e.TEAMMATE_READ_BOT_MESSAGES,
    timeZone: e.TEAMMATE_TIMEZONE,
    localChat: e.TEAMMATE_LOCAL_CHAT,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT, file: e.LOG_FILE },
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    connectors: connectorsConfig(e),
    webhooks: {
      // HubSpot signs its deliveries with the app's client secret.
      secrets: new Map([
        ...perSource(env, 'SECRET'),
        ...(e.HUBSPOT_CLIENT_SECRET ? [['hubspot', e.HUBSPOT_CLIENT_SECRET] as const] : []),
      ]),
      channels: perSource(env, 'CHANNEL'),
      sharedSecret: e.TEAMMATE_WEBHOOK_SECRET,
      sources: e.TEAMMATE_WEBHOOK_SOURCES,
      defaultChannel: e.TEAMMATE_DEFAULT_CHANNEL,
    },
    agents: {
      configured: e.TEAMMATE_AGENTS,
      requestsPerMinute: e.TEAMMATE_AGENT_REQUESTS_PER_MINUTE,
      webhooksAllowPrivate: e.TEAMMATE_AGENT_WEBHOOKS_ALLOW_PRIVATE,
    },
    calendars: {
      feeds: parseCalendarList(e.TEAMMATE_CALENDARS ?? ''),
      pollMs: e.TEAMMATE_CALENDAR_POLL,
      allowPrivate: e.TEAMMATE_CALENDAR_ALLOW_PRIVATE,
    },
    ...(e.OPENAI_API_KEY
      ? {
          llm: {
            apiKey: e.OPENAI_API_KEY,
            baseUrl: e.OPENAI_BASE_URL,
            model: e.OPENAI_MODEL,
            stream: e.OPENAI_STREAM,
            budget: {
              channelCalls: e.TEAMMATE_LLM_CALLS_PER_CHANNEL,
              channelTokens: e.TEAMMATE_LLM_TOKENS_PER_CHANNEL,
              dayCalls: e.TEAMMATE_LLM_CALLS_PER_DAY,
              dayTokens: e.TEAMMATE_LLM_TOKENS_PER_DAY,
            },
          },
        }
      : {}),
  });
}
