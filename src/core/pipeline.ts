import { answerInThread } from './agents/questions.js';
import { handleMention } from './brain/handle-mention.js';
import type { CoreDeps } from './deps.js';
import { chatFor } from './deps.js';
import type { Detector, TDetectorContext } from './detectors/detector.js';
import { AppError, AppErrorCode, asAppError } from './errors.js';
import type { TKey, TPlatform } from './identity.js';
import { recordSignal } from './record-signal.js';
import type { TMessageSignal, TSignal } from './signal.js';
import { saidTo, startsWithMention } from './text/inbound.js';
import { plainText } from './text/plain.js';
import type { TRich } from './text/rich-text.js';
import { buildHome } from './workflow/home.js';
import { submitProposal } from './workflow/submit.js';
import { explainFromLedger } from './workflow/why.js';
import { withdrawPending } from './workflow/withdraw.js';

/**
 * A question to the bot about what it did: "why did you do that?", "why?", or "why …" addressed to the bot.
 * "Why is the build red?" is for the humans in the thread.
 */
export function isWhyQuestion(text: TRich, bot: TKey): boolean {
  const said = plainText(text).trim();
  return (
    /^why\W*$/i.test(said) ||
    /\bwhy (?:did|do|would|were|are|have) you\b/i.test(said) ||
    (startsWithMention(text, bot) && /^\W*why\b/i.test(saidTo(text, bot)))
  );
}

export function detectorContext(deps: CoreDeps): TDetectorContext {
  return {
    deps,
    now: deps.clock.now(),
    propose: (proposal) => submitProposal(deps, proposal),
    withdraw: (match, reason) => withdrawPending(deps, match, reason),
  };
}

/** Answers "why?" in a thread where the bot acted or asked, straight from the ledger. */
async function answerWhy(deps: CoreDeps, message: TMessageSignal): Promise<boolean> {
  const chat = chatFor(deps, message.platform);
  if (!message.thread || !isWhyQuestion(message.text, chat.botUser)) return false;
  const [entry] = await deps.stores.ledger.inThread(message.channel, message.thread);
  if (!entry) return false;
  await chat.post(
    { channel: message.channel, thread: message.thread },
    { body: await explainFromLedger(deps, entry, message.channel) },
  );
  return true;
}

/** Shows a person their home screen, on platforms that have one. */
export async function publishHome(deps: CoreDeps, platform: TPlatform, user: TKey): Promise<void> {
  const chat = chatFor(deps, platform);
  if (chat.home) await chat.home.publish(user, await buildHome(deps, platform, user));
}

/**
 * What one inbound signal does, once the inbox has claimed it: a home screen opened is shown, a "why?" in one of
 * the bot's threads is answered, and every detector sees the rest. One detector's failure does not stop the
 * others; afterwards it fails the signal, so the inbox tries it again. Detectors are idempotent (their writes
 * have unique keys), so the ones that succeeded do no harm the second time.
 */
export async function processSignal(deps: CoreDeps, detectors: readonly Detector[], signal: TSignal): Promise<void> {
  if (signal.type === 'home_opened') return publishHome(deps, signal.platform, signal.user);
  if (signal.type === 'mention') return handleMention(deps, signal);
  if (signal.type === 'message' && !signal.fromBot && (await answerWhy(deps, signal))) return;
  // A reply in the thread of an agent's question answers it (and is a message like any other for the rest).
  if (signal.type === 'message') await answerInThread(deps, signal);
  await recordSignal(deps, signal);
  const context = detectorContext(deps);
  const failed: string[] = [];
  for (const detector of detectors) {
    try {
      await detector.onSignal?.(signal, context);
    } catch (error) {
      const failure = asAppError(error);
      deps.log.error({ err: failure, detector: detector.name, signal: signal.id }, 'detector failed');
      // With the cause, as the inbox keeps it for `/teammate inbox`.
      failed.push(`${detector.name} (${failure.message.slice(0, 200)})`);
    }
  }
  if (failed.length > 0)
    throw new AppError(AppErrorCode.internal, { message: `detectors failed: ${failed.join(', ')}` });
}
