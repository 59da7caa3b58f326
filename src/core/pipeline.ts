import type { CoreDeps } from './deps.js';
import { chatFor } from './deps.js';
import type { Detector, TDetectorContext } from './detectors/detector.js';
import { asAppError } from './errors.js';
import type { TMessageSignal, TSignal } from './signal.js';
import { submitProposal } from './workflow/submit.js';
import { explainFromLedger } from './workflow/why.js';

/**
 * A question to the bot about what it did: "why did you do that?", "why?", or "why …" addressed to the bot
 * (`botMention` as the platform writes it). "Why is the build red?" is for the humans in the thread.
 */
export function isWhyQuestion(text: string, botMention: string): boolean {
  const said = text.trim();
  const addressed = said.toLowerCase().startsWith(botMention.toLowerCase());
  return (
    /^why\W*$/i.test(said) ||
    /\bwhy (?:did|do|would|were|are|have) you\b/i.test(said) ||
    (addressed && /^\W*why\b/i.test(said.slice(botMention.length)))
  );
}

export function detectorContext(deps: CoreDeps): TDetectorContext {
  return { deps, now: deps.clock.now(), propose: (proposal) => submitProposal(deps, proposal) };
}

/** Answers "why?" in a thread where the bot acted or asked, straight from the ledger. */
async function answerWhy(deps: CoreDeps, message: TMessageSignal): Promise<boolean> {
  const chat = chatFor(deps, message.platform);
  if (!message.threadTs || !isWhyQuestion(message.text, chat.mention(chat.botUserId))) return false;
  const [entry] = await deps.stores.ledger.inThread(message.platform, message.channel, message.threadTs);
  if (!entry) return false;
  await chat.post(
    { channel: message.channel, threadTs: message.threadTs },
    { text: await explainFromLedger(deps, entry) },
  );
  return true;
}

/**
 * Every inbound event goes through here once: the database rejects a second delivery of the same event id, a
 * "why?" in one of the bot's threads is answered, and every detector sees the signal. One detector's failure is
 * logged and does not stop the others.
 */
export async function handleSignal(
  deps: CoreDeps,
  detectors: readonly Detector[],
  signal: TSignal,
): Promise<'handled' | 'duplicate'> {
  if (!(await deps.stores.dedupe.firstTime(signal.id, deps.clock.now()))) return 'duplicate';
  if (signal.type === 'message' && !signal.fromBot && (await answerWhy(deps, signal))) return 'handled';
  const context = detectorContext(deps);
  for (const detector of detectors) {
    try {
      await detector.onSignal?.(signal, context);
    } catch (error) {
      deps.log.error({ err: asAppError(error), detector: detector.name, signal: signal.id }, 'detector failed');
    }
  }
  return 'handled';
}
