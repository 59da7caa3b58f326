import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { asAppError } from '../errors.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { approvalCard } from '../present/cards.js';
import { adminsOn, decidersOf } from './access.js';

/** Posts the approval card in the entry's thread and remembers it, so it can be updated when the entry resolves. */
export async function postApprovalCards(deps: CoreDeps, entry: TLedgerEntry): Promise<void> {
  const chat = chatFor(deps, entry.platform);
  const card = approvalCard(entry, [], deps.clock.now(), await decidersOf(deps, entry));
  try {
    const ref = await chat.post({ channel: entry.channel, thread: entry.thread }, card);
    await deps.stores.ledger.addCard(entry.id, ref);
  } catch (error) {
    // The entry stays pending (and will expire); `/teammate approve` still works without the card.
    deps.log.error({ err: asAppError(error), entry: shortId(entry.id) }, 'could not post the approval card');
  }
}

/** Sends each admin the card privately (on escalation). */
export async function sendCardsToAdmins(deps: CoreDeps, entry: TLedgerEntry): Promise<void> {
  const chat = chatFor(deps, entry.platform);
  const card = approvalCard(
    entry,
    await deps.stores.ledger.votes(entry.id),
    deps.clock.now(),
    await decidersOf(deps, entry),
  );
  for (const admin of await adminsOn(deps, entry.platform)) {
    try {
      const ref = await chat.sendDm(admin, card);
      await deps.stores.ledger.addCard(entry.id, ref);
    } catch (error) {
      deps.log.warn({ err: asAppError(error), entry: shortId(entry.id), admin }, 'could not send an admin the card');
    }
  }
}
