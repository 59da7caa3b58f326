import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { ChatPort } from '../../core/chat-port.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { ownId, type TKey, toKey } from '../../core/identity.js';
import type { TMessageRef } from '../../core/message-ref.js';
import { plainText } from '../../core/text/plain.js';
import { formatIssues } from '../../core/zod-issues.js';
import { slackError } from './api-errors.js';
import { homeView, messageArgs, TEAMMATE_ACTION } from './blocks.js';
import { fromSlackText } from './inbound-text.js';
import type { SlackRenderer } from './render.js';

export type TSlackIdentity = { botUserId: string; teamUrl?: string };

/** The bot's messages in a history read with include_all_metadata: the entry each carries out, if any. */
const ZOwnMessages = z.array(
  z.object({
    ts: z.string(),
    bot_id: z.string().optional(),
    metadata: z
      .object({ event_type: z.string(), event_payload: z.object({ entry_id: z.unknown() }).partial().optional() })
      .optional(),
  }),
);

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
export const slackId = (key: TKey): string => ownId(key, 'slack', 'is not a Slack user or channel');

/** The ChatPort over Slack's Web API; every method is one or two Web API calls, retried by the client on 429/5xx. */
export function slackChatPort(client: WebClient, render: SlackRenderer, identity: TSlackIdentity): ChatPort {
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
  const item = (ref: TMessageRef) => ({ channel: slackId(ref.conversation), timestamp: ref.id });
  return {
    platform: 'slack',
    botUser: toKey('slack', identity.botUserId),
    async post(target, message) {
      const args = await messageArgs(message, render);
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
      const args = await messageArgs(message, render);
      await call('chat.update', () =>
        client.chat.update({ channel: slackId(ref.conversation), ts: ref.id, ...args, blocks: args.blocks ?? [] }),
      );
    },
    async remove(ref) {
      await call('chat.delete', () => client.chat.delete({ channel: slackId(ref.conversation), ts: ref.id }));
    },
    async postPrivate(target, user, message) {
      const args = await messageArgs(message, render);
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
      const args = await messageArgs(message, render);
      return refOf(
        'chat.postMessage',
        await call('chat.postMessage', () => client.chat.postMessage({ channel, ...args })),
      );
    },
    reactions: {
      async add(ref, emoji) {
        await call('reactions.add', () => client.reactions.add({ ...item(ref), name: emoji }));
      },
      async remove(ref, emoji) {
        await call('reactions.remove', () => client.reactions.remove({ ...item(ref), name: emoji }));
      },
    },
    pins: {
      async add(ref) {
        await call('pins.add', () => client.pins.add(item(ref)));
      },
      async remove(ref) {
        await call('pins.remove', () => client.pins.remove(item(ref)));
      },
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
        text: plainText(fromSlackText(m.text), { keys: true }),
        id: m.ts,
        fromBot: Boolean(m.bot_id) || m.user === identity.botUserId,
      }));
    },
    async findOwn(place, entryId) {
      // Direct messages are looked for in the conversation with the person (conversations.open finds it).
      const target =
        'user' in place ? { channel: toKey('slack', await openDm(slackId(place.user))), thread: undefined } : place;
      const channel = slackId(target.channel);
      const answer = target.thread
        ? await call('conversations.replies', () =>
            client.conversations.replies({
              channel,
              ts: target.thread as string,
              limit: 200,
              include_all_metadata: true,
            }),
          )
        : await call('conversations.history', () =>
            client.conversations.history({ channel, limit: 100, include_all_metadata: true }),
          );
      const parsed = ZOwnMessages.safeParse(answer.messages ?? []);
      if (!parsed.success) return undefined;
      const found = parsed.data.find(
        (m) => m.metadata?.event_type === TEAMMATE_ACTION && m.metadata.event_payload?.entry_id === entryId,
      );
      return found
        ? {
            platform: 'slack',
            conversation: target.channel,
            id: found.ts,
            ...(target.thread ? { thread: target.thread } : {}),
          }
        : undefined;
    },
    async personByEmail(email) {
      // users:read.email; Slack answers users_not_found for an address nobody in the workspace has.
      try {
        const answer = await client.users.lookupByEmail({ email });
        return answer.user?.id && !answer.user.deleted ? toKey('slack', answer.user.id) : undefined;
      } catch (error) {
        if ((error as { data?: { error?: string } }).data?.error === 'users_not_found') return undefined;
        throw slackError('users.lookupByEmail', error);
      }
    },
    topic: {
      async get(channel) {
        const info = await call('conversations.info', () => client.conversations.info({ channel: slackId(channel) }));
        return info.channel?.topic?.value ?? '';
      },
      async set(channel, topic) {
        await call('conversations.setTopic', () => client.conversations.setTopic({ channel: slackId(channel), topic }));
      },
    },
    scheduling: {
      async schedule(target, message, postAt) {
        const { text } = await messageArgs(message, render);
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
      async cancel(channel, id) {
        await call('chat.deleteScheduledMessage', () =>
          client.chat.deleteScheduledMessage({ channel: slackId(channel), scheduled_message_id: id }),
        );
      },
    },
    home: {
      async publish(user, home) {
        const view = await homeView(home, render);
        await call('views.publish', () => client.views.publish({ user_id: slackId(user), view }));
      },
    },
  };
}
