import type { CoreDeps } from '../deps.js';
import { formatDuration } from '../duration.js';
import { AppErrorCode, asAppError } from '../errors.js';
import { platformOf, type TPlatform } from '../identity.js';
import type { TProposal } from '../proposal.js';
import type { TOpenQuestion } from '../store-ports.js';
import { channelRef, doc, joinRich, mention, person, rich } from '../text/build.js';
import { mentions } from '../text/inbound.js';
import { plainText } from '../text/plain.js';
import type { TRich } from '../text/rich-text.js';
import type { Detector, TDetectorContext } from './detector.js';
import { detectorState, option } from './detector-settings.js';
import { pastAnswerers } from './similar-questions.js';

const NAME = 'unanswered-question';
const BATCH = 50;
/** Questions looked at per tick at most (BATCH each); the rest wait for the next tick. */
const MAX_PAGES = 20;

/** The dedupe key of the nudge about one question. */
const keyOf = (channel: string, messageId: string) => `${NAME}:${channel}:${messageId}`;

/** A question put to the bot is the bot's to answer (as a mention), not the channel's to be nudged about. */
function addressesBot(deps: Pick<CoreDeps, 'chats'>, signal: { platform: TPlatform; text: TRich }): boolean {
  const chat = deps.chats.get(signal.platform);
  return chat !== undefined && mentions(signal.text, chat.botUser);
}

/** A top-level message that asks something: it ends with a question mark (ignoring trailing emoji and spaces). */
export function isQuestion(text: string): boolean {
  return /\?\s*(?::[\w+-]+:\s*)*$/.test(text.trim()) && text.trim().length > 1;
}

function nudge(question: TOpenQuestion, waitedMs: number, helpers: readonly string[], platform: TPlatform): TProposal {
  const where = channelRef(question.channel);
  // Whole minutes read better than "1h0m3s", and the exact times are in the ledger.
  const waited = formatDuration(waitedMs >= 60_000 ? Math.floor(waitedMs / 60_000) * 60_000 : waitedMs);
  const asked = rich`${mention(question.user)}'s question has been waiting ${waited} without a reply.`;
  return {
    kind: 'post_message',
    params: {
      channel: question.channel,
      thread: question.messageId,
      text: doc(
        helpers.length > 0
          ? rich`${asked} ${joinRich(
              helpers.map((h) => [mention(h)]),
              ', ',
            )}: you answered similar questions before, could you help?`
          : rich`${asked} Can anyone here help?`,
      ),
    },
    rationale: rich`a question in ${where} had no reply for ${waited}; a nudge in its thread asks ${
      helpers.length > 0 ? 'the people who answered similar questions before' : 'the channel for help'
    }`,
    evidence: [
      {
        label: 'the question',
        message: { platform, conversation: question.channel, id: question.messageId },
        excerpt: question.text.length > 200 ? `${question.text.slice(0, 199)}…` : question.text,
      },
    ],
    origin: { type: 'detector', name: NAME },
    trigger: {
      signalId: `${question.channel}:${question.messageId}`,
      type: 'message',
      summary: rich`${person(question.user)} asked a question in ${where} and nobody replied for ${waited}`,
      at: question.askedAt,
      user: question.user,
    },
    platform,
    channel: question.channel,
    thread: question.messageId,
    dedupeKey: keyOf(question.channel, question.messageId),
  };
}

/** The shortest wait any channel (or the workspace) set, or the configured one: no question is due sooner. */
async function shortestWait(deps: CoreDeps): Promise<number> {
  let shortest = deps.settings.unansweredAfterMs;
  for (const overrides of await deps.stores.directory.allDetectorOverrides()) {
    const after = overrides[NAME]?.after;
    if (typeof after === 'number' && after > 0) shortest = Math.min(shortest, after);
  }
  return shortest;
}

/**
 * Watches top-level questions; a reply in the thread by anyone but the asker (and not a bot) answers it, and a
 * deleted question is forgotten. Questions still open after their channel's `after` (TEAMMATE_UNANSWERED_AFTER
 * unless set) get a proposed nudge in their thread, once.
 */
export const unansweredQuestion: Detector = {
  name: NAME,
  description: 'a question got no reply → nudge in its thread, naming who answered similar ones',
  options: [
    {
      key: 'after',
      kind: 'duration',
      default: (settings) => settings.unansweredAfterMs,
      help: 'how long a question may wait for a reply (TEAMMATE_UNANSWERED_AFTER where no channel sets it)',
    },
  ],
  async onSignal(signal, { deps, withdraw }) {
    const { questions } = deps.stores;
    if (signal.type === 'message_deleted') {
      await questions.forget(signal.channel, signal.messageId);
      await withdraw({ key: keyOf(signal.channel, signal.messageId) }, 'the question was deleted');
      return;
    }
    if (signal.type !== 'message' || (signal.fromBot && !deps.settings.readBotMessages)) return;
    if (signal.thread !== undefined && signal.thread !== signal.messageId) {
      // An answer, however late it is processed, withdraws the nudge still waiting for approval.
      if (await questions.markAnswered(signal.channel, signal.thread, signal.user, signal.at)) {
        await withdraw({ key: keyOf(signal.channel, signal.thread) }, 'the question was answered in its thread');
      }
    } else if (isQuestion(plainText(signal.text)) && !addressesBot(deps, signal)) {
      await questions.track({
        channel: signal.channel,
        messageId: signal.messageId,
        user: signal.user,
        text: plainText(signal.text),
        askedAt: signal.at,
      });
    }
  },
  async onTick({ deps, now, propose }) {
    const { questions } = deps.stores;
    // Candidates are the questions older than the shortest wait anywhere; each is due by its own channel's. Paging
    // on keeps a fast channel's question from waiting behind a page of slow channels' that are not due yet.
    const askedBefore = new Date(now.getTime() - (await shortestWait(deps)));
    const platforms = [...deps.chats.keys()];
    let afterId = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const candidates = await questions.due(askedBefore, platforms, BATCH, afterId);
      for (const question of candidates) {
        afterId = question.id;
        await consider(deps, question, now, propose);
      }
      if (candidates.length < BATCH) break;
    }
  },
};

async function consider(
  deps: CoreDeps,
  question: TOpenQuestion,
  now: Date,
  propose: TDetectorContext['propose'],
): Promise<void> {
  const { questions } = deps.stores;
  try {
    const { config, quiet } = await detectorState(deps, unansweredQuestion, question.channel, now);
    if (!config.enabled) {
      await questions.markProposed(question.id, now);
      return;
    }
    if (quiet || now.getTime() - question.askedAt.getTime() < option(config, 'after')) return;
    const answered = await questions.answered(question.channel, 200);
    const helpers = pastAnswerers(question, answered);
    // The proposal is idempotent by its dedupe key, so proposing before marking loses nothing in a crash.
    await propose(nudge(question, now.getTime() - question.askedAt.getTime(), helpers, platformOf(question.channel)));
    await questions.markProposed(question.id, now);
  } catch (error) {
    const failure = asAppError(error);
    deps.log.error({ err: failure, question: question.id }, 'could not propose a nudge');
    // A proposal that can never be valid would block the queue; anything else is retried on the next tick.
    if (failure.code === AppErrorCode.invalid) await questions.markProposed(question.id, now);
  }
}
