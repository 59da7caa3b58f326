import { isQuestionKind } from '../agents/agent.js';
import { agentUndoGap } from '../agents/agent-request.js';
import type { TButton, TOutbound } from '../chat-port.js';
import type { TKey } from '../identity.js';
import type { TLedgerEntry, TVote } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { wouldHave } from '../policy/gate.js';
import { bold, code, doc, joinRich, person, quoted, rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import {
  describeActor,
  describeApprovers,
  describeEvidence,
  describeOrigin,
  describePolicy,
} from './describe-entry.js';
import { formatTime, relative } from './format.js';
import { noOtherApprover } from './self-approval.js';

const approveButtons = (id: number): TButton[] => [
  { label: 'Approve', action: 'approve', entryId: id, style: 'primary' },
  { label: 'Reject', action: 'reject', entryId: id, style: 'danger' },
  { label: 'Why?', action: 'why', entryId: id },
];

/** The card asking approvers to decide. Its text always carries the short id. */
export function approvalCard(
  entry: TLedgerEntry,
  votes: readonly TVote[],
  now: Date,
  deciders?: readonly TKey[],
): TOutbound {
  const id = shortId(entry.id);
  const approvals = votes.filter((v) => v.decision === 'approve');
  const fields = [
    { label: 'Proposed by', value: describeOrigin(entry.origin) },
    { label: 'Policy', value: describePolicy(entry) },
    {
      label: 'Approvers',
      value: rich`${describeApprovers(entry.approvers)} · ${approvals.length} of ${entry.approvalsNeeded} approvals`,
    },
  ];
  if (entry.expiresAt) {
    const action = entry.onExpiry === 'escalate' && !entry.escalated ? 'escalates to admins' : 'expires';
    fields.push({
      label: 'Deadline',
      value: rich`${action} ${relative(entry.expiresAt, now)} (${formatTime(entry.expiresAt, entry.policy.timeZone)})`,
    });
  }
  const evidence = describeEvidence(entry);
  const stuck = deciders ? noOtherApprover(entry, deciders) : undefined;
  return {
    body: doc(
      rich`${id}: approval needed to ${entry.summary}. Approve or reject with the buttons or ${code(`/teammate approve ${id}`)}.`,
    ),
    card: {
      title: rich`${id} · Approval needed: ${entry.summary}`,
      body: doc(
        rich`${bold('Why:')} ${entry.rationale}`,
        ...(entry.policy.irreversible ? [rich`${bold('This cannot be undone:')} ${entry.policy.irreversible}.`] : []),
        ...(evidence.length > 0 ? [rich`${bold('Evidence:')} ${joinRich(evidence, ' · ')}`] : []),
        ...(stuck ? [stuck] : []),
      ),
      fields,
      buttons: approveButtons(entry.id),
      ...(deciders ? { deciders } : {}),
      context:
        approvals.length > 0
          ? rich`Approved so far by ${joinRich(
              approvals.map((v) => [person(v.userId)]),
              ', ',
            )}`
          : undefined,
    },
  };
}

/** One line saying where the entry stands, e.g. "approved by @alice · done: posted in #general". */
export function outcomeLine(entry: TLedgerEntry): TRich {
  const by: TRich =
    entry.decidedBy && entry.decidedBy !== 'policy' && entry.decidedBy !== 'shadow mode'
      ? rich` by ${describeActor(entry.decidedBy)}`
      : [];
  switch (entry.status) {
    case 'executed':
      if (isQuestionKind(entry.kind)) return entry.result?.summary ?? rich`answered`;
      if (entry.undoStatus === 'failed') return rich`done${by} · undo failed: ${entry.error ?? 'unknown error'}`;
      if (entry.undoStatus === 'refused') return rich`done${by} · not undone: ${entry.error ?? 'it changed since'}`;
      return entry.mode === 'auto'
        ? rich`done automatically: ${entry.result?.summary ?? []}`
        : rich`approved${by} · done: ${entry.result?.summary ?? []}`;
    case 'undone':
      return rich`undone by ${entry.undoneBy ? describeActor(entry.undoneBy) : 'someone'}`;
    case 'failed':
      return rich`failed: ${entry.error ?? 'unknown error'}`;
    case 'rejected':
      return entry.reason ? rich`rejected${by}: ${quoted(entry.reason, 300)}` : rich`rejected${by}`;
    case 'expired':
      return rich`expired without a decision; nothing was done`;
    case 'withdrawn':
      return rich`withdrawn: ${entry.reason ?? 'its reason went away'}; nothing was done`;
    case 'denied':
      return rich`denied by policy; nothing was done`;
    case 'approved':
    case 'executing':
      return rich`approved${by} · running`;
    case 'pending':
      return rich`${entry.escalated ? 'waiting for an admin to decide' : 'waiting for approval'}`;
    case 'proposed':
      return rich`proposed`;
    case 'shadowed':
      return rich`shadow mode: would have ${wouldHave(entry.mode)}; nothing was done`;
    case 'invalid':
      return rich`not a valid proposal, so nothing was done: ${entry.error ?? 'unknown error'}`;
  }
}

/** The card after a decision: who decided, when, the result, and Undo while undo is possible. */
export function resolvedCard(entry: TLedgerEntry): TOutbound {
  const id = shortId(entry.id);
  const outcome = outcomeLine(entry);
  const buttons: TButton[] = [{ label: 'Why?', action: 'why', entryId: entry.id }];
  if (
    entry.status === 'executed' &&
    entry.undoStatus !== 'undone' &&
    !entry.policy.irreversible &&
    !agentUndoGap(entry)
  ) {
    buttons.unshift({ label: 'Undo', action: 'undo', entryId: entry.id, style: 'danger' });
  }
  const when = entry.decidedAt ? ` · decided ${formatTime(entry.decidedAt, entry.policy.timeZone)}` : '';
  return {
    body: doc(rich`${id}: ${entry.summary} — ${outcome}`),
    card: {
      title: rich`${id} · ${entry.summary}`,
      body: doc(rich`${bold('Outcome:')} ${outcome}`),
      fields: [{ label: 'Proposed by', value: describeOrigin(entry.origin) }],
      buttons,
      context: rich`${entry.status}${when}`,
    },
  };
}
