import type { ChatPort } from '../../core/chat-port.js';
import type { Clock } from '../../core/clock.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { BOT_ID, channelLabel, dmChannel, type LocalWorld } from './world.js';

/** Wraps a world call so its failures carry Slack-like error names, as the real adapters' do. */
function call<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const code = error instanceof Error ? error.message : String(error);
    throw new AppError(AppErrorCode.chat, { message: `${what} failed: ${code}` });
  }
}

/** The ChatPort of the local chat: every call lands in the in-memory world and shows up in the transcript. */
export function localChatPort(world: LocalWorld, clock: Clock): ChatPort {
  return {
    platform: 'local',
    botUserId: BOT_ID,
    mention: (user) => `@${user}`,
    channelLabel,
    permalink: (ref) => `local://${ref.channel}/${ref.ts}`,
    async history(channel, { threadTs, limit }) {
      const messages = [...world.messages.values()].filter(
        (m) => m.channel === channel && (threadTs === undefined || m.ts === threadTs || m.threadTs === threadTs),
      );
      return messages
        .slice(-limit)
        .map((m) => ({ user: m.user, text: m.message.text, ts: m.ts, fromBot: m.user === BOT_ID }));
    },
    async post(target, message) {
      const posted = call('post', () => {
        if (!world.hasChannel(target.channel)) throw new Error('channel_not_found');
        return world.post(target.channel, BOT_ID, message, clock.now(), target.threadTs);
      });
      return { channel: posted.channel, ts: posted.ts, threadTs: posted.threadTs };
    },
    async update(ref, message) {
      call('update', () => world.update(ref.channel, ref.ts, message));
    },
    async remove(ref) {
      call('delete', () => world.remove(ref.channel, ref.ts));
    },
    async postEphemeral(target, user, message) {
      call('ephemeral', () => world.ephemeral(target.channel, user, message, target.threadTs));
    },
    async sendDm(user, message) {
      const channel = dmChannel(user);
      world.addChannel(channel);
      const posted = call('dm', () => world.post(channel, BOT_ID, message, clock.now()));
      return { channel, ts: posted.ts };
    },
    async react(ref, emoji) {
      call('reaction', () => world.react(ref.channel, ref.ts, BOT_ID, emoji, true));
    },
    async unreact(ref, emoji) {
      call('reaction removal', () => world.react(ref.channel, ref.ts, BOT_ID, emoji, false));
    },
    async pin(ref) {
      call('pin', () => world.pin(ref.channel, ref.ts, true));
    },
    async unpin(ref) {
      call('unpin', () => world.pin(ref.channel, ref.ts, false));
    },
    async topic(channel) {
      return call('topic', () => world.topic(channel));
    },
    async setTopic(channel, topic) {
      call('set topic', () => world.setTopic(channel, topic, BOT_ID));
    },
    async scheduleMessage(target, text, postAt) {
      return { id: call('schedule', () => world.schedule(target.channel, text, postAt, target.threadTs)).id };
    },
    async cancelScheduledMessage(channel, id) {
      call('cancel schedule', () => world.unschedule(channel, id));
    },
  };
}
