import { z } from 'zod';
import { AppError, AppErrorCode } from '../errors.js';
import { DAY_MS } from '../policy/policy-rule.js';
import { defineAction, quote, ZChannel, ZMessage, ZMessageText } from './action-spec.js';

// Slack accepts schedules up to 120 days ahead; the same bound keeps other platforms honest.
const MAX_AHEAD_MS = 120 * DAY_MS;

export const scheduleMessage = defineAction({
  kind: 'schedule_message',
  title: 'Schedule a message',
  risk: 'low',
  reversible: true,
  params: z.object({
    channel: ZChannel,
    text: ZMessageText,
    postAt: z.iso.datetime({ offset: true }),
    thread: ZMessage.optional(),
  }),
  undoHandle: z.object({ channel: ZChannel, id: z.string().min(1), postAt: z.iso.datetime({ offset: true }) }),
  channelOf: (p) => p.channel,
  describe: (p, f) =>
    `schedule a message in ${f.channelLabel(p.channel)} for ${new Date(p.postAt).toISOString()}: ${quote(p.text)}`,
  async run(p, { chat, now }) {
    const postAt = new Date(p.postAt);
    const ahead = postAt.getTime() - now.getTime();
    if (ahead <= 0 || ahead > MAX_AHEAD_MS) {
      throw new AppError(AppErrorCode.invalid, {
        message: `postAt must be in the future and at most 120 days ahead (got ${postAt.toISOString()})`,
      });
    }
    const { id } = await chat.scheduleMessage({ channel: p.channel, thread: p.thread }, p.text, postAt);
    return {
      result: { summary: `scheduled a message in ${chat.channelLabel(p.channel)} for ${postAt.toISOString()}` },
      undo: { channel: p.channel, id, postAt: postAt.toISOString() },
    };
  },
  async undo(handle, { chat, now }) {
    if (new Date(handle.postAt).getTime() <= now.getTime()) {
      throw new AppError(AppErrorCode.conflict, { message: 'the message was already sent at its scheduled time' });
    }
    await chat.cancelScheduledMessage(handle.channel, handle.id);
  },
});
