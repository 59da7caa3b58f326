import type { TButton, TOutbound } from '../chat-port.js';
import type { TLedgerEntry, TVote } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { wouldHave } from '../policy/gate.js';
import {
  describeApprovers,
  describeEvidence,
  describeOrigin,
  describePolicy,
  type TFormatter,
} from './describe-entry.js';
import { formatTime, relative } from './format.js';

const approveButtons = (id: number): TButton[] => [
  { label: 'Approve', action: 'approve', entryId: id, style: 'primary' },
  { label: 'Reject', action: 'reject', entryId: id, style: 'danger' },
  { label: 'Why?', action: 'why', entryId: id },
];

/** The card asking approvers to decide. Its text always carries the short id. */
export function approvalCard(entry: TLedgerEntry, votes: readonly TVote[], format: TFormatter, now: Date): TOutbound {
  const id = shortId(entry.id);
  const approvals = votes.filter((v) => v.decision === 'approve');
  const fields = [
    { label: 'Proposed by', value: describeOrigin(entry.origin, format) },
    { label: 'Policy', value: describePolicy(entry, format) },
    {
      label: 'Approvers',
      value: `${describeApprovers(entry.approvers, format)} · ${approvals.length} of ${entry.approvalsNeeded} approvals`,
    },
  ];
  if (entry.expiresAt) {
    const action = entry.onExpiry === 'escalate' && !entry.escalated ? 'escalates to admins' : 'expires';
    fields.push({
      label: 'Deadline',
      value: `${action} ${relative(entry.expiresAt, now)} (${formatTime(entry.expiresAt, entry.policy.timeZone)})`,
    });
  }
  const evidence = describeEvidence(entry, format);
  return {
    text: `${id}: approval needed to ${entry.summary}. Approve or reject with the buttons or \`/teammate approve ${id}\`.`,
    card: {
      title: `${id} · Approval needed: ${entry.summary}`,
      lines: [`*Why:* ${entry.rationale}`, ...(evidence.length > 0 ? [`*Evidence:* ${evidence.join(' · ')}`] : [])],
      fields,
      buttons: approveButtons(entry.id),
      context:
        approvals.length > 0
          ? `Approved so far by ${approvals.map((v) => format.mention(v.userId)).join(', ')}`
          : undefined,
    },
  };
}

/** One line saying where the entry stands, e.g. "approved by @alice · done: posted in #general". */
export function outcomeLine(entry: TLedgerEntry, format: TFormatter): string {
  const by =
    entry.decidedBy && entry.decidedBy !== 'policy' && entry.decidedBy !== 'shadow mode'
      ? ` by ${format.mention(entry.decidedBy)}`
      : '';
  switch (entry.status) {
    case 'executed':
      if (entry.undoStatus === 'failed') return `done${by} · undo failed: ${entry.error ?? 'unknown error'}`;
      return `${entry.mode === 'auto' ? 'done automatically' : `approved${by} · done`}: ${entry.result?.summary ?? ''}`;
    case 'undone':
      return `undone by ${entry.undoneBy ? format.mention(entry.undoneBy) : 'someone'}`;
    case 'failed':
      return `failed: ${entry.error ?? 'unknown error'}`;
    case 'rejected':
      return `rejected${by}${entry.reason ? `: ${entry.reason}` : ''}`;
    case 'expired':
      return 'expired without a decision; nothing was done';
    case 'denied':
      return 'denied by policy; nothing was done';
    case 'approved':
    case 'executing':
      return `approved${by} · running`;
    case 'pending':
      return entry.escalated ? 'waiting for an admin to decide' : 'waiting for approval';
    case 'proposed':
      return 'proposed';
    case 'shadowed':
      return `shadow mode: would have ${wouldHave(entry.mode)}; nothing was done`;
    case 'invalid':
      return `not a valid proposal, so nothing was done: ${entry.error ?? 'unknown error'}`;
  }
}

/** The card after a decision: who decided, when, the result, and Undo while undo is possible. */
export function resolvedCard(entry: TLedgerEntry, format: TFormatter): TOutbound {
  const id = shortId(entry.id);
  const outcome = outcomeLine(entry, format);
  const buttons: TButton[] = [{ label: 'Why?', action: 'why', entryId: entry.id }];
  if (entry.status === 'executed' && entry.undoStatus !== 'undone') {
    buttons.unshift({ label: 'Undo', action: 'undo', entryId: entry.id, style: 'danger' });
  }
  const when = entry.decidedAt ? ` · decided ${formatTime(entry.decidedAt, entry.policy.timeZone)}` : '';
  return {
    text: `${id}: ${entry.summary} — ${outcome}`,
    card: {
      title: `${id} · ${entry.summary}`,
      lines: [`*Outcome:* ${outcome}`],
      fields: [{ label: 'Proposed by', value: describeOrigin(entry.origin, format) }],
      buttons,
      context: `${entry.status}${when}`,
    },
  };
}
