import { z } from 'zod';
import { isPolicyKind, policyKindWords } from '../agents/agent.js';
import { ZNotify } from '../calendar-connector.js';
import type { TRunMode } from '../channel-settings.js';
import { parseDuration } from '../duration.js';
import type { TKey } from '../identity.js';
import { parseShortId } from '../ledger-entry.js';
import { DAY_MS, ZApprover, ZMode, ZOnExpiry, ZQuietHours } from '../policy/policy-rule.js';
import { formatIssues } from '../zod-issues.js';
import { parseAgentWords } from './agent-commands.js';
import { parseAutonomyCommand } from './autonomy-grammar.js';
import { takeChannel, userKey } from './references.js';
import { restAfter, tokenize } from './tokenize.js';
import { type TUsageKey, usage } from './usage.js';

const NEEDS = 'expected a whole number from 1 to 20';

/** The options of `policy set`; people in `approvers=` are read on the platform of `current`. */
const policyOptions = (current: TKey) =>
  z
    .object({
      approvers: z
        .string()
        .transform((list) =>
          list
            .split(',')
            .filter(Boolean)
            .map((a) => (a === 'admins' || a.startsWith('group:') ? a : (userKey(a, current) ?? a))),
        )
        .pipe(z.array(ZApprover).min(1)),
      needs: z.string().regex(/^\d+$/, NEEDS).transform(Number).pipe(z.number().int().min(1, NEEDS).max(20, NEEDS)),
      'self-approval': z.enum(['yes', 'no']).transform((v) => v === 'yes'),
      expires: z
        .string()
        .transform((text) => parseDuration(text))
        .pipe(
          z
            .number({ error: 'expected a duration such as 90m, 24h or 2d' })
            .min(60_000, 'at least 1m')
            .max(30 * DAY_MS, 'at most 30d'),
        ),
      'on-expiry': ZOnExpiry,
      quiet: z.union([z.literal('off'), ZQuietHours]),
      cap: z.union([z.literal('off'), z.string().regex(/^\d+$/).transform(Number)], {
        error: 'expected a whole number of 0 or more, or off',
      }),
      notify: ZNotify,
    })
    .partial()
    .strict();
export type TPolicyOptions = z.infer<ReturnType<typeof policyOptions>>;

export type TCommand =
  | { name: 'help'; topic?: string }
  | { name: 'policy list' }
  | { name: 'policy set'; kind: string; mode: z.infer<typeof ZMode>; channel?: string; options: TPolicyOptions }
  | { name: 'policy reset'; target: string; channel?: string }
  | { name: 'policy export'; format: 'yaml' | 'json' }
  | { name: 'policy import'; text: string }
  | { name: 'policy history'; limit: number }
  | { name: 'why' | 'undo' | 'approve'; entryId: number }
  | { name: 'reject'; entryId: number; reason?: string }
  | { name: 'status' }
  | { name: 'inbox list' }
  | { name: 'inbox retry'; keys: string[] | 'all' }
  | { name: 'admins list' }
  | { name: 'admins grant' | 'admins revoke'; user: string }
  | { name: 'group list' }
  | { name: 'group set'; group: string; members: string[] }
  | { name: 'group remove'; group: string }
  | { name: 'timezone'; zone?: string }
  | { name: 'people list' }
  | { name: 'people link'; user: string; identities: { tool: string; id: string }[] }
  | { name: 'people unlink'; identities: { tool: string; id: string }[] }
  | { name: 'calendar list' }
  | { name: 'calendar add'; url: string; channel: string }
  | { name: 'calendar remove'; feedId: number }
  | { name: 'roundup show' | 'roundup now' | 'roundup off'; channel: string }
  | { name: 'roundup schedule'; channel: string; cron: string; text: string }
  | { name: 'mode'; target: string; mode?: TRunMode }
  | { name: 'report'; target: string }
  | { name: 'detectors'; target: string }
  | { name: 'detector'; detector: string; target: string; values: Record<string, number | boolean> }
  | { name: 'quiet'; target: string; hours?: string | null }
  | { name: 'lead'; target: string; user?: string | null }
  | { name: 'agent list' }
  | { name: 'agent add'; agent: string; channel?: TKey }
  | { name: 'agent revoke'; agent: string };

export type TParsed = { ok: true; command: TCommand } | { ok: false; error: string; usage: string };

const fail = (key: TUsageKey, error: string): TParsed => ({ ok: false, error, usage: usage[key] });
const ok = (command: TCommand): TParsed => ({ ok: true, command });

function parseEntryId(key: TUsageKey, token: string | undefined, build: (id: number) => TCommand): TParsed {
  if (!token) return fail(key, 'which action? give its id, e.g. A-42');
  const id = parseShortId(token);
  return id === undefined ? fail(key, `"${token}" is not an action id (they look like A-42)`) : ok(build(id));
}

function parsePolicy(text: string, words: string[], kinds: readonly string[], current: string): TParsed {
  const [, sub, ...rest] = words;
  switch (sub) {
    case 'list':
      return rest.length === 0 ? ok({ name: 'policy list' }) : fail('policy list', 'policy list takes no arguments');
    case 'history': {
      const limit = rest[0] === undefined ? 20 : Number(rest[0]);
      return Number.isInteger(limit) && limit > 0 && limit <= 200 && rest.length <= 1
        ? ok({ name: 'policy history', limit })
        : fail('policy history', 'count must be a whole number from 1 to 200');
    }
    case 'export': {
      const format = rest[0] ?? 'yaml';
      return (format === 'yaml' || format === 'json') && rest.length <= 1
        ? ok({ name: 'policy export', format })
        : fail('policy export', 'the format is yaml or json');
    }
    case 'import': {
      const body = restAfter(text, 2)
        .replace(/^```\w*\n?|```$/g, '')
        .trim();
      return body
        ? ok({ name: 'policy import', text: body })
        : fail('policy import', 'paste the policy file after "import"');
    }
    case 'reset': {
      const scoped = takeChannel(rest, current);
      if (scoped.error) return fail('policy reset', scoped.error);
      const [target, extra] = scoped.words;
      if (!target || extra !== undefined) return fail('policy reset', 'say which row: a kind, * or all');
      if (target !== 'all' && !isPolicyKind(target, kinds)) {
        return fail('policy reset', `unknown kind "${target}"; kinds are ${policyKindWords(kinds)}`);
      }
      return ok({ name: 'policy reset', target, channel: scoped.channel });
    }
    case 'set': {
      const scoped = takeChannel(rest, current);
      if (scoped.error) return fail('policy set', scoped.error);
      const [kind, mode, ...pairs] = scoped.words;
      if (!kind || !mode) return fail('policy set', 'give a kind (or *) and a mode');
      if (!isPolicyKind(kind, kinds))
        return fail('policy set', `unknown kind "${kind}"; kinds are ${policyKindWords(kinds)}`);
      const parsedMode = ZMode.safeParse(mode);
      if (!parsedMode.success) return fail('policy set', `mode must be auto, approve or deny (got "${mode}")`);
      const raw: Record<string, string> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq <= 0) return fail('policy set', `"${pair}" is not an option; options look like needs=2`);
        raw[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      const options = policyOptions(current).safeParse(raw);
      if (!options.success) return fail('policy set', formatIssues(options.error, { input: raw }));
      return ok({ name: 'policy set', kind, mode: parsedMode.data, channel: scoped.channel, options: options.data });
    }
    default:
      return fail(
        'policy list',
        `unknown policy command "${sub ?? ''}"; use list, set, reset, export, import or history`,
      );
  }
}

/**
 * The one parser for `/teammate …`, shared by every adapter. `current` is the channel the command was typed in
 * (for "in here", and the platform of people and channels named without one); `kinds` are the action kinds the
 * catalogue knows.
 */
export function parseCommand(text: string, kinds: readonly string[], current: string): TParsed {
  const words = tokenize(text.trim());
  const [head, second, third] = words;
  switch (head?.toLowerCase()) {
    case undefined:
    case 'help':
      return words.length <= 3
        ? ok({ name: 'help', topic: words.slice(1).join(' ') || undefined })
        : fail('help', 'too many words');
    case 'policy':
      return parsePolicy(text, words, kinds, current);
    case 'why':
    case 'undo':
    case 'approve': {
      const name = head.toLowerCase() as 'why' | 'undo' | 'approve';
      if (words.length > 2) return fail(name, 'give just one action id');
      return parseEntryId(name, second, (entryId) => ({ name, entryId }));
    }
    case 'reject':
      return parseEntryId('reject', second, (entryId) => ({
        name: 'reject',
        entryId,
        reason: restAfter(text, 2) || undefined,
      }));
    case 'status':
      return words.length === 1 ? ok({ name: 'status' }) : fail('status', 'status takes no arguments');
    case 'inbox': {
      if (second === undefined || second === 'list')
        return words.length <= 2 ? ok({ name: 'inbox list' }) : fail('inbox', 'list takes no arguments');
      const keys = words.slice(2);
      if (second !== 'retry' || keys.length === 0) return fail('inbox', 'use retry <delivery id> or retry all');
      if (keys.length === 1 && keys[0] === 'all') return ok({ name: 'inbox retry', keys: 'all' });
      return ok({ name: 'inbox retry', keys });
    }
    case 'admins': {
      if (second === 'list' || second === undefined) return ok({ name: 'admins list' });
      const user = third ? userKey(third, current) : undefined;
      if ((second === 'grant' || second === 'revoke') && user && words.length === 3) {
        return ok({ name: `admins ${second}`, user });
      }
      return fail('admins', 'use list, grant @user or revoke @user');
    }
    case 'group': {
      if (second === 'list' || second === undefined) return ok({ name: 'group list' });
      const name = third && /^[\w.-]{1,50}$/.test(third) ? third : undefined;
      if (!name) return fail('group', 'group names use letters, digits, dot, dash and underscore');
      if (second === 'remove' && words.length === 3) return ok({ name: 'group remove', group: name });
      const members = words.slice(3).map((word) => userKey(word, current));
      if (second === 'set' && members.length > 0 && members.every((m) => m !== undefined)) {
        return ok({ name: 'group set', group: name, members: members as string[] });
      }
      return fail('group', 'use set <name> @user…, remove <name> or list');
    }
    case 'people': {
      if (second === 'list' || second === undefined)
        return words.length <= 2 ? ok({ name: 'people list' }) : fail('people', 'list takes no arguments');
      const linking = second === 'link';
      if (!linking && second !== 'unlink')
        return fail('people', 'use link @user <tool>:<id>…, unlink <tool>:<id> or list');
      // A tool identity is not a person, though it looks like a key (`github:ana-dev`).
      const user = linking && third && !toolIdentity(third) ? userKey(third, current) : undefined;
      if (linking && !user) return fail('people', 'say whom to link first: link @user github:login');
      const written = words.slice(linking ? 3 : 2);
      const identities = written.map(toolIdentity);
      const wrong = written.find((_, i) => !identities[i]);
      if (written.length === 0 || wrong !== undefined) {
        return fail(
          'people',
          `${wrong === undefined ? 'name at least one identity' : `"${wrong.slice(0, 60)}" is not an identity`}: write <tool>:<id> with the tool github, jira or hubspot (github:ana-dev, jira:5b10ac8d82e05b22cc7d4ef5, hubspot:123)`,
        );
      }
      const ids = identities as { tool: string; id: string }[];
      return ok(user ? { name: 'people link', user, identities: ids } : { name: 'people unlink', identities: ids });
    }
    case 'agent': {
      const parsed = parseAgentWords(words, current);
      return parsed.ok ? ok(parsed.command) : fail('agent', parsed.error);
    }
    case 'timezone':
      return words.length <= 2 ? ok({ name: 'timezone', zone: second }) : fail('timezone', 'give one zone name');
    default:
      return (
        parseAutonomyCommand(head?.toLowerCase() ?? '', words, current) ?? {
          ok: false,
          error: `unknown command "${head}"`,
          usage: usage.help,
        }
      );
  }
}

const TOOLS = new Set(['github', 'jira', 'hubspot']);

/** `github:ana-dev` → the tool and its own id (Jira account ids may hold a colon: only the first one splits). */
function toolIdentity(word: string): { tool: string; id: string } | undefined {
  const colon = word.indexOf(':');
  const tool = word.slice(0, colon).toLowerCase();
  const id = word.slice(colon + 1).replace(/^@/, '');
  return colon > 0 && TOOLS.has(tool) && /^[\w.:@+-]{1,200}$/.test(id) ? { tool, id } : undefined;
}

/** The first words of every command (`policy`, `why`, `roundup` …). */
const COMMAND_WORDS = new Set(Object.keys(usage).map((key) => key.split(' ')[0] ?? key));

/**
 * Whether text addressed to the bot is a command (on platforms where commands are typed as messages: "@Teammate
 * policy list" in a Teams channel, "status" in the personal chat) rather than a question for it. "why A-42" is a
 * command; "why did you do that?" is a question.
 */
export function looksLikeCommand(text: string): boolean {
  const [head, second] = tokenize(text.trim());
  const word = head?.toLowerCase();
  if (!word || !COMMAND_WORDS.has(word)) return false;
  if (word === 'why') return second !== undefined && parseShortId(second) !== undefined;
  return true;
}
