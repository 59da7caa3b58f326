import type { CoreDeps } from './deps.js';
import { type TSignal, threadOf } from './signal.js';
import { plainText } from './text/plain.js';

const RESOLVED_EMOJI = new Set(['white_check_mark', 'heavy_check_mark', 'ballot_box_with_check', 'resolved']);

/** "Decision: we ship on Tuesday", "We decided to …", "decided: …". */
export function isDecision(text: string): boolean {
  return /^\s*(?:\*?decision\*?|decided)\s*[:-]/i.test(text) || /\bwe(?:'ve| have)? decided\b/i.test(text);
}

const CLOSED_STAGE = /^(?:closed|won|lost)\b|^closed[-_ ]/i;

/**
 * Keeps the bot's picture of the team current before the detectors look: threads and their activity, decisions,
 * tasks from trackers and deals from CRMs. Every write is an upsert, so processing a signal twice changes
 * nothing.
 */
export async function recordSignal(deps: CoreDeps, signal: TSignal): Promise<void> {
  const { threads, tasks, deals } = deps.stores;
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
    case 'task': {
      const { task } = signal;
      await tasks.apply(
        {
          source: signal.source,
          externalId: task.id,
          channel: signal.channel,
          title: task.title,
          // Left out: unchanged; null: cleared (unassigned, no due date).
          assignee: task.assignee,
          dueAt: task.due,
          ...(task.url ? { url: task.url } : {}),
          status: signal.event === 'done' ? 'done' : (task.status ?? undefined),
        },
        signal.at,
      );
      return;
    }
    case 'deal': {
      const { deal } = signal;
      await deals.apply(
        {
          source: signal.source,
          externalId: deal.id,
          channel: signal.channel,
          name: deal.name,
          stage: deal.stage,
          owner: deal.owner ?? undefined,
          value: deal.value,
          url: deal.url,
          closed: CLOSED_STAGE.test(deal.stage),
          lastActivityAt: deal.lastActivityAt,
        },
        signal.at,
      );
      return;
    }
    default:
      return;
  }
}
