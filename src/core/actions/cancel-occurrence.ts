import { z } from 'zod';
import type { TFeed } from '../autonomy-ports.js';
import {
  type CalendarConnector,
  calendarSource,
  connectorFor,
  type TCalendarKind,
  ZCalendarKind,
} from '../calendar-connector.js';
import { AppError, AppErrorCode } from '../errors.js';
import { ZMessageRef } from '../message-ref.js';
import { channelRef, quoted, rich } from '../text/build.js';
import { plainDoc } from '../text/plain.js';
import { type ActionIO, bodyOf, defineAction, ZChannel, ZMessageBody } from './action-spec.js';

/** Why a cancelled occurrence cannot be put back, for the kinds of calendar that cannot. */
const CANNOT_RESTORE: Partial<Record<TCalendarKind, string>> = {
  m365: 'Microsoft 365 cannot put a cancelled occurrence back (Microsoft Graph has no way to restore one), and the attendees are told at once',
};

/** The feed an action names, still there and of the kind the proposal said. */
async function feedOf(io: ActionIO, p: { feedId: number; calendar: TCalendarKind }): Promise<TFeed> {
  const feed = await io.stores.calendar.feed(p.feedId);
  if (!feed) {
    throw new AppError(AppErrorCode.conflict, {
      message: `calendar #${p.feedId} was removed from Teammate, so nothing was changed`,
    });
  }
  if (calendarSource(feed.url).kind !== p.calendar) {
    throw new AppError(AppErrorCode.conflict, {
      message: `calendar #${p.feedId} is not a ${p.calendar} calendar, so nothing was changed`,
    });
  }
  return feed;
}

/** The connector that changes a feed's calendar; none for an iCalendar feed, which is read-only. */
function connectorOf(io: ActionIO, feed: TFeed): CalendarConnector | undefined {
  const { kind } = calendarSource(feed.url);
  return kind === 'ics' ? undefined : connectorFor(io.connectors.calendars, kind);
}

/**
 * Calls off one occurrence of a recurring meeting and opens an async update thread instead. In a calendar
 * Teammate can change (CalDAV, Google, Microsoft 365) the occurrence is cancelled there, so it disappears from
 * everyone's calendar; an iCalendar feed is read-only, so there the meeting is only marked skipped in Teammate's
 * view and the announcement asks the organiser to remove it. Undo puts the occurrence back exactly, unless
 * someone changed the meeting since; Microsoft 365 cannot restore one, so there it cannot be undone.
 */
export const cancelOccurrence = defineAction({
  kind: 'cancel_occurrence',
  title: 'Cancel a meeting occurrence',
  risk: 'medium',
  reversible: true,
  irreversible: (p) => CANNOT_RESTORE[p.calendar],
  params: z.object({
    channel: ZChannel,
    feedId: z.number().int(),
    key: z.string().min(1),
    title: z.string().min(1).max(300),
    startsAt: z.coerce.date(),
    organizer: z.string().max(200).optional(),
    /** The kind of calendar it changes and its name, as the card shows them. */
    calendar: ZCalendarKind.default('ics'),
    calendarName: z.string().max(200).optional(),
    text: ZMessageBody,
  }),
  undoHandle: z.object({
    feedId: z.number().int(),
    key: z.string(),
    message: ZMessageRef,
    /** What the calendar's connector needs to put the occurrence back. */
    change: z.unknown().optional(),
  }),
  channelOf: (p) => p.channel,
  describe: (p) => {
    const where = p.calendar === 'ics' ? '' : ` in ${p.calendarName ?? `the ${p.calendar} calendar`}`;
    const by = p.organizer ? rich` (organiser ${quoted(p.organizer, 80)})` : [];
    return rich`cancel ${quoted(p.title, 60)} on ${p.startsAt.toISOString().slice(0, 10)}${where}${by} and open an async thread in ${channelRef(p.channel)}`;
  },
  async run(p, io) {
    const feed = await feedOf(io, p);
    const connector = connectorOf(io, feed);
    let change: unknown;
    if (connector) {
      const occurrence = await io.stores.calendar.occurrence(p.feedId, p.key);
      if (!occurrence || occurrence.status === 'cancelled') {
        throw new AppError(AppErrorCode.conflict, {
          message: `${p.title} on ${p.startsAt.toISOString().slice(0, 10)} is no longer in the calendar, so nothing was changed`,
        });
      }
      change = await connector.cancel(feed, occurrence, {
        comment: plainDoc(bodyOf(p.text)),
        notify: io.notify ?? 'all',
      });
    }
    const message = await io.chat
      .post(
        { channel: p.channel },
        { body: bodyOf(p.text), ...(io.entryId === undefined ? {} : { entryId: io.entryId }) },
      )
      .catch(async (error: unknown) => {
        // The thread could not be opened: the meeting goes back in the calendar, so the action fails as a whole.
        if (connector && change !== undefined) await connector.restore(feed, change).catch(() => undefined);
        throw error;
      });
    await io.stores.calendar.markSkipped(p.feedId, p.key, true);
    const where = connector ? ` in ${connector.label}` : ' in Teammate (the calendar is read-only)';
    return {
      result: { summary: rich`cancelled${where}; async thread opened in ${channelRef(p.channel)}`, ref: message },
      undo: { feedId: p.feedId, key: p.key, message, ...(change === undefined ? {} : { change }) },
    };
  },
  async undo(h, io) {
    if (h.change !== undefined) {
      const feed = await io.stores.calendar.feed(h.feedId);
      if (!feed) {
        throw new AppError(AppErrorCode.config, {
          message: `calendar #${h.feedId} was removed from Teammate, so the meeting cannot be put back from here`,
        });
      }
      await connectorOf(io, feed)?.restore(feed, h.change);
    }
    await io.stores.calendar.markSkipped(h.feedId, h.key, false);
    await io.chat.remove(h.message);
  },
});
