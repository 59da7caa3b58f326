import { isAgentKind } from '../agents/agent.js';
import type { TNotify } from '../calendar-connector.js';
import { formatDuration } from '../duration.js';
import type { TPolicyChange, TPolicyRule, TStoredRule } from '../policy/policy-rule.js';
import { defaultRule, scopeChannel } from '../policy/policy-rule.js';
import { bold, channelRef, doc, italic, joinRich, list, rich } from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';
import { describeActor, describeApprovers } from './describe-entry.js';
import { formatTime } from './format.js';

export function describeRule(rule: TPolicyRule): TRich {
  const channel = scopeChannel(rule.scope);
  const parts: TRich[] = [rich`${channel ? channelRef(channel) : 'workspace'} / ${rule.kind} → ${rule.mode}`];
  if (rule.mode !== 'deny') {
    parts.push(rich`approvers ${describeApprovers(rule.approvers)}`);
    if (rule.approvalsNeeded > 1) parts.push(rich`${rule.approvalsNeeded} approvals needed`);
    if (rule.allowSelfApproval) parts.push(rich`self-approval allowed`);
    parts.push(rich`expires after ${formatDuration(rule.expiresAfterMs)} then ${rule.onExpiry}`);
  }
  if (rule.quietHours) parts.push(rich`quiet hours ${rule.quietHours}`);
  if (rule.dailyAutoCap !== undefined) parts.push(rich`at most ${rule.dailyAutoCap} automatic runs a day`);
  if (rule.notify) parts.push(rich`calendar changes tell ${NOTIFY_WORDS[rule.notify]}`);
  return joinRich(parts, ' · ');
}

const NOTIFY_WORDS: Record<TNotify, string> = {
  all: 'everyone invited',
  external: 'only guests outside the organisation',
  none: 'nobody',
};
/**
 * The table, most specific rows first as they are stored. `unavailable` marks the kinds the asker's platform cannot
 * carry out (a row for them applies elsewhere; here such proposals are refused).
 */
export function policyTable(
  rules: readonly TStoredRule[],
  timeZone: string,
  unavailable: { platform: string; kinds: readonly string[] } = { platform: '', kinds: [] },
): TDoc {
  const cannot = (kind: string) =>
    unavailable.kinds.includes(kind) ? italic(` (${unavailable.platform} cannot do this)`) : undefined;
  // In the order rows win: channel+kind, channel+*, workspace+kind, workspace+* (then by channel and kind).
  const rank = (rule: TStoredRule) => (rule.scope === 'workspace' ? 2 : 0) + (rule.kind === '*' ? 1 : 0);
  const ordered = [...rules].sort(
    (a, b) => rank(a) - rank(b) || a.scope.localeCompare(b.scope) || a.kind.localeCompare(b.kind),
  );
  const rows = ordered.map(
    (rule) =>
      rich`${describeRule(rule)}${cannot(rule.kind)} (${describeActor(rule.updatedBy)}, ${formatTime(rule.updatedAt, timeZone)})`,
  );
  // The built-in default applies only while no workspace row for every kind replaces it.
  if (!rules.some((r) => r.scope === 'workspace' && r.kind === '*')) {
    rows.push(rich`${describeRule(defaultRule)} (built-in default)`);
  }
  const agents = rules.some((r) => isAgentKind(r.kind))
    ? " (an agent's kind agent:<name>:<action> is matched by itself, then agent:<name>:*, then agent:*, before *)"
    : '';
  return doc(
    rich`${bold('Policy table')} — the most specific row wins: channel+kind, channel+*, workspace+kind, workspace+*${agents}`,
    list(rows),
    ...(unavailable.kinds.length > 0
      ? [rich`Not available on ${unavailable.platform}, so refused when proposed here: ${unavailable.kinds.join(', ')}`]
      : []),
  );
}

export function policyHistory(changes: readonly TPolicyChange[], timeZone: string): TDoc {
  if (changes.length === 0)
    return doc(rich`The policy table has never been changed: every action kind needs approval by an admin.`);
  const show = (rule?: TPolicyRule): TRich => (rule ? describeRule(rule) : rich`(no row)`);
  return doc(
    rich`${bold('Policy changes')}, newest first`,
    list(
      changes.map(
        (c) =>
          rich`${formatTime(c.at, timeZone)} ${describeActor(c.actor)} via ${c.source}: ${show(c.before)} ⟶ ${show(c.after)}`,
      ),
    ),
  );
}
