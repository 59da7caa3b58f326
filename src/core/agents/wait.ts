import type { CoreDeps } from '../deps.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import type { TStatus } from '../lifecycle.js';

/** How often a waiting call looks at the ledger again (the ledger is the truth, whichever replica decided). */
export const WAIT_POLL_MS = 200;
/** The longest a call waits for a decision; longer waits are several calls (get_decision), so no request is long. */
export const MAX_WAIT_SECONDS = 60;

/**
 * The entry once its status is no longer `from`, or as it is after `waitMs`. The wait is real time (people decide in
 * real time), read from the ledger, so a decision taken in any process ends it; `signal` ends it early (the agent
 * went away).
 */
export async function waitWhile(
  deps: Pick<CoreDeps, 'stores'>,
  entry: TLedgerEntry,
  from: TStatus,
  waitMs: number,
  signal?: AbortSignal,
): Promise<TLedgerEntry> {
  const deadline = Date.now() + waitMs;
  let current = entry;
  while (current.status === from && Date.now() < deadline && !signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, Math.max(0, deadline - Date.now()))));
    current = (await deps.stores.ledger.get(entry.id)) ?? current;
  }
  return current;
}
