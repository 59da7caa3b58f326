import { answerChoice } from './agents/questions.js';
import type { TButtonValue, TOutbound } from './chat-port.js';
import { runCommand, type TCommandInput } from './commands/run-command.js';
import type { CoreDeps } from './deps.js';
import type { Detector } from './detectors/detector.js';
import { asAppError } from './errors.js';
import type { TKey, TPlatform } from './identity.js';
import { createInboxWorker } from './inbox-worker.js';
import { postDueMessages } from './own-scheduling.js';
import { detectorContext, processSignal, publishHome } from './pipeline.js';
import type { TProposal } from './proposal.js';
import type { TSignal } from './signal.js';
import { doc } from './text/build.js';
import { storable } from './text/storable.js';
import { currentCard } from './workflow/announce.js';
import { decideEntry, decisionRefusal } from './workflow/decide.js';
import { expireDue } from './workflow/expire.js';
import { recoverInterrupted } from './workflow/recover.js';
import { submitProposal } from './workflow/submit.js';
import { undoEntry } from './workflow/undo.js';
import { whyById } from './workflow/why.js';

/** A button click: the button's value (parsed by the adapter with ZButtonValue), who clicked, where. */
export type TInteraction = TButtonValue & { platform: TPlatform; user: TKey; reason?: string };

export type Teammate = ReturnType<typeof createTeammate>;

// Processed inbox rows are kept a week, for debugging deliveries; the ledger keeps what matters for ever.
const INBOX_KEEP_MS = 7 * 86_400_000;

/** The core as adapters see it: signals in, commands and clicks in, private replies out. */
export function createTeammate(deps: CoreDeps, detectors: readonly Detector[]) {
  const worker = createInboxWorker(deps, (signal) => processSignal(deps, detectors, signal));
  let ticking: Promise<void> | undefined;

  async function runTick(): Promise<void> {
    const context = detectorContext(deps);
    for (const detector of detectors) {
      try {
        await detector.onTick?.(context);
      } catch (error) {
        deps.log.error({ err: asAppError(error), detector: detector.name }, 'detector tick failed');
      }
    }
    await expireDue(deps);
    await postDueMessages(deps);
    await recoverInterrupted(deps);
    await worker.drain();
    await deps.stores.inbox.prune(new Date(deps.clock.now().getTime() - INBOX_KEEP_MS));
  }

  /** Stores the signal in the inbox; false when the same event was received before (a retry, a replay). */
  async function accept(signal: TSignal): Promise<'queued' | 'duplicate'> {
    // Made storable here, where every platform's and source's events enter: a NUL or a lone surrogate in one
    // event must not fail the batched writes it shares with others.
    return (await deps.stores.inbox.enqueue(storable(signal), deps.clock.now())) ? 'queued' : 'duplicate';
  }

  return {
    deps,
    /**
     * An inbound signal, as an adapter receives it: durably stored before this resolves (acknowledge after it),
     * then processed in the background. A second delivery of the same id is refused.
     */
    async receive(signal: TSignal): Promise<'queued' | 'duplicate'> {
      const result = await accept(signal);
      if (result === 'queued') void worker.drain();
      return result;
    },
    /** The same, but resolves once the signal has been processed (the local chat, scripts and tests). */
    async receiveAndWait(signal: TSignal): Promise<'queued' | 'duplicate'> {
      const result = await accept(signal);
      await worker.drain();
      return result;
    },
    /** Processes whatever is waiting in the inbox. */
    drain: () => worker.drain(),
    propose: (proposal: TProposal) => submitProposal(deps, proposal),
    /** Why `user` may not approve or reject the entry now, or undefined (checked before a Reject form opens). */
    async decisionRefusal(platform: TPlatform, entryId: number, user: TKey): Promise<TOutbound | undefined> {
      const refusal = await decisionRefusal(deps, platform, entryId, user);
      return refusal ? { body: doc(refusal), refusal: true } : undefined;
    },
    /**
     * The card for an entry of `platform` as it stands now (what a platform shows someone who opens it), or
     * undefined when there is no such entry there.
     */
    async currentCard(platform: TPlatform, entryId: number): Promise<TOutbound | undefined> {
      const entry = await deps.stores.ledger.get(entryId);
      return entry && entry.platform === platform ? currentCard(deps, entry) : undefined;
    },
    /** Shows `user` their home screen again (after a decision taken from it). */
    refreshHome: (platform: TPlatform, user: TKey) => publishHome(deps, platform, user),
    handleCommand: (input: TCommandInput): Promise<TOutbound> =>
      runCommand(deps, storable(input), { drainInbox: () => void worker.drain() }),

    async handleInteraction(raw: TInteraction): Promise<TOutbound> {
      const input = storable(raw);
      const { platform, entryId, user } = input;
      switch (input.action) {
        case 'approve':
        case 'reject':
          return {
            body: doc(
              await decideEntry(deps, { platform, entryId, user, decision: input.action, reason: input.reason }),
            ),
          };
        case 'undo':
          return { body: doc(await undoEntry(deps, { platform, entryId, user })) };
        case 'why':
          return { body: await whyById(deps, platform, entryId) };
        case 'answer':
          return { body: doc(await answerChoice(deps, { platform, entryId, user, choice: input.choice })) };
      }
    },

    /**
     * Time-driven work: detectors' timers, approval deadlines, scheduled messages that are due, work a crash left behind
     * (including inbox claims), and pruning processed inbox rows. Overlapping calls share one run, so a slow tick never
     * stacks up behind the timer.
     */
    tick(): Promise<void> {
      ticking ??= runTick().finally(() => {
        ticking = undefined;
      });
      return ticking;
    },
  };
}
