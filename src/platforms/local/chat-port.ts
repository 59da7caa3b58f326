import type { ChatPort } from '../../core/chat-port.js';
import type { Clock } from '../../core/clock.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { ownId, type TKey, toKey } from '../../core/identity.js';
import type { TMessageRef } from '../../core/message-ref.js';
import { plainDoc } from '../../core/text/plain.js';
import { BOT_ID, dmChannel, inRun, type LocalWorld } from './world.js';

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

/** The ChatPort of the local chat: every call lands in the in-memory world and shows up in the transcript. */
export function localChatPort(world: LocalWorld, clock: Clock): ChatPort {
  // The core keeps run-scoped ids (world.coreId); the world and the people at it use the short ones.
  const refOf = (posted: { channel: string; ts: string; threadTs?: string }): TMessageRef => ({
    platform: 'local',
    conversation: local(posted.channel),
    id: world.coreId(posted.ts),
    ...(posted.threadTs ? { thread: world.coreId(posted.threadTs) } : {}),
  });
  const at = (ref: TMessageRef) => [localName(ref.conversation), world.localId(ref.id)] as const;
  // A thread from an earlier run is gone with its workspace: what was meant for it goes to the channel instead.
  const threadIn = (id: string | undefined) => (id === undefined ? undefined : inRun(id, world.run));
  return {
    platform: 'local',
    botUser: local(BOT_ID),
    async history(channel, { thread, limit }) {
      const name = localName(channel);
      const root = thread === undefined ? undefined : inRun(thread, world.run);
      if (thread !== undefined && root === undefined) return [];
      const messages = [...world.messages.values()].filter(
        (m) => m.channel === name && (root === undefined || m.ts === root || m.threadTs === root),
      );
      return messages.slice(-limit).map((m) => ({
        user: local(m.user),
        text: plainDoc(m.message.body),
        id: world.coreId(m.ts),
        fromBot: m.user === BOT_ID,
      }));
    },
    async post(target, message) {
      const posted = call('post', () => {
        const channel = localName(target.channel);
        if (!world.hasChannel(channel)) throw new Error('channel_not_found');
        return world.post(channel, BOT_ID, message, clock.now(), threadIn(target.thread));
      });
      return refOf(posted);
    },
    async findOwn(target, entryId) {
      const channel = 'user' in target ? dmChannel(localName(target.user)) : localName(target.channel);
      const thread = 'user' in target ? undefined : threadIn(target.thread);
      const found = [...world.messages.values()].find(
        (m) =>
          m.user === BOT_ID &&
          m.channel === channel &&
          m.message.entryId === entryId &&
          (thread === undefined ? m.threadTs === undefined : m.threadTs === thread),
      );
      return found ? refOf(found) : undefined;
    },
    async update(ref, message) {
      call('update', () => world.update(...at(ref), message));
    },
    async remove(ref) {
      call('delete', () => world.remove(...at(ref)));
    },
    async postPrivate(target, user, message) {
      call('ephemeral', () =>
        world.ephemeral(localName(target.channel), localName(user), message, threadIn(target.thread)),
      );
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
        const scheduled = call('schedule', () =>
          world.schedule(localName(target.channel), message, postAt, threadIn(target.thread)),
        );
        return { id: world.coreId(scheduled.id) };
      },
      async cancel(channel, id) {
        call('cancel schedule', () =>
          world.unschedule(localName(channel), world.localId(id, 'invalid_scheduled_message_id')),
        );
      },
    },
  };
}
