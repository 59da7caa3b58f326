import { z } from 'zod';
import { capability } from '../capabilities.js';
import { AppError, AppErrorCode } from '../errors.js';
import { channelRef, quoted, rich } from '../text/build.js';
import { plainText } from '../text/plain.js';
import { defineAction, ZChannel } from './action-spec.js';

export const setTopic = defineAction({
  kind: 'set_topic',
  title: 'Set the channel topic',
  risk: 'medium',
  reversible: true,
  requires: ['topic'],
  params: z.object({ channel: ZChannel, topic: z.string().trim().max(250) }),
  undoHandle: z.object({ channel: ZChannel, previous: z.string(), set: z.string() }),
  channelOf: (p) => p.channel,
  describe: (p) => rich`set the topic of ${channelRef(p.channel)} to ${quoted(p.topic)}`,
  async run(p, { chat }) {
    const topic = capability(chat, 'topic');
    const previous = await topic.get(p.channel);
    await topic.set(p.channel, p.topic);
    return {
      result: { summary: rich`set the topic of ${channelRef(p.channel)} (was ${quoted(previous)})` },
      undo: { channel: p.channel, previous, set: p.topic },
    };
  },
  async undo(handle, { chat }) {
    const topic = capability(chat, 'topic');
    // Restoring over a topic a person has changed since would undo their work, not ours.
    const current = await topic.get(handle.channel);
    if (current !== handle.set) {
      throw new AppError(AppErrorCode.conflict, {
        message: plainText(
          rich`the topic was changed to ${quoted(current)} after this action; not restoring ${quoted(handle.previous)}`,
        ),
      });
    }
    await topic.set(handle.channel, handle.previous);
  },
});
