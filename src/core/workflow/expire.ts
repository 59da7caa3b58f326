import type { CoreDeps } from '../deps.js';
import { formatDuration } from '../duration.js';
import { shortId } from '../ledger-entry.js';
import { rich } from '../text/build.js';
import { announce, postInThread, refreshCards } from './announce.js';
import { sendCardsToAdmins } from './post-approval.js';

/** Pending entries past their deadline either escalate to the admins once, or expire (nothing is done). */
export async function expireDue(deps: CoreDeps): Promise<number> {
  const { ledger } = deps.stores;
  const now = deps.clock.now();
  let handled = 0;
  for (const entry of await ledger.pendingExpiringBefore(now)) {
    const waited = formatDuration(entry.policy.rule.expiresAfterMs);
    if (entry.onExpiry === 'escalate' && !entry.escalated) {
      const escalated = await ledger.transition(
        entry.id,
        { status: ['pending'], escalated: false },
        {
          escalated: true,
          approvers: ['admins'],
          expiresAt: new Date(now.getTime() + entry.policy.rule.expiresAfterMs),
        },
        { actor: 'teammate', to: 'pending', note: `no decision within ${waited}: escalated to admins` },
        now,
      );
      if (!escalated) continue;
      await sendCardsToAdmins(deps, escalated);
      await refreshCards(deps, escalated);
      await postInThread(
        deps,
        escalated,
        rich`${shortId(entry.id)} had no decision within ${waited}; I asked the admins.`,
      );
    } else {
      const expired = await ledger.transition(
        entry.id,
        { status: ['pending'] },
        { status: 'expired', decidedBy: 'teammate', decidedAt: now },
        { actor: 'teammate', note: `no decision within ${waited}` },
        now,
      );
      if (!expired) continue;
      await announce(deps, expired);
    }
    handled += 1;
  }
  return handled;
}
