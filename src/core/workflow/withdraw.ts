import type { CoreDeps } from '../deps.js';
import type { TWithdrawMatch } from '../detectors/detector.js';
import { refreshCards } from './announce.js';

/**
 * Pending proposals whose reason went away are withdrawn: recorded with the reason (a conditional update, so an
 * approval that got there first wins), and their cards updated to say why, without buttons. Nothing else is
 * posted: the thread already shows what happened.
 */
export async function withdrawPending(deps: CoreDeps, match: TWithdrawMatch, reason: string): Promise<number> {
  const { ledger } = deps.stores;
  const found = await ledger.pendingByKey('key' in match ? { key: match.key } : { prefix: match.prefix });
  const except = new Set('except' in match ? match.except : []);
  let withdrawn = 0;
  for (const entry of found) {
    if (except.has(entry.dedupeKey)) continue;
    const now = deps.clock.now();
    const moved = await ledger.transition(
      entry.id,
      { status: ['pending'] },
      { status: 'withdrawn', decidedBy: 'teammate', decidedAt: now, reason },
      { actor: 'teammate', note: reason },
      now,
    );
    if (!moved) continue;
    withdrawn += 1;
    deps.log.info({ entry: entry.id, reason }, 'withdrew a proposal whose reason went away');
    await refreshCards(deps, moved);
  }
  return withdrawn;
}
