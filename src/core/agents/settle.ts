import type { CoreDeps } from '../deps.js';
import type { TActionResult, TLedgerEntry } from '../ledger-entry.js';

/** What became of an approved agent entry: carried out (with the result and how to undo it), or failed. */
export type TAgentOutcome =
  | { status: 'executed'; result: TActionResult; undo: unknown; note: string }
  | { status: 'failed'; error: string; note: string };

/**
 * Records the outcome of an approved entry that someone else carried out (the agent, or the person who answered a
 * question) in one go: `approved → executing` (a claim: of two reports, one wins) then `executed` or `failed`.
 * Undefined when the entry was no longer approved.
 */
export async function settleApproved(
  deps: Pick<CoreDeps, 'stores' | 'clock' | 'settings'>,
  entry: Pick<TLedgerEntry, 'id'>,
  actor: string,
  outcome: TAgentOutcome,
  claimNote?: string,
): Promise<TLedgerEntry | undefined> {
  const { ledger } = deps.stores;
  const now = deps.clock.now();
  const claimed = await ledger.transition(
    entry.id,
    { status: ['approved'] },
    { status: 'executing', leaseUntil: new Date(now.getTime() + deps.settings.executionLeaseMs) },
    { actor, ...(claimNote ? { note: claimNote } : {}) },
    now,
  );
  if (!claimed) return undefined;
  return ledger.transition(
    entry.id,
    { status: ['executing'] },
    outcome.status === 'executed'
      ? { status: 'executed', executedAt: now, result: outcome.result, undoHandle: outcome.undo }
      : { status: 'failed', error: outcome.error },
    { actor, note: outcome.note },
    now,
  );
}
