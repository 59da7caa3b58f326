import { settingsOf } from '../channel-settings.js';
import type { CoreDeps } from '../deps.js';
import type { TKey, TPlatform } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { explainEntry } from '../present/explain.js';
import { doc, rich } from '../text/build.js';
import type { TDoc } from '../text/rich-text.js';

/**
 * The explanation of an entry, read from the ledger: the entry, its history and its votes. Times are in the time
 * zone of the channel it is read in (the entry's own, from a button), the same rule as `/teammate status`.
 */
export async function explainFromLedger(deps: CoreDeps, entry: TLedgerEntry, readIn?: TKey): Promise<TDoc> {
  const { ledger } = deps.stores;
  const { timeZone } = await settingsOf(deps, readIn ?? entry.channel);
  return explainEntry(entry, await ledger.events(entry.id), await ledger.votes(entry.id), timeZone);
}

/** `/teammate why A-42` (read in the channel it was typed in) and the Why? button. */
export async function whyById(deps: CoreDeps, platform: TPlatform, entryId: number, readIn?: TKey): Promise<TDoc> {
  const entry = await deps.stores.ledger.get(entryId);
  if (!entry || entry.platform !== platform) return doc(rich`There is no action ${shortId(entryId)}.`);
  return explainFromLedger(deps, entry, readIn);
}
