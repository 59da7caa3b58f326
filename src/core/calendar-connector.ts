import { z } from 'zod';
import type { TCalendarDelta, TCalendarItem, TFeed, TOccurrence, TStoredOccurrence } from './autonomy-ports.js';
import type { TConnectorHealth } from './connector-port.js';
import { AppError, AppErrorCode } from './errors.js';

// Calendars Teammate can change (CalDAV, Google Calendar, Microsoft 365), as the core reads and changes them. An
// iCalendar feed (a URL or a file) is only read; the other kinds are named in TEAMMATE_CALENDARS or
// `/teammate calendar add` as `caldav:<calendar>`, `google:<calendar id>` or `m365:<mailbox>`, and each is read and
// changed with the credentials the environment gives its kind.

export const ZCalendarKind = z.enum(['ics', 'caldav', 'google', 'm365']);
export type TCalendarKind = z.infer<typeof ZCalendarKind>;
/** Whom the calendar tells about a change: everyone invited, only guests outside the organisation, or nobody. */
export const ZNotify = z.enum(['all', 'external', 'none']);
export type TNotify = z.infer<typeof ZNotify>;

const PREFIX = /^(caldav|google|m365):(.*)$/s;

/** The kind of calendar a feed's source names, and what is left of it (the calendar within the account). */
export function calendarSource(source: string): { kind: TCalendarKind; name: string } {
  const match = PREFIX.exec(source);
  if (!match) return { kind: 'ics', name: source };
  return { kind: match[1] as Exclude<TCalendarKind, 'ics'>, name: (match[2] ?? '').trim() };
}

/** What one read of a calendar's server returned; `token` is where the next incremental read starts. */
export type TCalendarRead = TCalendarDelta & { token?: string; label?: string };

/** The occurrences in a window, and what was tolerated on the way. */
export type TExpanded = { occurrences: TOccurrence[]; warnings: string[] };

/** What changing a calendar takes: a comment for the attendees (where the calendar sends one) and whom to tell. */
export type TCancelRequest = { comment: string; notify: TNotify };

/** One kind of calendar Teammate can read through an API and change. */
export type CalendarConnector = {
  readonly kind: Exclude<TCalendarKind, 'ics'>;
  /** Its name for people: CalDAV, Google Calendar, Microsoft 365. */
  readonly label: string;
  health(): TConnectorHealth;
  /**
   * Reads the calendar: everything in [from, to) when `held.token` is undefined, else what changed since it (a token
   * the server no longer accepts gives a full read). `held.items` are the objects read before, with their ETags.
   */
  read(
    feed: TFeed,
    window: { from: Date; to: Date },
    held: { token?: string; items: readonly TCalendarItem[] },
  ): Promise<TCalendarRead>;
  /** The occurrences the stored objects describe in [from, to). */
  expand(items: readonly TCalendarItem[], from: Date, to: Date): TExpanded;
  /**
   * Calls one occurrence off in the calendar and returns what undo needs (JSON). Refuses (AppError conflict) when the
   * occurrence changed or is gone, and never overwrites a concurrent change.
   */
  cancel(feed: TFeed, occurrence: TStoredOccurrence, request: TCancelRequest): Promise<unknown>;
  /**
   * Puts back what `cancel` changed, exactly, if nothing changed since; else refuses with AppError changedSince,
   * saying what changed.
   */
  restore(feed: TFeed, receipt: unknown): Promise<void>;
};

/** The calendar connectors this process has credentials for, and for the others what would turn them on. */
export type CalendarConnectors = {
  connected: ReadonlyMap<TCalendarKind, CalendarConnector>;
  missing: ReadonlyMap<TCalendarKind, string>;
};

export const noCalendars: CalendarConnectors = { connected: new Map(), missing: new Map() };

/** The connector of a kind of calendar, or a configuration error naming the variables that would connect it. */
export function connectorFor(
  connectors: CalendarConnectors | undefined,
  kind: Exclude<TCalendarKind, 'ics'>,
): CalendarConnector {
  const connector = connectors?.connected.get(kind);
  if (connector) return connector;
  throw new AppError(AppErrorCode.config, {
    message: connectors?.missing.get(kind) ?? `${kind} calendars are not connected`,
  });
}

const KIND_LABEL: Record<TCalendarKind, string> = {
  ics: 'iCalendar feed',
  caldav: 'CalDAV',
  google: 'Google',
  m365: 'Microsoft 365',
};

/** How a calendar is named in a card and in the channel: its kind and its own name ("the CalDAV calendar Team"). */
export function calendarName(feed: Pick<TFeed, 'url' | 'label'>): string {
  const { kind, name } = calendarSource(feed.url);
  if (kind === 'ics') return `the feed ${feedLabel(feed.url)}`;
  return `the ${KIND_LABEL[kind]} calendar “${feed.label ?? name}”`;
}

/** A feed URL as it may be shown in a channel: private calendar URLs carry their secret in the path or query. */
export function feedLabel(url: string): string {
  // A calendar read through an API is named by its kind and its name within the account, not by a secret URL.
  if (calendarSource(url).kind !== 'ics') return url;
  try {
    const parsed = new URL(url);
    const file = parsed.pathname.split('/').filter(Boolean).at(-1) ?? '';
    return `${parsed.protocol}//${parsed.host}/…/${file.length > 40 ? `${file.slice(0, 12)}…` : file}`;
  } catch {
    return url.split('/').at(-1) ?? url;
  }
}
