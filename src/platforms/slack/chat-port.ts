import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { ChatPort, TMessageRef } from '../../core/chat-port.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
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

function refOf(method: string, result: { channel?: string; ts?: string }, threadTs?: string): TMessageRef {
  if (!result.channel || !result.ts) {
    throw new AppError(AppErrorCode.chat, { message: `${method} answered without a channel and ts` });
  }
  return { channel: result.channel, ts: result.ts, ...(threadTs ? { threadTs } : {}) };
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
    botUserId: identity.botUserId,
    mention: (user) => `<@${user}>`,
    channelLabel: (channel) => `<#${channel}>`,
    permalink: (ref) =>
      identity.teamUrl
        ? `${identity.teamUrl.replace(/\/?$/, '/')}archives/${ref.channel}/p${ref.ts.replace('.', '')}`
        : undefined,
    async post(target, message) {
      const args = await messageArgs(message, names);
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: target.channel,
          ...args,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        }),
      );
      return refOf('chat.postMessage', result, target.threadTs);
    },
    async update(ref, message) {
      const args = await messageArgs(message, names);
      await call('chat.update', () =>
        client.chat.update({ channel: ref.channel, ts: ref.ts, ...args, blocks: args.blocks ?? [] }),
      );
    },
    async remove(ref) {
      await call('chat.delete', () => client.chat.delete({ channel: ref.channel, ts: ref.ts }));
    },
    async postEphemeral(target, user, message) {
      const args = await messageArgs(message, names);
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({
          channel: target.channel,
          user,
          ...args,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        }),
      );
    },
    async sendDm(user, message) {
      const channel = await openDm(user);
      const args = await messageArgs(message, names);
      return refOf(
        'chat.postMessage',
        await call('chat.postMessage', () => client.chat.postMessage({ channel, ...args })),
      );
    },
    async react(ref, emoji) {
      await call('reactions.add', () => client.reactions.add({ channel: ref.channel, timestamp: ref.ts, name: emoji }));
    },
    async unreact(ref, emoji) {
      await call('reactions.remove', () =>
        client.reactions.remove({ channel: ref.channel, timestamp: ref.ts, name: emoji }),
      );
    },
    async pin(ref) {
      await call('pins.add', () => client.pins.add({ channel: ref.channel, timestamp: ref.ts }));
    },
    async unpin(ref) {
      await call('pins.remove', () => client.pins.remove({ channel: ref.channel, timestamp: ref.ts }));
    },
    async history(channel, { threadTs, limit }) {
      const answer = threadTs
        ? await call('conversations.replies', () => client.conversations.replies({ channel, ts: threadTs, limit }))
        : await call('conversations.history', () => client.conversations.history({ channel, limit }));
      const parsed = ZHistory.safeParse(answer.messages ?? []);
      if (!parsed.success) {
        throw new AppError(AppErrorCode.chat, {
          message: `conversations history is malformed: ${formatIssues(parsed.error)}`,
        });
      }
      // conversations.history is newest first, conversations.replies oldest first.
      const messages = threadTs ? parsed.data : [...parsed.data].reverse();
      return messages.slice(-limit).map((m) => ({
        user: m.user ?? m.bot_id ?? 'unknown',
        text: m.text,
        ts: m.ts,
        fromBot: Boolean(m.bot_id) || m.user === identity.botUserId,
      }));
    },
    async topic(channel) {
      const info = await call('conversations.info', () => client.conversations.info({ channel }));
      return info.channel?.topic?.value ?? '';
    },
    async setTopic(channel, topic) {
      await call('conversations.setTopic', () => client.conversations.setTopic({ channel, topic }));
    },
    async scheduleMessage(target, text, postAt) {
      const result = await call('chat.scheduleMessage', () =>
        client.chat.scheduleMessage({
          channel: target.channel,
          text,
          post_at: Math.floor(postAt.getTime() / 1000),
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        }),
      );
      if (!result.scheduled_message_id) {
        throw new AppError(AppErrorCode.chat, { message: 'chat.scheduleMessage answered without an id' });
      }
      return { id: result.scheduled_message_id };
    },
    async cancelScheduledMessage(channel, id) {
      await call('chat.deleteScheduledMessage', () =>
        client.chat.deleteScheduledMessage({ channel, scheduled_message_id: id }),
      );
    },
    async publishHome(user, home) {
      const view = await homeView(home, names);
      await call('views.publish', () => client.views.publish({ user_id: user, view }));
    },
  };
}
