import type { CoreDeps } from '../deps.js';
import { announce } from './announce.js';
import { executeEntry } from './execute.js';

/**
 * Finishes what a crash interrupted. Approved entries nobody claimed are run now (the claim makes it once).
 * Entries whose run or undo outlived its lease cannot be known to have taken effect: they are marked failed with
 * the reason, for a person to check, rather than run twice.
 */
export async function recoverInterrupted(deps: CoreDeps): Promise<number> {
  const { ledger } = deps.stores;
  const now = deps.clock.now();
  let recovered = 0;
  for (const entry of await ledger.leaseExpired(now)) {
    const lease = entry.leaseUntil?.toISOString() ?? 'unknown';
    const reason = `interrupted: the process stopped while this was running (lease ended ${lease}); it may or may not have taken effect, please check`;
    const updated =
      entry.status === 'executing'
        ? await ledger.transition(
            entry.id,
            { status: ['executing'] },
            { status: 'failed', error: reason },
            { actor: 'teammate', note: reason },
            now,
          )
        : await ledger.transition(
            entry.id,
            { undoStatus: ['undoing'] },
            { undoStatus: 'failed', error: reason },
            { actor: 'teammate', to: 'undo:failed', note: reason },
            now,
          );
    if (updated) {
      recovered += 1;
      await announce(deps, updated);
    }
  }
  for (const entry of await ledger.approvedUnclaimed()) {
    await executeEntry(deps, entry.id);
    recovered += 1;
  }
  return recovered;
}
