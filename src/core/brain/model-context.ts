import { settingsOf } from '../channel-settings.js';
import type { ChatPort, THistoryMessage } from '../chat-port.js';
import type { CoreDeps } from '../deps.js';
import { asAppError } from '../errors.js';
import { shortId, type TLedgerEntry } from '../ledger-entry.js';
import { ruleKey } from '../policy/policy-rule.js';
import type { TSignal } from '../signal.js';
import { plainText } from '../text/plain.js';
import type { TRich } from '../text/rich-text.js';
import { adminIds } from '../workflow/access.js';
import type { TPromptContext } from './prompt.js';

type TMention = Extract<TSignal, { type: 'mention' }>;

const HISTORY = { thread: 20, channel: 15, chars: 300 };
/** People and channels are named by key in what the model reads, so that it can name them back in tool calls. */
const keyed = (content: TRich) => plainText(content, { keys: true });

/** The window of conversation around the request; without it (no permission, an outage) the model does with less. */
async function recentHistory(deps: CoreDeps, chat: ChatPort, mention: TMention): Promise<string[]> {
  if (!chat.history) return [];
  try {
    const messages = await chat.history(mention.channel, {
      thread: mention.thread,
      limit: mention.thread ? HISTORY.thread : HISTORY.channel,
    });
    const agents = await agentEntriesNamed(deps, messages);
    return messages
      .filter((m) => m.id !== mention.messageId && !(m.fromBot && agents.has(entryNamed(m.text) ?? 0)))
      .map((m) => `${m.fromBot ? 'Teammate' : `@${m.user}`}: ${m.text.slice(0, HISTORY.chars)}`);
  } catch (error) {
    deps.log.warn(
      { err: asAppError(error), channel: mention.channel },
      'could not read the conversation for the model',
    );
    return [];
  }
}

/** Agents' requests never reach the model: their text is the agent's, and the model must not take it as words to act on. */
const notAgents = (entries: TLedgerEntry[]) => entries.filter((e) => e.origin.type !== 'agent');

/** The entry a message of the bot's is about: its cards and outcome lines start with the short id (`A-42: …`). */
const entryNamed = (text: string): number | undefined => {
  const match = /^A-(\d{1,9})\b/.exec(text);
  return match ? Number(match[1]) : undefined;
};

/** The agents' entries the bot's messages in `messages` are about: those messages quote the agent, so they stay out. */
async function agentEntriesNamed(deps: CoreDeps, messages: readonly THistoryMessage[]): Promise<Set<number>> {
  const named = new Set(
    messages.flatMap((m) => (m.fromBot ? [entryNamed(m.text)] : [])).filter((id) => id !== undefined),
  );
  const agents = new Set<number>();
  for (const id of named) {
    if ((await deps.stores.ledger.get(id))?.origin.type === 'agent') agents.add(id);
  }
  return agents;
}

/**
 * What the model is told, bounded: the request and its thread, who is who, the channel's policy rows, recent
 * actions, and (the feedback loop) what people recently rejected or undid, with their reasons.
 */

export async function mentionContext(
  deps: CoreDeps,
  chat: ChatPort,
  mention: TMention,
  request: string,
): Promise<TPromptContext> {
  const { ledger, threads, policy } = deps.stores;
  const [thread, recent, pushedBack, rules, settings, admins] = await Promise.all([
    mention.thread ? threads.get(mention.channel, mention.thread) : undefined,
    ledger.recent({ limit: 10, channel: mention.channel }).then(notAgents),
    ledger.recent({ limit: 10, status: ['rejected', 'undone'] }).then(notAgents),
    policy.list(),
    settingsOf(deps, mention.channel),
    adminIds(deps),
  ]);
  const history = await recentHistory(deps, chat, mention);
  return {
    bot: `@${chat.botUser}`,
    channel: `#${mention.channel}`,
    ids: { channel: mention.channel, thread: mention.thread ?? mention.messageId },
    now: deps.clock.now().toISOString(),
    asker: `@${mention.user}`,
    request,
    ...(thread
      ? {
          thread: {
            starter: `@${thread.starter}`,
            text: thread.text,
            replies: thread.replies,
            lastUser: `@${thread.lastUser}`,
            lastText: thread.lastText,
          },
        }
      : {}),
    history,
    people: { admins: [...admins].map((a) => `@${a}`), lead: settings.lead },
    policies: [
      ...rules
        .filter((r) => r.scope === 'workspace' || r.scope === `channel:${mention.channel}`)
        .map((r) => `${ruleKey(r)}: ${r.mode}${r.mode === 'approve' ? ` by ${r.approvers.join(', ')}` : ''}`),
      'anything else: approve by admins (the built-in default)',
    ],
    recentActions: recent.map((e) => `${shortId(e.id)} ${e.kind} (${e.status}): ${keyed(e.summary)}`),
    rejectedOrUndone: pushedBack.map(
      (e) =>
        `${e.kind} ${e.status}${e.reason ? ` because "${e.reason}"` : ''}${e.undoneBy ? ` by @${e.undoneBy}` : ''}: ${keyed(e.summary)}`,
    ),
  };
}
