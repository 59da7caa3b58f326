import { specFor } from '../actions/catalogue.js';
import { isQuestionKind } from '../agents/agent.js';
import type { CoreDeps } from '../deps.js';
import { platformOf, type TPlatform } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { outcomeLine } from '../present/cards.js';
import { describeApprovers } from '../present/describe-entry.js';
import { formatTime } from '../present/format.js';
import { othersWhoCould, waysOut } from '../present/self-approval.js';
import { rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import { expandApprovers } from './access.js';
import { announce, refreshCards } from './announce.js';
import { executeEntry } from './execute.js';

export type TDecisionInput = {
  platform: TPlatform;
  entryId: number;
  user: string;
  decision: 'approve' | 'reject';
  reason?: string;
};

function alreadyDecided(entry: TLedgerEntry): TRich {
  const when = entry.decidedAt ? ` (${formatTime(entry.decidedAt, entry.policy.timeZone)})` : '';
  return rich`${shortId(entry.id)} is no longer waiting for a decision: ${outcomeLine(entry)}${when}.`;
}

type TDecidable = { refusal: TRich } | { entry: TLedgerEntry; approvers: Set<string> };

/** The entry, if `user` may decide on it now; otherwise the private reply that says why not. */
async function loadDecidable(deps: CoreDeps, platform: TPlatform, entryId: number, user: string): Promise<TDecidable> {
  const entry = await deps.stores.ledger.get(entryId);
  if (!entry || entry.platform !== platform) return { refusal: rich`There is no action ${shortId(entryId)}.` };
  if (entry.status !== 'pending') return { refusal: alreadyDecided(entry) };
  if (isQuestionKind(entry.kind))
    return {
      refusal: rich`${shortId(entryId)} is a question, not an approval: answer it with its buttons or in its thread.`,
    };
  const approvers = await expandApprovers(deps, entry.approvers);
  if (!approvers.has(user)) {
    return {
      refusal: rich`You are not an approver for ${shortId(entryId)}. Its approvers are: ${describeApprovers(entry.approvers)}.`,
    };
  }
  return { entry, approvers };
}

/** Why `user` cannot decide on the entry now, or undefined when they can (asked before a Reject form opens). */
export async function decisionRefusal(deps: CoreDeps, platform: TPlatform, entryId: number, user: string) {
  const decidable = await loadDecidable(deps, platform, entryId, user);
  return 'refusal' in decidable ? decidable.refusal : undefined;
}

/**
 * An approver's answer to a pending entry. Returns the private reply for the person who clicked or typed.
 * Only the approvers the entry names count; each person's vote counts once (a unique row); the move to
 * `approved` is a conditional update, so N votes arriving at once still execute the action once.
 */
export async function decideEntry(deps: CoreDeps, input: TDecisionInput): Promise<TRich> {
  const { ledger } = deps.stores;
  const id = shortId(input.entryId);
  const decidable = await loadDecidable(deps, input.platform, input.entryId, input.user);
  if ('refusal' in decidable) return decidable.refusal;
  const { entry, approvers } = decidable;
  if (input.decision === 'approve' && input.user === entry.requestedBy && !entry.allowSelfApproval) {
    const others = othersWhoCould(
      entry,
      [...approvers].filter((p) => platformOf(p) === entry.platform),
    );
    return others !== undefined
      ? rich`You asked for ${id}, so someone else has to approve it, and ${others === 0 ? 'nobody else can' : 'too few others can'}: ${waysOut(entry)}.`
      : rich`You asked for ${id}, so someone else has to approve it.`;
  }
  const now = deps.clock.now();
  const fresh = await ledger.addVote(entry.id, {
    userId: input.user,
    decision: input.decision,
    reason: input.reason,
    at: now,
  });
  if (!fresh) {
    const latest = await ledger.get(entry.id);
    return latest && latest.status !== 'pending' ? alreadyDecided(latest) : rich`You already answered ${id}.`;
  }
  if (input.decision === 'reject') {
    // One rejection is a veto, whatever the number of approvals needed.
    const rejected = await ledger.transition(
      entry.id,
      { status: ['pending'] },
      { status: 'rejected', decidedBy: input.user, decidedAt: now, reason: input.reason },
      { actor: input.user, note: input.reason ? `rejected: ${input.reason}` : 'rejected' },
      now,
    );
    if (!rejected) return alreadyDecided((await ledger.get(entry.id)) ?? entry);
    deps.metrics.approvalLatency(entry.kind, (now.getTime() - entry.createdAt.getTime()) / 1000);
    await announce(deps, rejected);
    return rich`Rejected ${id}. Nothing will be done${input.reason ? '; your reason is in the ledger' : ''}.`;
  }
  const approvals = (await ledger.votes(entry.id)).filter((v) => v.decision === 'approve' && approvers.has(v.userId));
  if (approvals.length < entry.approvalsNeeded) {
    await refreshCards(deps, entry);
    const missing = entry.approvalsNeeded - approvals.length;
    return rich`Your approval of ${id} is recorded; ${missing} more ${missing === 1 ? 'is' : 'are'} needed.`;
  }
  const approved = await ledger.transition(
    entry.id,
    { status: ['pending'] },
    { status: 'approved', decidedBy: input.user, decidedAt: now },
    { actor: input.user, note: `approved (${approvals.length} of ${entry.approvalsNeeded})` },
    now,
  );
  if (!approved) return alreadyDecided((await ledger.get(entry.id)) ?? entry);
  deps.metrics.approvalLatency(entry.kind, (now.getTime() - entry.createdAt.getTime()) / 1000);
  // What an agent carries out is handed back to it: the cards say it is approved, and the agent reports the outcome.
  if (specFor(deps.catalogue, entry.kind)?.external) await announce(deps, approved);
  else await executeEntry(deps, entry.id);
  const result = (await ledger.get(entry.id)) ?? approved;
  return rich`Approved ${id}: ${outcomeLine(result)}.`;
}
