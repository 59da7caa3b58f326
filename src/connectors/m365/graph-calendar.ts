import { z } from 'zod';
import type { TAttendee, TCalendarItem, TOccurrence } from '../../core/autonomy-ports.js';
import {
  type CalendarConnector,
  calendarSource,
  type TCalendarRead,
  type TExpanded,
} from '../../core/calendar-connector.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { withHash } from '../../sources/calendar/occurrence-hash.js';
import { ConnectorHttp, type TConnectorTuning } from '../connector-http.js';
import { OAuthToken, withToken } from '../oauth-token.js';

export type TGraphConfig = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphUrl?: string;
  loginUrl?: string;
};

// The parts of Graph's event resource Teammate reads (https://learn.microsoft.com/graph/api/resources/event).
const ZWhen = z.object({ dateTime: z.string(), timeZone: z.string().optional() });
const ZAddress = z.object({ name: z.string().optional(), address: z.string().optional() });
const ZEvent = z.object({
  id: z.string(),
  subject: z.string().nullish(),
  iCalUId: z.string().nullish(),
  type: z.string().nullish(),
  seriesMasterId: z.string().nullish(),
  originalStart: z.string().nullish(),
  start: ZWhen.nullish(),
  end: ZWhen.nullish(),
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  showAs: z.string().nullish(),
  organizer: z.object({ emailAddress: ZAddress.optional() }).nullish(),
  attendees: z
    .array(
      z.object({
        emailAddress: ZAddress.optional(),
        status: z.object({ response: z.string().optional() }).optional(),
      }),
    )
    .nullish(),
});
type TEvent = z.infer<typeof ZEvent>;
const ZPage = z.object({
  value: z.array(z.unknown()).default([]),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
const ZRemoved = z.object({ id: z.string(), '@removed': z.object({}).passthrough() });

const PARTSTAT: Record<string, TAttendee['partstat']> = {
  accepted: 'accepted',
  organizer: 'accepted',
  declined: 'declined',
  tentativelyAccepted: 'tentative',
  notResponded: 'needs-action',
  none: 'needs-action',
};
/** The series masters are kept beside the occurrences, for the UID a feed of the same calendar would give. */
const MASTER = 'master:';
const IRREVERSIBLE = 'Microsoft 365 cannot put a cancelled occurrence back (Microsoft Graph has no way to restore one)';

/** Graph's date-times come in UTC unless asked otherwise; one without an offset is read as UTC. */
function instant(when: { dateTime: string; timeZone?: string } | null | undefined): Date | undefined {
  if (!when) return undefined;
  const text = /[zZ]|[+-]\d\d:\d\d$/.test(when.dateTime) ? when.dateTime : `${when.dateTime}Z`;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function occurrenceOf(event: TEvent, masters: ReadonlyMap<string, TEvent>): TOccurrence | undefined {
  const start = instant(event.start);
  if (!start || event.type === 'seriesMaster') return undefined;
  const master = event.seriesMasterId ? masters.get(event.seriesMasterId) : undefined;
  const original = event.originalStart ? new Date(event.originalStart) : start;
  const body = {
    uid: master?.iCalUId ?? event.iCalUId ?? event.id,
    title: event.subject?.trim() || '(no title)',
    startsAt: start,
    endsAt: instant(event.end) ?? start,
    allDay: Boolean(event.isAllDay),
    recurring: Boolean(event.seriesMasterId),
    status: event.isCancelled ? 'cancelled' : event.showAs === 'tentative' ? 'tentative' : 'confirmed',
    organizer: event.organizer?.emailAddress?.address,
    attendees: (event.attendees ?? []).map((a) => ({
      name: a.emailAddress?.name || a.emailAddress?.address || 'someone',
      ...(a.emailAddress?.address ? { email: a.emailAddress.address } : {}),
      partstat: PARTSTAT[a.status?.response ?? 'none'] ?? 'needs-action',
    })),
  } as const;
  const key = `${body.uid}|${Number.isNaN(original.getTime()) ? start.toISOString() : original.toISOString()}`;
  return withHash(key, body, event.id);
}

/**
 * Microsoft 365 through Microsoft Graph, as an app with the Calendars.ReadWrite application permission (an
 * application access policy can limit it to some mailboxes). A feed names a mailbox: `m365:<user id or address>`.
 * Reads use the calendar view's delta query (its deltaLink is the token; 410 gives a full read); a cancellation
 * calls `cancel` on the occurrence, which tells the attendees with the comment. Graph cannot restore a cancelled
 * occurrence, so this kind cannot be undone.
 */
export function graphCalendar(config: TGraphConfig, tuning: TConnectorTuning = {}): CalendarConnector {
  const http = new ConnectorHttp({ label: 'Microsoft 365', tokenVariable: 'MS365_CLIENT_SECRET', ...tuning });
  const graph = (config.graphUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/$/, '');
  const login = (config.loginUrl ?? 'https://login.microsoftonline.com').replace(/\/$/, '');
  const token = new OAuthToken({
    http,
    url: `${login}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`,
    form: () => ({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      client_secret: config.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
    variables: 'MS365_TENANT_ID, MS365_CLIENT_ID and MS365_CLIENT_SECRET',
    now: tuning.now ?? (() => new Date()),
  });
  const userOf = (feed: { url: string }) => `${graph}/users/${encodeURIComponent(calendarSource(feed.url).name)}`;

  async function call(url: string, init: RequestInit = {}): Promise<Response> {
    // The token goes to Graph only: a nextLink or deltaLink pointing anywhere else is refused.
    if (new URL(url).origin !== new URL(graph).origin) {
      throw new AppError(AppErrorCode.connector, { message: `Microsoft 365 pointed Teammate to ${new URL(url).host}` });
    }
    return withToken(token, http, url, { ...init, headers: { accept: 'application/json', ...init.headers } });
  }

  async function pages(first: string, restart: boolean) {
    const items: unknown[] = [];
    let next: string | undefined = first;
    let delta: string | undefined;
    while (next) {
      const response = await call(next, { headers: { prefer: 'odata.maxpagesize=100' } });
      if (response.status === 410 && restart) return undefined;
      if (!response.ok) throw await http.failure(response, 'the calendar');
      const page = ZPage.parse(await response.json());
      items.push(...page.value);
      next = page['@odata.nextLink'];
      delta = page['@odata.deltaLink'] ?? delta;
    }
    return { items, delta };
  }

  return {
    kind: 'm365',
    label: 'Microsoft 365',
    health: () => http.health(),

    async read(feed, window, held): Promise<TCalendarRead> {
      const user = userOf(feed);
      const range = new URLSearchParams({
        startDateTime: window.from.toISOString(),
        endDateTime: window.to.toISOString(),
      });
      const incremental = held.token ? await pages(held.token, true) : undefined;
      const read = incremental ?? (await pages(`${user}/calendarView/delta?${range}`, false));
      if (!read) throw new AppError(AppErrorCode.connector, { message: 'Microsoft 365 gave no events' });
      const full = incremental === undefined;
      const items: TCalendarItem[] = [];
      const removed: string[] = [];
      const masters = new Set(held.items.filter((i) => i.ref.startsWith(MASTER)).map((i) => i.ref));
      for (const raw of read.items) {
        const gone = ZRemoved.safeParse(raw);
        if (gone.success) {
          removed.push(gone.data.id);
          continue;
        }
        const event = ZEvent.safeParse(raw);
        if (!event.success) continue;
        items.push({ ref: event.data.id, data: JSON.stringify(raw) });
        const master = event.data.seriesMasterId;
        if (master && !masters.has(`${MASTER}${master}`)) {
          masters.add(`${MASTER}${master}`);
          const response = await call(`${user}/events/${encodeURIComponent(master)}?$select=id,iCalUId,subject`);
          if (response.ok) items.push({ ref: `${MASTER}${master}`, data: await response.text() });
        }
      }
      // A full read replaces everything, so the masters read before are kept by naming them again.
      if (full)
        for (const item of held.items)
          if (item.ref.startsWith(MASTER) && !items.some((i) => i.ref === item.ref)) items.push(item);
      return {
        full,
        items,
        removed,
        ...(read.delta ? { token: read.delta } : {}),
        label: calendarSource(feed.url).name,
      };
    },

    expand(items, from, to): TExpanded {
      const masters = new Map<string, TEvent>();
      const events: TEvent[] = [];
      const expanded: TExpanded = { occurrences: [], warnings: [] };
      for (const item of items) {
        const event = ZEvent.safeParse(JSON.parse(item.data));
        if (!event.success) expanded.warnings.push(`event ${item.ref} skipped: it is not an event Teammate can read`);
        else if (item.ref.startsWith(MASTER)) masters.set(event.data.id, event.data);
        else events.push(event.data);
      }
      for (const event of events) {
        const occurrence = occurrenceOf(event, masters);
        if (occurrence && occurrence.startsAt >= from && occurrence.startsAt < to)
          expanded.occurrences.push(occurrence);
      }
      expanded.occurrences.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      return expanded;
    },

    async cancel(feed, occurrence, request) {
      if (request.notify !== 'all') {
        throw new AppError(AppErrorCode.invalid, {
          message: `Microsoft 365 always tells every attendee when an occurrence is cancelled, and the policy row says notify=${request.notify}, so nothing was changed`,
        });
      }
      const url = `${userOf(feed)}/events/${encodeURIComponent(occurrence.ref ?? '')}`;
      const current = occurrence.ref ? await call(`${url}?$select=id,isCancelled,start`) : undefined;
      if (!current || current.status === 404) {
        throw new AppError(AppErrorCode.conflict, {
          message: `${occurrence.title} is no longer in the calendar, so nothing was cancelled`,
        });
      }
      if (!current.ok) throw await http.failure(current, occurrence.title);
      const event = ZEvent.parse(await current.json());
      if (event.isCancelled || instant(event.start)?.getTime() !== occurrence.startsAt.getTime()) {
        throw new AppError(AppErrorCode.conflict, {
          message: `${occurrence.title} was cancelled or moved in Microsoft 365 in the meantime, so nothing was changed`,
        });
      }
      const response = await call(`${url}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Comment: request.comment.slice(0, 2000) }),
      });
      if (!response.ok) throw await http.failure(response, occurrence.title);
      return { id: event.id };
    },

    async restore() {
      throw new AppError(AppErrorCode.invalid, { message: IRREVERSIBLE });
    },
  };
}
