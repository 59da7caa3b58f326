import type { CoreDeps } from '../deps.js';
import { chatFor } from '../deps.js';
import { topicWords } from '../detectors/similar-questions.js';
import { isKey, nativeId, platformOf } from '../identity.js';
import type { TLedgerEntry } from '../ledger-entry.js';
import { shortId } from '../ledger-entry.js';
import { isWhyQuestion } from '../pipeline.js';
import type { TSignal } from '../signal.js';
import { code, doc, list, person, quoted, rich } from '../text/build.js';
import { saidTo } from '../text/inbound.js';
import { plainText } from '../text/plain.js';
import type { TDoc } from '../text/rich-text.js';
import { pendingFor } from '../workflow/access.js';
import { explainFromLedger } from '../workflow/why.js';
import { askModel } from './ask-model.js';
import { kindsNamed, policyIntent, waitingIntent, whyIntent } from './intents.js';

type TMention = Extract<TSignal, { type: 'mention' }>;

/** The ledger entry a "why did you …" question is about: the right kind, then the most words in common. */
async function findEntry(deps: CoreDeps, mention: TMention, about: string): Promise<TLedgerEntry | undefined> {
  const entries = (await deps.stores.ledger.recent({ limit: 100, channel: mention.channel })).filter(
    (e) => e.status !== 'invalid',
  );
  const kinds = kindsNamed(about, [...deps.catalogue.keys()]);
  const words = topicWords(about);
  const score = (e: TLedgerEntry) => {
    const text = topicWords(`${plainText(e.summary)} ${plainText(e.rationale)}`);
    return (kinds.includes(e.kind) ? 10 : 0) + [...words].filter((w) => text.has(w)).length;
  };
  const best = entries.map((e) => ({ e, s: score(e) })).sort((a, b) => b.s - a.s || b.e.id - a.e.id)[0];
  return best && best.s > 0 ? best.e : undefined;
}

/**
 * Someone addressed the bot. Questions it can answer from its records are answered without a model (why it did
 * something, what waits for the asker, a policy change spelled out as the command an admin would type); anything
 * else goes to the model when one is configured. The answer is posted in the thread.
 */
export async function handleMention(deps: CoreDeps, mention: TMention): Promise<void> {
  const chat = chatFor(deps, mention.platform);
  const request = saidTo(mention.text, chat.botUser);
  const thread = mention.thread ?? mention.messageId;
  const reply = (body: TDoc) => chat.post({ channel: mention.channel, thread }, { body });
  // In one of the bot's threads a plain "why?" is answered from the message path already.
  if (mention.thread && isWhyQuestion(mention.text, chat.botUser)) {
    const [own] = await deps.stores.ledger.inThread(mention.channel, mention.thread);
    if (own) return;
  }
  const about = whyIntent(request);
  if (about !== undefined) {
    const entry = await findEntry(deps, mention, about);
    await reply(
      entry
        ? await explainFromLedger(deps, entry, mention.channel)
        : doc(
            rich`I found nothing I did here that matches ${quoted(about, 200)}. ${code('/teammate status')} lists my recent actions.`,
          ),
    );
    return;
  }
  if (waitingIntent(request)) {
    const mine = await pendingFor(deps, mention.platform, mention.user, 20);
    await reply(
      mine.length === 0
        ? doc(rich`Nothing is waiting for ${person(mention.user)}.`)
        : doc(
            rich`Waiting for ${person(mention.user)}:`,
            list(mine.map((e) => rich`${shortId(e.id)} ${e.summary} (${code(`/teammate approve ${shortId(e.id)}`)})`)),
          ),
    );
    return;
  }
  const change = policyIntent(request, [...deps.catalogue.keys()]);
  if (change) {
    // The channel by its name: a command typed here reads a bare name on this platform.
    const channel = change.channel?.replace(/^#/, '');
    const shown = channel && isKey(channel) && platformOf(channel) === mention.platform ? nativeId(channel) : channel;
    const where = shown ? ` in #${shown}` : '';
    const commands = change.kinds.map((kind) => rich`${code(`/teammate policy set ${kind} ${change.mode}${where}`)}`);
    await reply(
      doc(
        rich`${commands.length === 1 ? 'That is this policy change' : 'Those are these policy changes'}; an admin can run ${commands.length === 1 ? 'it' : 'them'} to confirm:`,
        ...commands,
      ),
    );
    return;
  }
  if (!deps.brain) {
    await reply(
      doc(
        rich`No language model is configured, so I understand only a few things when addressed: "why did you …?", "what's waiting for me?" and "set <actions> to need approval in #channel". ${code('/teammate help')} lists the commands.`,
      ),
    );
    return;
  }
  await reply(await askModel(deps, deps.brain, chat, mention, request));
}
