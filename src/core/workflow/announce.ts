import { isQuestionKind } from '../agents/agent.js';
import { questionCard } from '../agents/questions.js';
import type { TOutbound } from '../chat-port.js';
import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { asAppError } from '../errors.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { approvalCard, outcomeLine, resolvedCard } from '../present/cards.js';
import { doc, rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import { decidersOf } from './access.js';

/** The card for an entry as it stands: pending cards show the vote count, others the outcome. */
export async function currentCard(deps: CoreDeps, entry: TLedgerEntry): Promise<TOutbound> {
  if (entry.status === 'pending' && isQuestionKind(entry.kind)) return questionCard(entry);
  return entry.status === 'pending'
    ? approvalCard(entry, await deps.stores.ledger.votes(entry.id), deps.clock.now(), await decidersOf(deps, entry))
    : resolvedCard(entry);
}

/** Brings every card that shows the entry up to date (pending cards show the vote count; others the outcome). */
export async function refreshCards(deps: CoreDeps, entry: TLedgerEntry): Promise<number> {
  const cards = await deps.stores.ledger.cards(entry.id);
  if (cards.length === 0) return 0;
  const chat = chatFor(deps, entry.platform);
  const message = await currentCard(deps, entry);
  for (const card of cards) {
    try {
      await chat.update(card, message);
    } catch (error) {
      deps.log.warn({ err: asAppError(error), entry: shortId(entry.id), card }, 'could not update an approval card');
    }
  }
  return cards.length;
}

/** Posts a line in the entry's thread. Chat failures are logged: the ledger already holds the truth. */
export async function postInThread(deps: CoreDeps, entry: TLedgerEntry, text: TRich): Promise<void> {
  try {
    await chatFor(deps, entry.platform).post(
      { channel: entry.channel, thread: await threadOf(deps, entry) },
      { body: doc(text) },
    );
  } catch (error) {
    deps.log.warn({ err: asAppError(error), entry: shortId(entry.id) }, 'could not post in the thread');
  }
}

/**
 * Where an entry's conversation is: its thread, or for an agent's request (whose card starts the conversation at the
 * top of the channel) the thread of its card, so the channel is not filled with its outcomes.
 */
async function threadOf(deps: CoreDeps, entry: TLedgerEntry): Promise<string | undefined> {
  if (entry.thread || entry.origin.type !== 'agent') return entry.thread;
  const card = (await deps.stores.ledger.cards(entry.id)).find((c) => c.conversation === entry.channel);
  return card ? (card.thread ?? card.id) : undefined;
}

/**
 * After a decision, a run or an undo: update every card and tell the thread. Entries that never needed a human
 * (automatic runs) only speak up when something went wrong.
 */
export async function announce(deps: CoreDeps, entry: TLedgerEntry): Promise<void> {
  const cards = await refreshCards(deps, entry);
  const wentWrong = entry.status === 'failed' || entry.undoStatus === 'failed' || entry.undoStatus === 'refused';
  if (cards > 0 || wentWrong) await postInThread(deps, entry, rich`${shortId(entry.id)} ${outcomeLine(entry)}.`);
}
