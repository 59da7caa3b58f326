import type { CoreDeps } from './deps.js';
import { AppError, AppErrorCode } from './errors.js';
import { type TSignal, threadOf } from './signal.js';
import { plainText } from './text/plain.js';
import { formatIssues } from './zod-issues.js';

/** Reactions on a thread's first message that mark it resolved. */
export const RESOLVED_EMOJI: ReadonlySet<string> = new Set([
  'white_check_mark',
  'heavy_check_mark',
  'ballot_box_with_check',
  'resolved',
]);

/** "Decision: we ship on Tuesday", "We decided to …", "decided: …". */
export function isDecision(text: string): boolean {
  return /^\s*(?:\*?decision\*?|decided)\s*[:-]/i.test(text) || /\bwe(?:'ve| have)? decided\b/i.test(text);
}

/**
 * Keeps the bot's picture of the team current before the detectors look: threads and their activity, decisions,
 * and what webhook sources say (each source type records its own: tasks, deals). Every write is an upsert, so
 * processing a signal twice changes nothing.
 */
export async function recordSignal(deps: CoreDeps, signal: TSignal): Promise<void> {
  const { threads } = deps.stores;
  switch (signal.type) {
    case 'message': {
      if (signal.fromBot && !deps.settings.readBotMessages) return;
      const thread = threadOf(signal);
      const { channel, user, at } = signal;
      const text = plainText(signal.text);
      await threads.touch({ channel, thread, user, text, at, reply: thread !== signal.messageId });
      if (isDecision(text)) await threads.recordDecision({ channel, messageId: signal.messageId, user, text, at });
      return;
    }
    case 'reaction':
      if (signal.added && RESOLVED_EMOJI.has(signal.emoji)) {
        await threads.resolve(signal.channel, signal.messageId);
      }
      return;
    case 'webhook': {
      const type = deps.sources.get(signal.kind);
      if (!type) throw new AppError(AppErrorCode.config, { message: `no webhook source type "${signal.kind}"` });
      const payload = type.payload.safeParse(signal.payload);
      if (!payload.success) {
        throw new AppError(AppErrorCode.invalid, {
          message: `a ${signal.kind} event from ${signal.source} is malformed: ${formatIssues(payload.error)}`,
        });
      }
      const { source, channel, at } = signal;
      await type.record(deps, { source, channel, at, payload: payload.data });
      return;
    }
    default:
      return;
  }
}
