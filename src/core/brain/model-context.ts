import { WORKSPACE } from '../channel-settings.js';
import type { ChatPort } from '../chat-port.js';
import type { CoreDeps } from '../deps.js';
import { shortId } from '../ledger-entry.js';
import { ruleKey } from '../policy/policy-rule.js';
import type { TSignal } from '../signal.js';
import { adminIds } from '../workflow/access.js';
import type { TPromptContext } from './prompt.js';

type TMention = Extract<TSignal, { type: 'mention' }>;

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
  const { ledger, threads, policy, directory } = deps.stores;
  const [thread, recent, pushedBack, rules, own, workspace, admins] = await Promise.all([
    mention.threadTs ? threads.get(mention.platform, mention.channel, mention.threadTs) : undefined,
    ledger.recent({ limit: 10, channel: mention.channel }),
    ledger.recent({ limit: 10, status: ['rejected', 'undone'] }),
    policy.list(),
    directory.channelSettings(mention.channel),
    directory.channelSettings(WORKSPACE),
    adminIds(deps),
  ]);
  return {
    bot: chat.mention(chat.botUserId),
    channel: chat.channelLabel(mention.channel),
    now: deps.clock.now().toISOString(),
    asker: chat.mention(mention.user),
    request,
    ...(thread
      ? {
          thread: {
            starter: chat.mention(thread.starter),
            text: thread.text,
            replies: thread.replies,
            lastUser: chat.mention(thread.lastUser),
            lastText: thread.lastText,
          },
        }
      : {}),
    people: { admins: [...admins].map((a) => chat.mention(a)), lead: own.lead ?? workspace.lead },
    policies: rules
      .filter((r) => r.scope === 'workspace' || r.scope === `channel:${mention.channel}`)
      .map((r) => `${ruleKey(r)}: ${r.mode}`),
    recentActions: recent.map((e) => `${shortId(e.id)} ${e.kind} (${e.status}): ${e.summary}`),
    rejectedOrUndone: pushedBack.map(
      (e) =>
        `${e.kind} ${e.status}${e.reason ? ` because "${e.reason}"` : ''}${e.undoneBy ? ` by ${chat.mention(e.undoneBy)}` : ''}: ${e.summary}`,
    ),
  };
}
