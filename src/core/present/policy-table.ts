import { formatDuration } from '../duration.js';
import type { TPolicyChange, TPolicyRule, TStoredRule } from '../policy/policy-rule.js';
import { defaultRule, scopeChannel } from '../policy/policy-rule.js';
import { describeApprovers, type TFormatter } from './describe-entry.js';
import { formatTime } from './format.js';

export function describeRule(rule: TPolicyRule, format: TFormatter): string {
  const channel = scopeChannel(rule.scope);
  // No markup here: a kind of `*` would read as bold.
  const parts = [`${channel ? format.channelLabel(channel) : 'workspace'} / ${rule.kind} → ${rule.mode}`];
  if (rule.mode !== 'deny') {
    parts.push(`approvers ${describeApprovers(rule.approvers, format)}`);
    if (rule.approvalsNeeded > 1) parts.push(`${rule.approvalsNeeded} approvals needed`);
    if (rule.allowSelfApproval) parts.push('self-approval allowed');
    parts.push(`expires after ${formatDuration(rule.expiresAfterMs)} then ${rule.onExpiry}`);
  }
  if (rule.quietHours) parts.push(`quiet hours ${rule.quietHours}`);
  if (rule.dailyAutoCap !== undefined) parts.push(`at most ${rule.dailyAutoCap} automatic runs a day`);
  return parts.join(' · ');
}

export function policyTable(rules: readonly TStoredRule[], format: TFormatter, timeZone: string): string {
  const lines = ['*Policy table* — the most specific row wins: channel+kind, channel+*, workspace+kind, workspace+*'];
  for (const rule of rules) {
    lines.push(`• ${describeRule(rule, format)} _(${rule.updatedBy}, ${formatTime(rule.updatedAt, timeZone)})_`);
  }
  lines.push(`• ${describeRule(defaultRule, format)} _(built-in default)_`);
  return lines.join('\n');
}

export function policyHistory(changes: readonly TPolicyChange[], format: TFormatter, timeZone: string): string {
  if (changes.length === 0)
    return 'The policy table has never been changed: every action kind needs approval by an admin.';
  const show = (rule?: TPolicyRule) => (rule ? describeRule(rule, format) : '(no row)');
  return [
    '*Policy changes*, newest first',
    ...changes.map(
      (c) =>
        `• ${formatTime(c.at, timeZone)} ${format.mention(c.actor)} via ${c.source}: ${show(c.before)} ⟶ ${show(c.after)}`,
    ),
  ].join('\n');
}
