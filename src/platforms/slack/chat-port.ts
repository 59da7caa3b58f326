import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { ChatPort, TMessageRef } from '../../core/chat-port.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { nativeId, platformOf, type TKey, toKey } from '../../core/identity.js';
import { formatIssues } from '../../core/zod-issues.js';
import { slackError } from './api-errors.js';
import { homeView, messageArgs } from './blocks.js';
import type { SlackNames } from './names.js';

export type TSlackIdentity = { botUserId: string; teamUrl?: string };

/** What conversations.history and conversations.replies say of each message (the part the core uses). */
const ZHistory = z.array(
  z.object({
    ts: z.string(),
    text: z.string().default(''),
    user: z.string().optional(),
    bot_id: z.string().optional(),
  }),
);

async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw slackError(method, error);
  }
}

function refOf(method: string, result: { channel?: string; ts?: string }, thread?: string): TMessageRef {
  if (!result.channel || !result.ts) {
    throw new AppError(AppErrorCode.chat, { message: `${method} answered without a channel and ts` });
  }
  return {
    platform: 'slack',
    conversation: toKey('slack', result.channel),
    id: result.ts,
    ...(thread ? { thread } : {}),
  };
}

/** A Slack id out of a key; a key of another platform is refused with a clear error, never sent to Slack. */
export function slackId(key: TKey): string {
  if (platformOf(key) !== 'slack') {
    throw new AppError(AppErrorCode.chat, { message: `${key} is not a Slack user or channel` });
  }
  return nativeId(key);
}

/** The ChatPort over Slack's Web API; every method is one or two Web API calls, retried by the client on 429/5xx. */
export function slackChatPort(client: WebClient, names: SlackNames, identity: TSlackIdentity): ChatPort {
  const dms = new Map<string, Promise<string>>();
  const openDm = (user: string): Promise<string> => {
    const cached = dms.get(user);
    if (cached !== undefined) return cached;
    const channel = call('conversations.open', () => client.conversations.open({ users: user })).then(
      ({ channel: c }) => {
        if (!c?.id) throw new AppError(AppErrorCode.chat, { message: 'conversations.open answered without a channel' });
        return c.id;
      },
    );
    dms.set(user, channel);
    channel.catch(() => dms.delete(user));
    return channel;
  };
  return {
    platform: 'slack',
    botUser: toKey('slack', identity.botUserId),
    mention: (user) => (platformOf(user) === 'slack' ? `<@${nativeId(user)}>` : `@${nativeId(user)}`),
    channelLabel: (channel) => (platformOf(channel) === 'slack' ? `<#${nativeId(channel)}>` : `#${nativeId(channel)}`),
    permalink: (ref) =>
      identity.teamUrl && ref.platform === 'slack'
        ? `${identity.teamUrl.replace(/\/?$/, '/')}archives/${nativeId(ref.conversation)}/p${ref.id.replace('.', '')}`
        : undefined,
    async post(target, message) {
      const args = await messageArgs(message, names);
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: slackId(target.channel),
          ...args,
          ...(target.thread ? { thread_ts: target.thread } : {}),
        }),
      );
      return refOf('chat.postMessage', result, target.thread);
    },
    async update(ref, message) {
      const args = await messageArgs(message, names);
      await call('chat.update', () =>
        client.chat.update({ channel: slackId(ref.conversation), ts: ref.id, ...args, blocks: args.blocks ?? [] }),
      );
    },
    async remove(ref) {
      await call('chat.delete', () => client.chat.delete({ channel: slackId(ref.conversation), ts: ref.id }));
    },
    async postEphemeral(target, user, message) {
      const args = await messageArgs(message, names);
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({
          channel: slackId(target.channel),
          user: slackId(user),
          ...args,
          ...(target.thread ? { thread_ts: target.thread } : {}),
        }),
      );
    },
    async sendDm(user, message) {
      const channel = await openDm(slackId(user));
      const args = await messageArgs(message, names);
      return refOf(
        'chat.postMessage',
        await call('chat.postMessage', () => client.chat.postMessage({ channel, ...args })),
      );
    },
    async react(ref, emoji) {
      await call('reactions.add', () =>
        client.reactions.add({ channel: slackId(ref.conversation), timestamp: ref.id, name: emoji }),
      );
    },
    async unreact(ref, emoji) {
      await call('reactions.remove', () =>
        client.reactions.remove({ channel: slackId(ref.conversation), timestamp: ref.id, name: emoji }),
      );
    },
    async pin(ref) {
      await call('pins.add', () => client.pins.add({ channel: slackId(ref.conversation), timestamp: ref.id }));
    },
    async unpin(ref) {
      await call('pins.remove', () => client.pins.remove({ channel: slackId(ref.conversation), timestamp: ref.id }));
    },
    async history(key, { thread, limit }) {
      const channel = slackId(key);
      const answer = thread
        ? await call('conversations.replies', () => client.conversations.replies({ channel, ts: thread, limit }))
        : await call('conversations.history', () => client.conversations.history({ channel, limit }));
      const parsed = ZHistory.safeParse(answer.messages ?? []);
      if (!parsed.success) {
        throw new AppError(AppErrorCode.chat, {
          message: `conversations history is malformed: ${formatIssues(parsed.error)}`,
        });
      }
      // conversations.history is newest first, conversations.replies oldest first.
      const messages = thread ? parsed.data : [...parsed.data].reverse();
      return messages.slice(-limit).map((m) => ({
        user: toKey('slack', m.user ?? m.bot_id ?? 'unknown'),
        text: m.text,
        id: m.ts,
        fromBot: Boolean(m.bot_id) || m.user === identity.botUserId,
      }));
    },
    async topic(channel) {
      const info = await call('conversations.info', () => client.conversations.info({ channel: slackId(channel) }));
      return info.channel?.topic?.value ?? '';
    },
    async setTopic(channel, topic) {
      await call('conversations.setTopic', () => client.conversations.setTopic({ channel: slackId(channel), topic }));
    },
    async scheduleMessage(target, text, postAt) {
      const result = await call('chat.scheduleMessage', () =>
        client.chat.scheduleMessage({
          channel: slackId(target.channel),
          text,
          post_at: Math.floor(postAt.getTime() / 1000),
          ...(target.thread ? { thread_ts: target.thread } : {}),
        }),
      );
      if (!result.scheduled_message_id) {
        throw new AppError(AppErrorCode.chat, { message: 'chat.scheduleMessage answered without an id' });
      }
      return { id: result.scheduled_message_id };
    },
    async cancelScheduledMessage(channel, id) {
      await call('chat.deleteScheduledMessage', () =>
        client.chat.deleteScheduledMessage({ channel: slackId(channel), scheduled_message_id: id }),
      );
    },
    async publishHome(user, home) {
      const view = await homeView(home, names);
      await call('views.publish', () => client.views.publish({ user_id: slackId(user), view }));
    },
  };
}
