import { specFor } from '../actions/catalogue.js';
import type { CoreDeps } from '../deps.js';
import { AppError, AppErrorCode } from '../errors.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { announce } from './announce.js';
import { carryOut, executeEntry } from './execute.js';

/**
 * Finishes what a crash interrupted. Approved entries nobody claimed are run now (the claim makes it once). A run
 * that outlived its lease is taken over by one process (the lease is renewed only where it ran out): kinds that can
 * tell whether it took effect (their message carries the entry id) look first, and record it executed if it did
 * or run it now if it did not, so it happens once. For the others, and for undos, nobody can know: they are marked
 * failed with the reason, for a person to check, rather than done twice.
 */
export async function recoverInterrupted(deps: CoreDeps): Promise<number> {
  const { ledger } = deps.stores;
  const now = deps.clock.now();
  let recovered = 0;
  for (const entry of await ledger.leaseExpired(now)) {
    if (entry.status === 'executing' && specFor(deps.catalogue, entry.kind)?.recover) {
      if (await takeOver(deps, entry)) recovered += 1;
      continue;
    }
    const reason = interrupted(entry);
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
    // An agent's approved request waits for the agent, not for Teammate.
    if (specFor(deps.catalogue, entry.kind)?.external) continue;
    await executeEntry(deps, entry.id);
    recovered += 1;
  }
  return recovered;
}

const interrupted = (entry: TLedgerEntry) =>
  `interrupted: the process stopped while this was running (lease ended ${entry.leaseUntil?.toISOString() ?? 'unknown'}); it may or may not have taken effect, please check`;

/** Takes over an interrupted run of a kind that can look for its effect; false if another process did. */
async function takeOver(deps: CoreDeps, entry: TLedgerEntry): Promise<boolean> {
  const now = deps.clock.now();
  const taken = await deps.stores.ledger.transition(
    entry.id,
    { status: ['executing'], leaseBefore: now },
    { leaseUntil: new Date(now.getTime() + deps.settings.executionLeaseMs) },
    { actor: 'teammate', to: 'executing', note: 'interrupted while running: looking for what it did' },
    now,
  );
  if (!taken) return false;
  await carryOut(deps, taken, async (spec, io) => {
    let found: Awaited<ReturnType<NonNullable<typeof spec.recover>>>;
    try {
      found = (await spec.recover?.(taken.params, io)) ?? 'unknown';
    } catch (error) {
      // Looking failed (the platform is away): nobody can tell, so a person checks, as for kinds that cannot look.
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError(AppErrorCode.internal, {
        message: `${interrupted(entry)} (looking for its message failed: ${reason})`,
      });
    }
    if (found === 'unknown') throw new AppError(AppErrorCode.internal, { message: interrupted(entry) });
    if (found !== 'not-done') {
      return { receipt: found, note: 'it had taken effect before the interruption (its message was found)' };
    }
    return {
      receipt: await spec.execute(taken.params, io),
      note: 'it had not taken effect before the interruption (no message of it was found), so it ran now',
    };
  });
  return true;
}
