import type { ChatPort } from '../../core/chat-port.js';
import type { Clock } from '../../core/clock.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { ownId, type TKey, toKey } from '../../core/identity.js';
import type { TMessageRef } from '../../core/message-ref.js';
import { plainDoc } from '../../core/text/plain.js';
import { BOT_ID, dmChannel, type LocalWorld } from './world.js';

/** Wraps a world call so its failures carry Slack-like error names, as the real adapters' do. */
function call<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const code = error instanceof Error ? error.message : String(error);
    throw new AppError(AppErrorCode.chat, { message: `${what} failed: ${code}` });
  }
}

/** The local chat's name for a person or channel key; a key of another platform is refused. */
export const localName = (key: TKey): string => ownId(key, 'local', 'is not in the local chat');

export const local = (name: string): TKey => toKey('local', name);

function refOf(posted: { channel: string; ts: string; threadTs?: string }): TMessageRef {
  return {
    platform: 'local',
    conversation: local(posted.channel),
    id: posted.ts,
    ...(posted.threadTs ? { thread: posted.threadTs } : {}),
  };
}

/** The ChatPort of the local chat: every call lands in the in-memory world and shows up in the transcript. */
export function localChatPort(world: LocalWorld, clock: Clock): ChatPort {
  const at = (ref: TMessageRef) => [localName(ref.conversation), ref.id] as const;
  return {
    platform: 'local',
    botUser: local(BOT_ID),
    async history(channel, { thread, limit }) {
      const name = localName(channel);
      const messages = [...world.messages.values()].filter(
        (m) => m.channel === name && (thread === undefined || m.ts === thread || m.threadTs === thread),
      );
      return messages
        .slice(-limit)
        .map((m) => ({ user: local(m.user), text: plainDoc(m.message.body), id: m.ts, fromBot: m.user === BOT_ID }));
    },
    async post(target, message) {
      const posted = call('post', () => {
        const channel = localName(target.channel);
        if (!world.hasChannel(channel)) throw new Error('channel_not_found');
        return world.post(channel, BOT_ID, message, clock.now(), target.thread);
      });
      return refOf(posted);
    },
    async update(ref, message) {
      call('update', () => world.update(...at(ref), message));
    },
    async remove(ref) {
      call('delete', () => world.remove(...at(ref)));
    },
    async postPrivate(target, user, message) {
      call('ephemeral', () => world.ephemeral(localName(target.channel), localName(user), message, target.thread));
    },
    async sendDm(user, message) {
      const channel = dmChannel(localName(user));
      world.addChannel(channel);
      return refOf(call('dm', () => world.post(channel, BOT_ID, message, clock.now())));
    },
    reactions: {
      async add(ref, emoji) {
        call('reaction', () => world.react(...at(ref), BOT_ID, emoji, true));
      },
      async remove(ref, emoji) {
        call('reaction removal', () => world.react(...at(ref), BOT_ID, emoji, false));
      },
    },
    pins: {
      async add(ref) {
        call('pin', () => world.pin(...at(ref), true));
      },
      async remove(ref) {
        call('unpin', () => world.pin(...at(ref), false));
      },
    },
    topic: {
      async get(channel) {
        return call('topic', () => world.topic(localName(channel)));
      },
      async set(channel, topic) {
        call('set topic', () => world.setTopic(localName(channel), topic, BOT_ID));
      },
    },
    scheduling: {
      async schedule(target, message, postAt) {
        return {
          id: call('schedule', () => world.schedule(localName(target.channel), message, postAt, target.thread)).id,
        };
      },
      async cancel(channel, id) {
        call('cancel schedule', () => world.unschedule(localName(channel), id));
      },
    },
  };
}
