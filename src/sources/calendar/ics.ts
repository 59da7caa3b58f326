import ical from 'node-ical';
import type { TAttendee, TOccurrence } from '../../core/autonomy-ports.js';
import { CalendarError, checkStructure } from './ics-structure.js';
import { withHash } from './occurrence-hash.js';

export type TParsedCalendar = { occurrences: TOccurrence[]; warnings: string[] };
type TEvent = ical.VEvent;

const PARTSTATS: Record<string, TAttendee['partstat']> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  'NEEDS-ACTION': 'needs-action',
  DELEGATED: 'delegated',
};
/** At most this many occurrences per feed: a daily event over years is cut, not a memory problem. */
const MAX_OCCURRENCES = 5_000;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'val' in value) return String((value as { val: unknown }).val ?? '');
  return '';
}

function params(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && 'params' in value
    ? ((value as { params?: Record<string, unknown> }).params ?? {})
    : {};
}

const mail = (address: string) => address.replace(/^mailto:/i, '').trim();

function attendees(event: TEvent): TAttendee[] {
  const list = event.attendee === undefined ? [] : Array.isArray(event.attendee) ? event.attendee : [event.attendee];
  return list.map((a) => {
    const p = params(a);
    const email = mail(text(a));
    const cn = typeof p.CN === 'string' ? p.CN.replace(/^"|"$/g, '') : undefined;
    return {
      name: cn || email || 'someone',
      ...(email ? { email } : {}),
      partstat: PARTSTATS[String(p.PARTSTAT ?? 'NEEDS-ACTION').toUpperCase()] ?? 'needs-action',
    };
  });
}

function occurrence(
  event: TEvent,
  start: Date,
  end: Date,
  allDay: boolean,
  recurring: boolean,
  key: Date,
): TOccurrence {
  const status = String(event.status ?? 'CONFIRMED').toUpperCase();
  const body = {
    uid: event.uid,
    title: text(event.summary).trim() || '(no title)',
    startsAt: start,
    endsAt: end,
    allDay,
    recurring,
    status: status === 'CANCELLED' ? 'cancelled' : status === 'TENTATIVE' ? 'tentative' : 'confirmed',
    organizer: event.organizer ? mail(text(event.organizer)) || undefined : undefined,
    attendees: attendees(event),
  } as const;
  return withHash(`${event.uid}|${key.toISOString()}`, body);
}

/** node-ical reports what it tolerated on console.warn; those become the feed's warnings instead. */
function withWarnings<T>(run: () => T): { value: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) =>
    warnings.push(
      args
        .map(String)
        .join(' ')
        .replace(/^\[node-ical\]\s*/, ''),
    );
  try {
    return { value: run(), warnings };
  } finally {
    console.warn = original;
  }
}

/**
 * Parses an iCalendar text and expands it into occurrences starting in [from, to): recurrence rules, EXDATEs,
 * RECURRENCE-ID overrides (keyed by the date they replace, so a moved meeting is a change, not a new one), time
 * zones including Windows names. Events without a start are skipped with a warning; a broken feed throws a
 * CalendarError naming the line.
 */
export function parseCalendar(source: string, from: Date, to: Date): TParsedCalendar {
  checkStructure(source);
  let parsed: { value: ical.CalendarResponse; warnings: string[] };
  try {
    parsed = withWarnings(() => ical.sync.parseICS(source));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const culprit = /line=(.+)$/.exec(message)?.[1];
    const index = culprit ? source.split(/\r?\n/).findIndex((l) => l.trim() === culprit.trim()) : -1;
    throw new CalendarError(message.replace(/,?\s*line=.+$/, ''), index === -1 ? undefined : index + 1);
  }
  const warnings = [...parsed.warnings];
  const occurrences: TOccurrence[] = [];
  for (const component of Object.values(parsed.value)) {
    if (component?.type !== 'VEVENT') continue;
    const event = component as TEvent;
    if (!(event.start instanceof Date) || Number.isNaN(event.start.getTime())) {
      warnings.push(`skipped an event without a valid DTSTART (${event.uid ?? 'no UID'})`);
      continue;
    }
    const expanded = withWarnings(() => ical.expandRecurringEvent(event, { from, to, expandOngoing: false }));
    warnings.push(...expanded.warnings);
    for (const instance of expanded.value) {
      if (instance.end < instance.start) {
        warnings.push(`${event.uid}: an occurrence ends before it starts; it is treated as lasting no time`);
        instance.end = instance.start;
      }
      const replaced = instance.isOverride ? (instance.event.recurrenceid ?? instance.start) : instance.start;
      occurrences.push(
        occurrence(instance.event, instance.start, instance.end, instance.isFullDay, Boolean(event.rrule), replaced),
      );
      if (occurrences.length >= MAX_OCCURRENCES) {
        warnings.push(`more than ${MAX_OCCURRENCES} occurrences in the window; the rest were ignored`);
        return { occurrences, warnings };
      }
    }
  }
  return { occurrences: occurrences.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()), warnings };
}
