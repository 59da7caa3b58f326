import { z } from 'zod';
import type { TAttendee, TCalendarItem, TOccurrence } from '../../core/autonomy-ports.js';
import {
  type CalendarConnector,
  calendarSource,
  type TCalendarRead,
  type TExpanded,
  type TNotify,
} from '../../core/calendar-connector.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { withHash } from '../../sources/calendar/occurrence-hash.js';
import { ConnectorHttp, type TConnectorTuning } from '../connector-http.js';
import { OAuthToken, withToken } from '../oauth-token.js';
import { googleGrant, type TGoogleCredentials } from './google-credentials.js';

export type TGoogleConfig = {
  credentials: TGoogleCredentials;
  /** For a service account with domain-wide delegation: the person whose calendars it acts on. */
  subject?: string;
  apiUrl?: string;
};

// The parts of Google's Events resource Teammate reads
// (https://developers.google.com/calendar/api/v3/reference/events#resource).
const ZWhen = z.object({ dateTime: z.string().optional(), date: z.string().optional() });
const ZEvent = z.object({
  id: z.string(),
  etag: z.string().optional(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']).optional(),
  summary: z.string().optional(),
  iCalUID: z.string().optional(),
  recurringEventId: z.string().optional(),
  originalStartTime: ZWhen.optional(),
  start: ZWhen.optional(),
  end: ZWhen.optional(),
  organizer: z.object({ email: z.string().optional(), displayName: z.string().optional() }).optional(),
  attendees: z
    .array(
      z.object({
        email: z.string().optional(),
        displayName: z.string().optional(),
        responseStatus: z.string().optional(),
        organizer: z.boolean().optional(),
      }),
    )
    .optional(),
});
type TEvent = z.infer<typeof ZEvent>;
const ZEventList = z.object({
  items: z.array(z.unknown()).default([]),
  nextPageToken: z.string().optional(),
  nextSyncToken: z.string().optional(),
  summary: z.string().optional(),
});
const ZReceipt = z.object({
  calendar: z.string(),
  id: z.string(),
  after: ZEvent,
  notify: z.enum(['all', 'external', 'none']),
});

const SEND_UPDATES: Record<TNotify, string> = { all: 'all', external: 'externalOnly', none: 'none' };
const PARTSTAT: Record<string, TAttendee['partstat']> = {
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentative',
  needsAction: 'needs-action',
};

/**
 * A date-time or an all-day date of Google's, as an instant. An all-day date is its midnight in the process's time
 * zone, as node-ical reads a feed's DATE values, so the same meeting has the same key from either.
 */
function instant(when: z.infer<typeof ZWhen> | undefined): Date | undefined {
  const text = when?.dateTime ?? (when?.date ? `${when.date}T00:00:00` : undefined);
  const date = text ? new Date(text) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** One instance as Teammate's occurrence: keyed by iCalUID and the start it was created with, like a feed's. */
function occurrenceOf(event: TEvent): TOccurrence | undefined {
  const start = instant(event.start);
  const original = instant(event.originalStartTime) ?? start;
  if (!start || !original) return undefined;
  const body = {
    uid: event.iCalUID ?? event.recurringEventId ?? event.id,
    title: event.summary?.trim() || '(no title)',
    startsAt: start,
    endsAt: instant(event.end) ?? start,
    allDay: Boolean(event.start?.date),
    recurring: Boolean(event.recurringEventId),
    status: event.status === 'cancelled' ? 'cancelled' : event.status === 'tentative' ? 'tentative' : 'confirmed',
    organizer: event.organizer?.email,
    attendees: (event.attendees ?? []).map((a) => ({
      name: a.displayName || a.email || 'someone',
      ...(a.email ? { email: a.email } : {}),
      partstat: PARTSTAT[a.responseStatus ?? ''] ?? 'needs-action',
    })),
  } as const;
  return withHash(`${body.uid}|${original.toISOString()}`, body, event.id);
}

/** What differs between the instance as Teammate left it and as it is now, in words. */
function changed(before: TEvent, now: TEvent): string[] {
  const parts: [string, (e: TEvent) => unknown][] = [
    ['the title', (e) => e.summary],
    ['the start', (e) => e.start],
    ['the end', (e) => e.end],
    ['the status', (e) => e.status],
    ['the attendees or their answers', (e) => e.attendees],
  ];
  return parts.filter(([, get]) => JSON.stringify(get(before)) !== JSON.stringify(get(now))).map(([name]) => name);
}

/**
 * Google Calendar (API v3) with a service account (domain-wide delegation) or an OAuth refresh token. A feed names
 * a calendar: `google:primary` or `google:<calendar id>`. Reads list single instances with incremental sync tokens
 * (a token Google no longer accepts, 410, gives a full read); a cancellation patches the one instance to
 * `cancelled` with If-Match on its ETag and `sendUpdates` as the policy row says, and undo sets it back to
 * `confirmed` if nobody changed it since.
 */
export function googleCalendar(config: TGoogleConfig, tuning: TConnectorTuning = {}): CalendarConnector {
  const http = new ConnectorHttp({ label: 'Google Calendar', tokenVariable: 'GOOGLE_CALENDAR_CREDENTIALS', ...tuning });
  const api = (config.apiUrl ?? 'https://www.googleapis.com/calendar/v3').replace(/\/$/, '');
  const grant = googleGrant(config.credentials, config.subject);
  const token = new OAuthToken({
    http,
    url: grant.url,
    form: () => grant.form((tuning.now ?? (() => new Date()))()),
    variables: 'GOOGLE_CALENDAR_CREDENTIALS and GOOGLE_CALENDAR_SUBJECT',
    now: tuning.now ?? (() => new Date()),
  });
  const eventsOf = (calendar: string) => `${api}/calendars/${encodeURIComponent(calendar)}/events`;

  async function call(url: string, init: RequestInit = {}): Promise<Response> {
    return withToken(token, http, url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  }

  async function getEvent(calendar: string, id: string): Promise<TEvent | undefined> {
    const response = await call(`${eventsOf(calendar)}/${encodeURIComponent(id)}`);
    if (response.status === 404 || response.status === 410) return undefined;
    if (!response.ok) throw await http.failure(response, 'the meeting');
    return ZEvent.parse(await response.json());
  }

  async function patch(calendar: string, event: TEvent, status: string, notify: TNotify): Promise<Response> {
    const url = `${eventsOf(calendar)}/${encodeURIComponent(event.id)}?sendUpdates=${SEND_UPDATES[notify]}`;
    return call(url, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...(event.etag ? { 'if-match': event.etag } : {}) },
      body: JSON.stringify({ status }),
    });
  }

  async function list(calendar: string, window: { from: Date; to: Date }, sync?: string) {
    const items: unknown[] = [];
    let page: string | undefined;
    let last: z.infer<typeof ZEventList>;
    do {
      const query = new URLSearchParams({ singleEvents: 'true', showDeleted: 'true', maxResults: '250' });
      if (sync) query.set('syncToken', sync);
      else {
        query.set('timeMin', window.from.toISOString());
        query.set('timeMax', window.to.toISOString());
      }
      if (page) query.set('pageToken', page);
      const response = await call(`${eventsOf(calendar)}?${query}`);
      if (response.status === 410 && sync) return undefined;
      if (!response.ok) throw await http.failure(response, `calendar ${calendar}`);
      last = ZEventList.parse(await response.json());
      items.push(...last.items);
      page = last.nextPageToken;
    } while (page);
    return { items, token: last.nextSyncToken, label: last.summary };
  }

  return {
    kind: 'google',
    label: 'Google Calendar',
    health: () => http.health(),

    async read(feed, window, held): Promise<TCalendarRead> {
      const calendar = calendarSource(feed.url).name;
      const incremental = held.token ? await list(calendar, window, held.token) : undefined;
      const listed = incremental ?? (await list(calendar, window));
      if (!listed) throw new AppError(AppErrorCode.connector, { message: 'Google Calendar gave no events' });
      const full = incremental === undefined;
      const items: TCalendarItem[] = [];
      const removed: string[] = [];
      for (const raw of listed.items) {
        const event = ZEvent.safeParse(raw);
        if (!event.success) continue;
        // A cancelled instance (or a deleted event) is gone: its occurrence is marked cancelled, its title kept.
        if (event.data.status === 'cancelled') removed.push(event.data.id);
        else
          items.push({
            ref: event.data.id,
            data: JSON.stringify(raw),
            ...(event.data.etag ? { etag: event.data.etag } : {}),
          });
      }
      return {
        full,
        items,
        removed,
        ...(listed.token ? { token: listed.token } : {}),
        ...(listed.label ? { label: listed.label } : {}),
      };
    },

    expand(items, from, to): TExpanded {
      const expanded: TExpanded = { occurrences: [], warnings: [] };
      for (const item of items) {
        const event = ZEvent.safeParse(JSON.parse(item.data));
        const occurrence = event.success ? occurrenceOf(event.data) : undefined;
        if (!occurrence) expanded.warnings.push(`event ${item.ref} skipped: it has no start Teammate can read`);
        else if (occurrence.startsAt >= from && occurrence.startsAt < to) expanded.occurrences.push(occurrence);
      }
      expanded.occurrences.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      return expanded;
    },

    async cancel(feed, occurrence, request) {
      const calendar = calendarSource(feed.url).name;
      const current = occurrence.ref ? await getEvent(calendar, occurrence.ref) : undefined;
      if (!current || current.status === 'cancelled') {
        throw new AppError(AppErrorCode.conflict, {
          message: `${occurrence.title} is no longer in the calendar, so nothing was cancelled`,
        });
      }
      const response = await patch(calendar, current, 'cancelled', request.notify);
      if (response.status === 412) {
        throw new AppError(AppErrorCode.conflict, {
          message: `${occurrence.title} was changed in Google Calendar while Teammate was cancelling it (412), so Teammate left it as it is`,
        });
      }
      if (!response.ok) throw await http.failure(response, occurrence.title);
      return { calendar, id: current.id, after: ZEvent.parse(await response.json()), notify: request.notify };
    },

    async restore(_feed, raw) {
      const receipt = ZReceipt.parse(raw);
      const current = await getEvent(receipt.calendar, receipt.id);
      if (!current) {
        throw new AppError(AppErrorCode.changedSince, {
          message: 'the meeting was deleted from Google Calendar since, so there is nothing to put back',
        });
      }
      if (current.etag !== receipt.after.etag) {
        const parts = changed(receipt.after, current);
        throw new AppError(AppErrorCode.changedSince, {
          message: `someone changed the meeting in Google Calendar since${parts.length ? ` (${parts.join(', ')})` : ''}, so Teammate did not put it back over their change`,
        });
      }
      const response = await patch(receipt.calendar, current, 'confirmed', receipt.notify);
      if (response.status === 412) {
        throw new AppError(AppErrorCode.changedSince, {
          message:
            'someone changed the meeting in Google Calendar a moment ago, so Teammate did not put it back over their change',
        });
      }
      if (!response.ok) throw await http.failure(response, 'the meeting');
    },
  };
}
