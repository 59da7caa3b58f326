import {
  calendarMultiGet,
  calendarQuery,
  createAccount,
  type DAVResponse,
  fetchCalendars,
  propfind,
  syncCollection,
} from 'tsdav';
import { z } from 'zod';
import type { TCalendarItem, TFeed } from '../../core/autonomy-ports.js';
import { type CalendarConnector, calendarSource, type TCalendarRead } from '../../core/calendar-connector.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import { ConnectorHttp, type TConnectorTuning } from '../connector-http.js';
import { expandObjects } from './expand-objects.js';
import { cancelInstance, changedParts } from './ics-edit.js';

export type TCalDavConfig = { url: string; username: string; password: string };

/** What undo needs: the object, its text before and after Teammate's change, and the ETag the change got. */
const ZReceipt = z.object({ href: z.string(), before: z.string(), after: z.string(), etag: z.string() });

const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
const slash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** calendar-data arrives as text or as `{ _cdata }`, depending on how the server wrote it. */
function calendarData(response: DAVResponse): string | undefined {
  const data = response.props?.calendarData;
  if (typeof data === 'string') return data;
  if (data && typeof data === 'object' && typeof data._cdata === 'string') return data._cdata;
  return undefined;
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/**
 * A CalDAV account (Fastmail, Nextcloud, iCloud, Radicale, SOGo, Zimbra…) through tsdav. A feed names one calendar
 * of the account: `caldav:<display name>`, `caldav:/path/of/the/calendar/` or its full URL on CALDAV_URL's server
 * (the credentials are never sent anywhere else). Reading asks the collection for its sync-token (or CTag) first:
 * unchanged, nothing more is asked; else a sync-collection REPORT names what changed since the last token, or, on
 * servers without sync tokens (and for the daily full read), a time-range calendar-query lists ETags. Only changed
 * objects are downloaded. Writing sends If-Match with the ETag it read, so a change someone made meanwhile is never
 * overwritten.
 */
export function caldavCalendar(config: TCalDavConfig, tuning: TConnectorTuning = {}): CalendarConnector {
  const http = new ConnectorHttp({ label: 'CalDAV', tokenVariable: 'CALDAV_PASSWORD', ...tuning });
  const server = new URL(slash(config.url));
  const headers = {
    authorization: `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`,
  };
  const dav = { headers, fetch: http.fetch as typeof fetch };
  const resolved = new Map<string, string>();

  /** A DAV answer that is not a success, as an error in words. */
  async function check(response: DAVResponse | undefined, what: string): Promise<DAVResponse> {
    if (response?.ok) return response;
    const status = response?.status ?? 0;
    throw await http.failure({ status, headers: new Headers(), text: async () => response?.statusText ?? '' }, what);
  }

  async function discover(name: string): Promise<string> {
    const account = await createAccount({
      account: { serverUrl: server.href, accountType: 'caldav', credentials: {} },
      ...dav,
    }).catch((error: unknown) => {
      // Discovery fails on a wrong server address or refused credentials: either way the settings must change.
      throw new AppError(AppErrorCode.config, {
        message: `CalDAV: cannot find the calendars of ${config.username} on ${server.host} (${(error as Error).message}); check CALDAV_URL, CALDAV_USERNAME and CALDAV_PASSWORD`,
        cause: error,
      });
    });
    const calendars = await fetchCalendars({ account, ...dav });
    const wanted = name.toLowerCase();
    const found = calendars.find(
      (c) =>
        text(c.displayName)?.toLowerCase() === wanted ||
        c.url.replace(/\/$/, '').split('/').at(-1)?.toLowerCase() === wanted,
    );
    if (!found) {
      const names = calendars.map((c) => text(c.displayName) ?? c.url).join(', ') || 'none';
      throw new AppError(AppErrorCode.config, {
        message: `CalDAV has no calendar called "${name}" for ${config.username} (there are: ${names})`,
      });
    }
    return new URL(found.url, server).href;
  }

  /** The collection a feed names, on CALDAV_URL's server only. */
  async function collection(feed: Pick<TFeed, 'url'>): Promise<string> {
    const { name } = calendarSource(feed.url);
    const known = resolved.get(name);
    if (known) return known;
    let url: string;
    if (/^https?:\/\//i.test(name) || name.startsWith('/')) {
      const target = new URL(slash(name), server);
      if (target.origin !== server.origin) {
        throw new AppError(AppErrorCode.config, {
          message: `caldav:${name} is not on ${server.origin} (CALDAV_URL): Teammate sends its CalDAV password to that server only`,
        });
      }
      url = target.href;
    } else {
      url = await discover(name);
    }
    resolved.set(name, url);
    return url;
  }

  async function getObject(url: string): Promise<{ data: string; etag?: string } | undefined> {
    const response = await http.fetch(url, { headers });
    if (response.status === 404 || response.status === 410) return undefined;
    if (!response.ok) throw await http.failure(response, 'the meeting');
    return { data: await response.text(), etag: response.headers.get('etag') ?? undefined };
  }

  async function put(url: string, data: string, etag: string): Promise<Response> {
    return http.fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'text/calendar; charset=utf-8', 'if-match': etag },
      body: data,
    });
  }

  /** The ETag a write got: from the answer, or (for servers that leave it out) read right after. */
  async function etagAfter(url: string, response: Response): Promise<string> {
    const etag = response.headers.get('etag') ?? (await getObject(url))?.etag;
    if (!etag)
      throw new AppError(AppErrorCode.connector, { message: 'CalDAV: the server gave no ETag for the meeting' });
    return etag;
  }

  /** The objects (with their ETags and data) at the given hrefs, in one calendar-multiget REPORT. */
  async function download(url: string, hrefs: readonly string[]): Promise<TCalendarItem[]> {
    if (hrefs.length === 0) return [];
    const fetched = await calendarMultiGet({
      url,
      props: { 'd:getetag': {}, 'c:calendar-data': {} },
      objectUrls: [...hrefs],
      depth: '1',
      ...dav,
    });
    return fetched.flatMap((r) => {
      const data = calendarData(r);
      const etag = text(r.props?.getetag);
      return r.href && data ? [{ ref: r.href, data, ...(etag ? { etag } : {}) }] : [];
    });
  }

  /** What changed since a sync-token (RFC 6578 sync-collection REPORT): changed objects and removed hrefs. */
  async function syncChanges(url: string, since: string): Promise<TCalendarRead | undefined> {
    const answer = await syncCollection({ url, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: since, ...dav });
    const multistatus = (answer[0]?.raw as { multistatus?: { syncToken?: unknown } } | undefined)?.multistatus;
    const next = text(multistatus?.syncToken);
    if (!next) return undefined;
    const objects = answer.filter((r) => typeof r.href === 'string' && r.href.endsWith('.ics'));
    const removed = objects.filter((r) => r.status === 404).map((r) => r.href ?? '');
    const changed = objects.filter((r) => r.ok).map((r) => r.href ?? '');
    return { full: false, items: await download(url, changed), removed, token: `sync:${next}` };
  }

  /**
   * The ETags of the objects with events in the window (a calendar-query REPORT with a time range): only the objects
   * whose ETag Teammate does not hold are downloaded, and those it holds that are no longer listed are dropped.
   */
  async function listEtags(
    url: string,
    window: { from: Date; to: Date },
    before: readonly TCalendarItem[],
  ): Promise<TCalendarRead> {
    const listing = await calendarQuery({
      url,
      props: { 'd:getetag': {} },
      filters: {
        'comp-filter': {
          _attributes: { name: 'VCALENDAR' },
          'comp-filter': {
            _attributes: { name: 'VEVENT' },
            'time-range': { _attributes: { start: utc(window.from), end: utc(window.to) } },
          },
        },
      },
      depth: '1',
      ...dav,
    });
    const held = new Map(before.map((item) => [item.ref, item.etag]));
    const listed = listing.filter((r) => r.href && r.ok);
    const changed = listed.filter((r) => held.get(r.href ?? '') !== text(r.props?.getetag)).map((r) => r.href ?? '');
    const seen = new Set(listed.map((r) => r.href));
    return {
      full: false,
      items: await download(url, changed),
      removed: [...held.keys()].filter((href) => !seen.has(href)),
    };
  }

  return {
    kind: 'caldav',
    label: 'CalDAV',
    health: () => http.health(),

    async read(feed, window, { token, items: before }): Promise<TCalendarRead> {
      const url = await collection(feed);
      const [info] = await propfind({
        url,
        props: { 'd:displayname': {}, 'd:sync-token': {}, 'cs:getctag': {} },
        depth: '0',
        ...dav,
      });
      const props = (await check(info, 'the calendar')).props ?? {};
      const syncToken = text(props.syncToken);
      const ctag = text(props.getctag);
      // Read before the objects, so a change made while they are read is read again next time.
      const version = syncToken ? `sync:${syncToken}` : ctag ? `ctag:${ctag}` : undefined;
      const label = text(props.displayname);
      const named = label ? { label } : {};
      if (token !== undefined && token === version) return { full: false, items: [], removed: [], token, ...named };
      if (token?.startsWith('sync:') && syncToken) {
        // A token the server no longer accepts (it keeps them for a while) falls back to listing ETags.
        const changes = await syncChanges(url, token.slice('sync:'.length)).catch(() => undefined);
        if (changes) return { ...changes, ...named };
      }
      return { ...(await listEtags(url, window, before)), ...(version ? { token: version } : {}), ...named };
    },

    expand: expandObjects,

    async cancel(feed, occurrence) {
      if (!occurrence.ref) {
        throw new AppError(AppErrorCode.conflict, {
          message: 'Teammate has not read this meeting from CalDAV yet; it will after the next poll',
        });
      }
      const url = new URL(occurrence.ref, await collection(feed)).href;
      const current = await getObject(url);
      if (!current) {
        throw new AppError(AppErrorCode.conflict, {
          message: `${occurrence.title} is no longer in the calendar, so nothing was cancelled`,
        });
      }
      if (!current.etag) {
        throw new AppError(AppErrorCode.connector, {
          message:
            'CalDAV: the server gives no ETag for the meeting, so Teammate cannot change it without risking a change someone else made',
        });
      }
      const recurrence = new Date(occurrence.key.slice(occurrence.key.lastIndexOf('|') + 1));
      const edited = cancelInstance(current.data, occurrence.uid, recurrence);
      if (!edited) {
        throw new AppError(AppErrorCode.conflict, {
          message: `the calendar no longer has that occurrence of ${occurrence.title} as a repeating meeting, so nothing was cancelled`,
        });
      }
      const response = await put(url, edited, current.etag);
      if (response.status === 412) {
        throw new AppError(AppErrorCode.conflict, {
          message: `${occurrence.title} was changed in the calendar while Teammate was cancelling it (412), so Teammate left it as it is; the next poll reads the change`,
        });
      }
      if (!response.ok) throw await http.failure(response, occurrence.title);
      return { href: occurrence.ref, before: current.data, after: edited, etag: await etagAfter(url, response) };
    },

    async restore(feed, raw) {
      const receipt = ZReceipt.parse(raw);
      const url = new URL(receipt.href, await collection(feed)).href;
      const current = await getObject(url);
      if (!current) {
        throw new AppError(AppErrorCode.changedSince, {
          message: 'the meeting was deleted from the calendar since, so there is nothing to put back',
        });
      }
      if (current.etag !== receipt.etag) {
        const parts = changedParts(receipt.after, current.data);
        throw new AppError(AppErrorCode.changedSince, {
          message: `someone changed the meeting in the calendar since${parts.length ? ` (${parts.join(', ')})` : ''}, so Teammate did not put the old version back over their change`,
        });
      }
      const response = await put(url, receipt.before, receipt.etag);
      if (response.status === 412) {
        throw new AppError(AppErrorCode.changedSince, {
          message:
            'someone changed the meeting in the calendar a moment ago, so Teammate did not put the old version back over their change',
        });
      }
      if (!response.ok) throw await http.failure(response, 'the meeting');
    },
  };
}
