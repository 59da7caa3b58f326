import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import type { Catalogue } from '../actions/catalogue.js';
import { isPolicyKind, policyKindWords } from '../agents/agent.js';
import { ZNotify } from '../calendar-connector.js';
import { formatDuration, parseDuration } from '../duration.js';
import { isKey, qualify, type TPlatform } from '../identity.js';
import { formatIssues } from '../zod-issues.js';
import {
  channelScope,
  defaultRule,
  ruleKey,
  scopeChannel,
  type TPolicyRule,
  ZMode,
  ZOnExpiry,
  ZPolicyRule,
  ZQuietHours,
} from './policy-rule.js';

/**
 * One row as teams write it in git: no channel means the whole workspace; durations are human ("24h"). Channels and
 * people are keys (`slack:C123`, `slack:U123`); bare ids are read on the platform the file is imported from.
 */
const ZFileRule = z
  .object({
    channel: z.string().min(1).optional(),
    kind: z.string().min(1).default('*'),
    mode: ZMode,
    approvers: z
      .array(z.string().regex(/^(admins|group:[\w.-]+|[^\s,]+)$/, 'expected admins, group:<name> or a person'))
      .min(1)
      .default(['admins']),
    approvalsNeeded: z.number().int().min(1).max(20).default(1),
    allowSelfApproval: z.boolean().default(false),
    expiresAfter: z
      .string()
      .default('24h')
      .refine((text) => parseDuration(text) !== undefined, 'expected a duration such as 90m, 24h or 2d'),
    onExpiry: ZOnExpiry.default('deny'),
    quietHours: ZQuietHours.optional(),
    dailyAutoCap: z.number().int().min(0).optional(),
    notify: ZNotify.optional(),
  })
  .strict();

export const ZPolicyFile = z.object({ version: z.literal(1), rules: z.array(ZFileRule) }).strict();
export type TPolicyFile = z.infer<typeof ZPolicyFile>;

/** Problems a schema cannot see alone: unknown kinds, irreversible kinds set to auto, a row given twice. */
export function ruleProblems(
  rules: readonly TPolicyRule[],
  catalogue: Catalogue,
  label = (i: number) => `rules.${i}`,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const spec = catalogue.get(rule.kind);
    if (!isPolicyKind(rule.kind, [...catalogue.keys()])) {
      problems.push(
        `${label(i)}.kind: unknown kind "${rule.kind}"; kinds are ${policyKindWords([...catalogue.keys()])}`,
      );
    }
    if (rule.mode === 'auto' && spec && !spec.reversible) {
      problems.push(`${label(i)}.mode: ${rule.kind} cannot be undone, so it can never be auto`);
    }
    if (seen.has(ruleKey(rule))) problems.push(`${label(i)}: a second row for ${ruleKey(rule)}`);
    seen.add(ruleKey(rule));
  });
  return problems;
}

/** Parses an exported file (YAML or JSON, which is YAML too) into policy rows, naming every field that is wrong. */
export function parsePolicyFile(
  text: string,
  catalogue: Catalogue,
  platform?: TPlatform,
): { ok: true; rules: TPolicyRule[] } | { ok: false; error: string } {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return {
      ok: false,
      error: `not valid YAML or JSON: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
    };
  }
  const file = ZPolicyFile.safeParse(document);
  if (!file.success) return { ok: false, error: formatIssues(file.error) };
  const bare = file.data.rules.flatMap((row, i) =>
    [row.channel, ...row.approvers]
      .filter((id): id is string => id !== undefined && id !== 'admins' && !id.startsWith('group:') && !isKey(id))
      .map((id) => `rules.${i}: "${id}" names no platform; write it as a key, such as slack:${id}`),
  );
  if (bare.length > 0 && !platform) return { ok: false, error: bare.join('; ') };
  const key = (id: string) => (platform ? qualify(id, platform) : id);
  const rules = file.data.rules.map(
    (row): TPolicyRule =>
      ZPolicyRule.parse({
        scope: row.channel ? channelScope(key(row.channel)) : 'workspace',
        kind: row.kind,
        mode: row.mode,
        approvers: row.approvers.map((a) => (a === 'admins' || a.startsWith('group:') ? a : key(a))),
        approvalsNeeded: row.approvalsNeeded,
        allowSelfApproval: row.allowSelfApproval,
        expiresAfterMs: parseDuration(row.expiresAfter),
        onExpiry: row.onExpiry,
        ...(row.quietHours !== undefined ? { quietHours: row.quietHours } : {}),
        ...(row.dailyAutoCap !== undefined ? { dailyAutoCap: row.dailyAutoCap } : {}),
        ...(row.notify ? { notify: row.notify } : {}),
      }),
  );
  const problems = ruleProblems(rules, catalogue);
  return problems.length > 0 ? { ok: false, error: problems.join('; ') } : { ok: true, rules };
}

export function toPolicyFile(rules: readonly TPolicyRule[]): TPolicyFile {
  return {
    version: 1,
    rules: rules.map((rule) => ({
      ...(scopeChannel(rule.scope) ? { channel: scopeChannel(rule.scope) } : {}),
      kind: rule.kind,
      mode: rule.mode,
      approvers: rule.approvers,
      approvalsNeeded: rule.approvalsNeeded,
      allowSelfApproval: rule.allowSelfApproval,
      expiresAfter: formatDuration(rule.expiresAfterMs),
      onExpiry: rule.onExpiry,
      ...(rule.quietHours ? { quietHours: rule.quietHours } : {}),
      ...(rule.dailyAutoCap !== undefined ? { dailyAutoCap: rule.dailyAutoCap } : {}),
      ...(rule.notify ? { notify: rule.notify } : {}),
    })),
  };
}

export function formatPolicyFile(rules: readonly TPolicyRule[], format: 'yaml' | 'json'): string {
  const file = toPolicyFile(rules);
  if (format === 'json') return `${JSON.stringify(file, null, 2)}\n`;
  const header = [
    '# Teammate policy table. Rows without a channel apply to the whole workspace; the most specific row wins.',
    `# Anything not listed falls back to: mode ${defaultRule.mode}, approvers ${defaultRule.approvers.join(',')}.`,
  ];
  return `${header.join('\n')}\n${stringifyYaml(file)}`;
}
