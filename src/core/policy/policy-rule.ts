import { z } from 'zod';
import { ZNotify } from '../calendar-connector.js';
import type { TKey } from '../identity.js';
import { parseQuietHours } from '../quiet-hours.js';

export const ZMode = z.enum(['auto', 'approve', 'deny']);
export type TMode = z.infer<typeof ZMode>;
export const ZOnExpiry = z.enum(['deny', 'escalate']);
export type TOnExpiry = z.infer<typeof ZOnExpiry>;

/** "workspace", or "channel:<channel key>" for one channel. */
export const ZScope = z.union([
  z.literal('workspace'),
  z.string().regex(/^channel:[a-z][a-z0-9-]*:\S+$/, 'expected channel:<channel key>, such as channel:slack:C123'),
]);
export type TScope = z.infer<typeof ZScope>;

/** "admins", "group:<name>", or a person's key (`slack:U123`). */
export const ZApprover = z
  .string()
  .min(1)
  .regex(/^(admins|group:[\w.-]+|[a-z][a-z0-9-]*:[^\s,]+)$/, 'expected admins, group:<name> or a person (slack:U123)');

export const ZQuietHours = z
  .string()
  .refine((text) => parseQuietHours(text) !== undefined, 'expected HH:MM-HH:MM, e.g. 22:00-08:00');

export const DAY_MS = 86_400_000;

/** A row of the policy table. The most specific row wins: channel+kind, channel+*, workspace+kind, workspace+*. */
export const ZPolicyRule = z.object({
  scope: ZScope,
  kind: z.string().min(1),
  mode: ZMode,
  approvers: z.array(ZApprover).min(1),
  approvalsNeeded: z.number().int().min(1).max(20),
  allowSelfApproval: z.boolean(),
  expiresAfterMs: z
    .number()
    .int()
    .min(60_000)
    .max(30 * DAY_MS),
  onExpiry: ZOnExpiry,
  quietHours: ZQuietHours.optional(),
  dailyAutoCap: z.number().int().min(0).optional(),
  /** Whom a change to a calendar tells (Google's sendUpdates); unset: everyone invited. */
  notify: ZNotify.optional(),
});
export type TPolicyRule = z.infer<typeof ZPolicyRule>;

/** Autonomy level 2 for everything: ask the admins first, expire after a day. */
export const defaultRule: TPolicyRule = {
  scope: 'workspace',
  kind: '*',
  mode: 'approve',
  approvers: ['admins'],
  approvalsNeeded: 1,
  allowSelfApproval: false,
  expiresAfterMs: DAY_MS,
  onExpiry: 'deny',
};

export function ruleKey(rule: Pick<TPolicyRule, 'scope' | 'kind'>): string {
  return `${rule.scope}/${rule.kind}`;
}

export function channelScope(channel: TKey): TScope {
  return `channel:${channel}`;
}

export function scopeChannel(scope: TScope): TKey | undefined {
  return scope === 'workspace' ? undefined : scope.slice('channel:'.length);
}

/** A row as stored, with who changed it last. */
export type TStoredRule = TPolicyRule & { updatedBy: string; updatedAt: Date };

/** One entry of the policy audit trail. */
export type TPolicyChange = {
  at: Date;
  actor: string;
  source: 'chat' | 'import' | 'cli';
  scope: TScope;
  kind: string;
  before?: TPolicyRule;
  after?: TPolicyRule;
};
