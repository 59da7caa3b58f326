import { z } from 'zod';
import { AppError, AppErrorCode } from '../errors.js';
import { defineAction, quote, ZChannel } from './action-spec.js';

export const setTopic = defineAction({
  kind: 'set_topic',
  title: 'Set the channel topic',
  risk: 'medium',
  reversible: true,
  params: z.object({ channel: ZChannel, topic: z.string().trim().max(250) }),
  undoHandle: z.object({ channel: ZChannel, previous: z.string(), set: z.string() }),
  channelOf: (p) => p.channel,
  describe: (p, f) => `set the topic of ${f.channelLabel(p.channel)} to ${quote(p.topic)}`,
  async run(p, { chat }) {
    const previous = await chat.topic(p.channel);
    await chat.setTopic(p.channel, p.topic);
    return {
      result: { summary: `set the topic of ${chat.channelLabel(p.channel)} (was ${quote(previous)})` },
      undo: { channel: p.channel, previous, set: p.topic },
    };
  },
  async undo(handle, { chat }) {
    // Restoring over a topic a person has changed since would undo their work, not ours.
    const current = await chat.topic(handle.channel);
    if (current !== handle.set) {
      throw new AppError(AppErrorCode.conflict, {
        message: `the topic was changed to ${quote(current)} after this action; not restoring ${quote(handle.previous)}`,
      });
    }
    await chat.setTopic(handle.channel, handle.previous);
  },
});
