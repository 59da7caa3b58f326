import { agentUndoGap } from '../agents/agent-request.js';
import type { TLedgerEntry, TLedgerEvent, TVote } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { bold, code, doc, italic, joinRich, list, paragraph, person, quoted, rich } from '../text/build.js';
import type { TDoc, TRich } from '../text/rich-text.js';
import { outcomeLine } from './cards.js';
import {
  describeActor,
  describeApprovers,
  describeEvidence,
  describeOrigin,
  describePolicy,
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
  timeZone: string = entry.policy.timeZone,
): TDoc {
  const tz = timeZone;
  const at = (d: Date) => formatTime(d, tz);
  const items: TRich[] = [];
  const item = (label: string, value: TRich) => items.push(rich`${bold(`${label}:`)} ${value}`);
  item('Trigger', rich`${entry.trigger.summary} (${at(entry.trigger.at)})`);
  const evidence = describeEvidence(entry);
  if (evidence.length > 0) item('Evidence', joinRich(evidence, ' · '));
  item('Proposed by', rich`${describeOrigin(entry.origin)}, because: ${entry.rationale}`);
  if (entry.requestedBy) item('Requested by', [person(entry.requestedBy)]);
  item('Policy', describePolicy(entry));
  if (entry.mode === 'approve') {
    const approvals = votes.filter((v) => v.decision === 'approve');
    const rejections = votes.filter((v) => v.decision === 'reject');
    const who = (list: readonly TVote[]) =>
      joinRich(
        list.map((v) =>
          v.reason
            ? rich`${person(v.userId)} (${at(v.at)}: ${quoted(v.reason, 300)})`
            : rich`${person(v.userId)} (${at(v.at)})`,
        ),
        ', ',
      );
    item(
      'Approvers',
      rich`${describeApprovers(entry.approvers)}, ${entry.approvalsNeeded} needed${entry.escalated ? ' (escalated to admins after no decision)' : ''}`,
    );
    if (approvals.length > 0) item('Approved by', who(approvals));
    if (rejections.length > 0) item('Rejected by', who(rejections));
    if (votes.length === 0 && entry.status === 'pending' && entry.expiresAt) {
      item('Waiting', rich`no decision yet; deadline ${at(entry.expiresAt)}`);
    }
  }
  if (entry.result) item('Result', entry.result.summary);
  if (entry.status === 'undone') {
    item(
      'Undone',
      rich`by ${entry.undoneBy ? describeActor(entry.undoneBy) : 'someone'}${entry.undoneAt ? ` at ${at(entry.undoneAt)}` : ''}`,
    );
  } else if (entry.undoStatus === 'failed') {
    item('Undo failed', rich`${entry.error ?? 'unknown error'}`);
  } else if (entry.undoStatus === 'refused') {
    item('Undo refused', rich`${entry.error ?? 'it changed since'}`);
  } else if (entry.status === 'executed' && (entry.policy.irreversible || agentUndoGap(entry))) {
    item('Undo', rich`not possible: ${entry.policy.irreversible ?? agentUndoGap(entry) ?? ''}`);
  } else if (entry.status === 'executed') {
    item('Undo', rich`still possible with ${code(`/teammate undo ${shortId(entry.id)}`)}`);
  }
  const steps = joinRich(
    history.map((e) => rich`${e.to} (${describeActor(e.actor)}, ${at(e.at).slice(11)})`),
    ' → ',
  );
  return doc(
    rich`${bold(`${shortId(entry.id)} · `)}${entry.summary} — ${outcomeLine(entry)}`,
    list(items),
    paragraph(rich`${italic('History:')} ${steps}`),
  );
}
