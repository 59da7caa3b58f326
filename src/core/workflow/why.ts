import type { CoreDeps } from '../deps.js';
import type { TPlatform } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { explainEntry } from '../present/explain.js';
import { doc, rich } from '../text/build.js';
import type { TDoc } from '../text/rich-text.js';

/** The explanation of an entry, read from the ledger: the entry, its history and its votes. */
export async function explainFromLedger(deps: CoreDeps, entry: TLedgerEntry): Promise<TDoc> {
  const { ledger } = deps.stores;
  return explainEntry(entry, await ledger.events(entry.id), await ledger.votes(entry.id));
}

/** `/teammate why A-42` and the Why? button. */
export async function whyById(deps: CoreDeps, platform: TPlatform, entryId: number): Promise<TDoc> {
  const entry = await deps.stores.ledger.get(entryId);
  if (!entry || entry.platform !== platform) return doc(rich`There is no action ${shortId(entryId)}.`);
  return explainFromLedger(deps, entry);
}
