import { isKey, nativeId } from '../identity.js';
import type { TLedgerEntry, TLedgerEvent, TVote } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { outcomeLine } from './cards.js';
import {
  describeApprovers,
  describeEvidence,
  describeOrigin,
  describePolicy,
  type TFormatter,
} from './describe-entry.js';
import { formatTime } from './format.js';

/**
 * The answer to "why did you do that?", built only from the ledger: trigger, evidence, who proposed it and why,
 * the policy row and mode, who decided and when, the result, and whether it was undone.
 */
export function explainEntry(
  entry: TLedgerEntry,
  history: readonly TLedgerEvent[],
  votes: readonly TVote[],
  format: TFormatter,
): string {
  const tz = entry.policy.timeZone;
  const at = (d: Date) => formatTime(d, tz);
  const lines = [`*${shortId(entry.id)} · ${entry.summary}* — ${outcomeLine(entry, format)}`];
  lines.push(`• *Trigger:* ${entry.trigger.summary} (${at(entry.trigger.at)})`);
  const evidence = describeEvidence(entry, format);
  if (evidence.length > 0) lines.push(`• *Evidence:* ${evidence.join(' · ')}`);
  lines.push(`• *Proposed by:* ${describeOrigin(entry.origin, format)}, because: ${entry.rationale}`);
  if (entry.requestedBy) lines.push(`• *Requested by:* ${format.mention(entry.requestedBy)}`);
  lines.push(`• *Policy:* ${describePolicy(entry, format)}`);
  if (entry.mode === 'approve') {
    const approvals = votes.filter((v) => v.decision === 'approve');
    const rejections = votes.filter((v) => v.decision === 'reject');
    const who = (list: readonly TVote[]) =>
      list.map((v) => `${format.mention(v.userId)} (${at(v.at)}${v.reason ? `: ${v.reason}` : ''})`).join(', ');
    lines.push(
      `• *Approvers:* ${describeApprovers(entry.approvers, format)}, ${entry.approvalsNeeded} needed` +
        (entry.escalated ? ' (escalated to admins after no decision)' : ''),
    );
    if (approvals.length > 0) lines.push(`• *Approved by:* ${who(approvals)}`);
    if (rejections.length > 0) lines.push(`• *Rejected by:* ${who(rejections)}`);
    if (votes.length === 0 && entry.status === 'pending' && entry.expiresAt) {
      lines.push(`• *Waiting:* no decision yet; deadline ${at(entry.expiresAt)}`);
    }
  }
  if (entry.result) lines.push(`• *Result:* ${entry.result.summary}`);
  if (entry.status === 'undone') {
    lines.push(
      `• *Undone:* by ${entry.undoneBy ? format.mention(entry.undoneBy) : 'someone'}${entry.undoneAt ? ` at ${at(entry.undoneAt)}` : ''}`,
    );
  } else if (entry.undoStatus === 'failed') {
    lines.push(`• *Undo failed:* ${entry.error ?? 'unknown error'}`);
  } else if (entry.status === 'executed') {
    lines.push(`• *Undo:* still possible with \`/teammate undo ${shortId(entry.id)}\``);
  }
  const steps = history.map((e) => `${e.to} (${isKey(e.actor) ? nativeId(e.actor) : e.actor}, ${at(e.at).slice(11)})`);
  lines.push(`_History: ${steps.join(' → ')}_`);
  return lines.join('\n');
}
