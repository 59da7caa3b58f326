import { z } from 'zod';
import { capability } from '../capabilities.js';
import { AppError, AppErrorCode } from '../errors.js';
import { DAY_MS } from '../policy/policy-rule.js';
import { channelRef, rich } from '../text/build.js';
import { bodyOf, defineAction, excerpt, ZChannel, ZMessage, ZMessageBody } from './action-spec.js';

// Slack accepts schedules up to 120 days ahead; the same bound keeps other platforms honest.
const MAX_AHEAD_MS = 120 * DAY_MS;

export const scheduleMessage = defineAction({
  kind: 'schedule_message',
  title: 'Schedule a message',
  risk: 'low',
  reversible: true,
  requires: ['scheduling'],
  params: z.object({
    channel: ZChannel,
    text: ZMessageBody,
    postAt: z.iso.datetime({ offset: true }),
    thread: ZMessage.optional(),
  }),
  undoHandle: z.object({ channel: ZChannel, id: z.string().min(1), postAt: z.iso.datetime({ offset: true }) }),
  channelOf: (p) => p.channel,
  describe: (p) =>
    rich`schedule a message in ${channelRef(p.channel)} for ${new Date(p.postAt).toISOString()}: ${excerpt(p.text)}`,
  async run(p, { chat, now }) {
    const postAt = new Date(p.postAt);
    const ahead = postAt.getTime() - now.getTime();
    if (ahead <= 0 || ahead > MAX_AHEAD_MS) {
      throw new AppError(AppErrorCode.invalid, {
        message: `postAt must be in the future and at most 120 days ahead (got ${postAt.toISOString()})`,
      });
    }
    const { id } = await capability(chat, 'scheduling').schedule(
      { channel: p.channel, thread: p.thread },
      { body: bodyOf(p.text) },
      postAt,
    );
    return {
      result: { summary: rich`scheduled a message in ${channelRef(p.channel)} for ${postAt.toISOString()}` },
      undo: { channel: p.channel, id, postAt: postAt.toISOString() },
    };
  },
  async undo(handle, { chat, now }) {
    if (new Date(handle.postAt).getTime() <= now.getTime()) {
      throw new AppError(AppErrorCode.conflict, { message: 'the message was already sent at its scheduled time' });
    }
    await capability(chat, 'scheduling').cancel(handle.channel, handle.id);
  },
});
