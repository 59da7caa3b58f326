import { z } from 'zod';
import { ZMessageRef } from '../message-ref.js';
import { channelRef, quoted, rich } from '../text/build.js';
import { bodyOf, defineAction, ZChannel, ZMessageBody } from './action-spec.js';

/**
 * Calls off one occurrence of a recurring meeting and opens an async update thread instead. Calendar feeds are
 * read-only, so the meeting is marked skipped in Teammate's view (no "starting soon", shown as cancelled in the
 * roundup) and the organizer is asked in the announcement to remove it from the calendar.
 */
export const cancelOccurrence = defineAction({
  kind: 'cancel_occurrence',
  title: 'Cancel a meeting occurrence',
  risk: 'medium',
  reversible: true,
  params: z.object({
    channel: ZChannel,
    feedId: z.number().int(),
    key: z.string().min(1),
    title: z.string().min(1).max(300),
    startsAt: z.coerce.date(),
    organizer: z.string().max(200).optional(),
    text: ZMessageBody,
  }),
  undoHandle: z.object({ feedId: z.number().int(), key: z.string(), message: ZMessageRef }),
  channelOf: (p) => p.channel,
  describe: (p) =>
    rich`cancel ${quoted(p.title, 60)} on ${p.startsAt.toISOString().slice(0, 10)} and open an async thread in ${channelRef(p.channel)}`,
  async run(p, { chat, stores }) {
    const message = await chat.post({ channel: p.channel }, { body: bodyOf(p.text) });
    await stores.calendar.markSkipped(p.feedId, p.key, true);
    return {
      result: { summary: rich`cancelled; async thread opened in ${channelRef(p.channel)}`, ref: message },
      undo: { feedId: p.feedId, key: p.key, message },
    };
  },
  async undo(h, { chat, stores }) {
    await stores.calendar.markSkipped(h.feedId, h.key, false);
    await chat.remove(h.message);
  },
});
