import type { TButtonValue, TOutbound } from './chat-port.js';
import { runCommand, type TCommandInput } from './commands/run-command.js';
import type { CoreDeps } from './deps.js';
import type { Detector } from './detectors/detector.js';
import { asAppError } from './errors.js';
import { detectorContext, handleSignal } from './pipeline.js';
import type { TProposal } from './proposal.js';
import type { TPlatform, TSignal } from './signal.js';
import { decideEntry } from './workflow/decide.js';
import { expireDue } from './workflow/expire.js';
import { recoverInterrupted } from './workflow/recover.js';
import { submitProposal } from './workflow/submit.js';
import { undoEntry } from './workflow/undo.js';
import { whyById } from './workflow/why.js';

/** A button click: the button's value (parsed by the adapter with ZButtonValue), who clicked, where. */
export type TInteraction = TButtonValue & { platform: TPlatform; channel: string; user: string; reason?: string };

export type Teammate = ReturnType<typeof createTeammate>;

/** The core as adapters see it: signals in, commands and clicks in, private replies out. */
export function createTeammate(deps: CoreDeps, detectors: readonly Detector[]) {
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
    await recoverInterrupted(deps);
  }

  return {
    deps,
    handleSignal: (signal: TSignal) => handleSignal(deps, detectors, signal),
    propose: (proposal: TProposal) => submitProposal(deps, proposal),
    handleCommand: (input: TCommandInput): Promise<TOutbound> => runCommand(deps, input),

    async handleInteraction(input: TInteraction): Promise<TOutbound> {
      const { platform, entryId, user } = input;
      switch (input.action) {
        case 'approve':
        case 'reject':
          return {
            text: await decideEntry(deps, { platform, entryId, user, decision: input.action, reason: input.reason }),
          };
        case 'undo':
          return { text: await undoEntry(deps, { platform, entryId, user }) };
        case 'why':
          return { text: await whyById(deps, platform, entryId) };
      }
    },

    /**
     * Time-driven work: detectors' timers, approval deadlines, and work a crash left behind. Overlapping calls
     * share one run, so a slow tick never stacks up behind the timer.
     */
    tick(): Promise<void> {
      ticking ??= runTick().finally(() => {
        ticking = undefined;
      });
      return ticking;
    },
  };
}
