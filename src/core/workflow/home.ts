import type { THomeBlock } from '../chat-port.js';
import type { CoreDeps } from '../deps.js';
import type { TKey, TPlatform } from '../identity.js';
import { approvalCard, resolvedCard } from '../present/cards.js';
import { policyTable } from '../present/policy-table.js';
import { approvalRates } from '../present/status.js';
import { doc, rich } from '../text/build.js';
import { pendingFor } from './access.js';

const SHOWN = 10;

/** What a person sees on the bot's home: approvals waiting for them, recent actions, the policy, approval rates. */
export async function buildHome(deps: CoreDeps, platform: TPlatform, user: TKey): Promise<THomeBlock[]> {
  const { ledger, policy } = deps.stores;
  const now = deps.clock.now();
  const mine = await pendingFor(deps, platform, user, SHOWN);
  const blocks: THomeBlock[] = [{ kind: 'header', text: `Waiting for you (${mine.length})` }];
  if (mine.length === 0) blocks.push({ kind: 'text', body: doc(rich`Nothing needs your approval right now.`) });
  for (const entry of mine) {
    const card = approvalCard(entry, await ledger.votes(entry.id), now).card;
    if (card) blocks.push({ kind: 'card', card });
  }
  blocks.push({ kind: 'divider' }, { kind: 'header', text: 'Recent actions' });
  const recent = (await ledger.recent({ limit: SHOWN * 2 })).filter(
    (e) => e.platform === platform && e.status !== 'pending',
  );
  if (recent.length === 0) blocks.push({ kind: 'text', body: doc(rich`I have not done anything yet.`) });
  for (const entry of recent.slice(0, SHOWN)) {
    const card = resolvedCard(entry).card;
    if (card) blocks.push({ kind: 'card', card });
  }
  const timeZone = deps.settings.defaultTimeZone;
  blocks.push(
    { kind: 'divider' },
    { kind: 'header', text: 'Policy' },
    { kind: 'text', body: policyTable(await policy.list(), timeZone) },
  );
  const stats = await ledger.approvalStats(new Date(now.getTime() - 30 * 86_400_000));
  const rates = approvalRates(stats);
  blocks.push(
    { kind: 'header', text: 'Approval rates' },
    { kind: 'text', body: rates.length > 0 ? rates : doc(rich`No decisions yet.`) },
  );
  return blocks;
}
