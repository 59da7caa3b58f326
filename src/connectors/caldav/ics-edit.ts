import ical from 'node-ical';

// Minimal, surgical edits of one iCalendar object as a CalDAV server stores it: everything Teammate does not change
// stays byte for byte as it was (other events, time zones, properties it does not know), so undo can put back the
// exact previous text and a diff names only what someone else changed.

type TBlock = { start: number; end: number };

/** The object as logical lines (RFC 5545 §3.1: a line starting with a space or tab continues the one before). */
export function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += raw.slice(1);
    else lines.push(raw);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** A logical line as content lines of at most 75 octets. */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = Buffer.byteLength(char);
    if (size + bytes > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  out.push(current);
  return out.join('\r\n ');
}

const nameOf = (line: string) => (/^[^:;]+/.exec(line)?.[0] ?? '').toUpperCase();
const valueIn = (line: string) => line.slice(line.indexOf(':') + 1);

function blocks(lines: readonly string[], component: string): TBlock[] {
  const found: TBlock[] = [];
  let start = -1;
  for (const [i, line] of lines.entries()) {
    const upper = line.trim().toUpperCase();
    if (upper === `BEGIN:${component}`) start = i;
    else if (upper === `END:${component}` && start !== -1) {
      found.push({ start, end: i });
      start = -1;
    }
  }
  return found;
}

function property(lines: readonly string[], block: TBlock, name: string): { index: number; line: string } | undefined {
  for (let i = block.start + 1; i < block.end; i++) {
    const line = lines[i] ?? '';
    if (nameOf(line) === name) return { index: i, line };
  }
  return undefined;
}

/** The instant a RECURRENCE-ID (or any date property) names, as node-ical reads it with the object's time zones. */
function instantOf(lines: readonly string[], block: TBlock, name: 'RECURRENCE-ID' | 'DTSTART'): Date | undefined {
  const zones = blocks(lines, 'VTIMEZONE').flatMap((z) => lines.slice(z.start, z.end + 1));
  const event = lines.slice(block.start, block.end + 1).filter((l) => {
    const n = nameOf(l);
    return n === 'BEGIN' || n === 'END' || n === 'UID' || n === 'DTSTART' || n === name;
  });
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...zones, ...event, 'END:VCALENDAR'].join('\r\n');
  try {
    for (const component of Object.values(ical.sync.parseICS(text))) {
      if (component?.type !== 'VEVENT') continue;
      const value = name === 'RECURRENCE-ID' ? component.recurrenceid : component.start;
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const pad = (n: number, size = 2) => String(n).padStart(size, '0');
const utcStamp = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;

/** The instant written the way the event's DTSTART is (time zone, UTC or a date), as RFC 5545 asks of EXDATE. */
function like(dtstart: string, at: Date): string | undefined {
  const params = dtstart.slice(0, dtstart.indexOf(':')).toUpperCase();
  const value = valueIn(dtstart).trim();
  if (params.includes('VALUE=DATE') && !params.includes('VALUE=DATE-TIME')) {
    return `EXDATE;VALUE=DATE:${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
  }
  if (value.endsWith('Z')) return `EXDATE:${utcStamp(at)}`;
  const tzid = /;TZID=("?)([^;:"]+)\1/i.exec(dtstart.slice(0, dtstart.indexOf(':')))?.[2];
  if (!tzid) return `EXDATE:${utcStamp(at)}`;
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: tzid,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
    return `EXDATE;TZID=${tzid}:${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
  } catch {
    // A time zone the runtime does not know (a Windows name, a custom VTIMEZONE): UTC names the same instant.
    return `EXDATE:${utcStamp(at)}`;
  }
}

function bumpSequence(lines: string[], block: TBlock): void {
  const sequence = property(lines, block, 'SEQUENCE');
  if (sequence) lines[sequence.index] = `SEQUENCE:${(Number.parseInt(valueIn(sequence.line), 10) || 0) + 1}`;
  else lines.splice(block.end, 0, 'SEQUENCE:1');
}

const lineBreak = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/**
 * The object with the occurrence of `uid` that `recurrence` names called off: an override of it (a VEVENT with that
 * RECURRENCE-ID) gets STATUS:CANCELLED, else the series gets an EXDATE; the SEQUENCE goes up either way, so a server
 * that schedules tells the attendees. Undefined when the object has no such series.
 */
export function cancelInstance(text: string, uid: string, recurrence: Date): string | undefined {
  const lines = unfold(text);
  const events = blocks(lines, 'VEVENT').filter((b) => valueIn(property(lines, b, 'UID')?.line ?? '').trim() === uid);
  const override = events.find((b) => {
    if (!property(lines, b, 'RECURRENCE-ID')) return false;
    return instantOf(lines, b, 'RECURRENCE-ID')?.getTime() === recurrence.getTime();
  });
  if (override) {
    const status = property(lines, override, 'STATUS');
    bumpSequence(lines, override);
    if (status) lines[status.index] = 'STATUS:CANCELLED';
    else lines.splice(override.start + 1, 0, 'STATUS:CANCELLED');
  } else {
    const master = events.find((b) => property(lines, b, 'RRULE') && !property(lines, b, 'RECURRENCE-ID'));
    const dtstart = master && property(lines, master, 'DTSTART');
    const exdate = dtstart && like(dtstart.line, recurrence);
    if (!master || !exdate) return undefined;
    bumpSequence(lines, master);
    lines.splice(master.end, 0, exdate);
  }
  const eol = lineBreak(text);
  return `${lines.map(fold).join(eol)}${eol}`;
}

/** What people call the properties a change may touch. */
const WORDS: Record<string, string> = {
  SUMMARY: 'the title',
  DTSTART: 'the start',
  DTEND: 'the end',
  DURATION: 'the length',
  RRULE: 'the recurrence',
  RDATE: 'the added dates',
  EXDATE: 'the cancelled dates',
  STATUS: 'the status',
  LOCATION: 'the place',
  DESCRIPTION: 'the description',
  ATTENDEE: 'the attendees or their answers',
  ORGANIZER: 'the organiser',
  'RECURRENCE-ID': 'the moved occurrences',
};
/** Bookkeeping every edit changes: not a change anyone would name. */
const NOISE = new Set(['DTSTAMP', 'LAST-MODIFIED', 'SEQUENCE', 'CREATED', 'PRODID']);

/**
 * What differs between two versions of an object, in words ("the title, the attendees or their answers"); an empty
 * list when nothing a person would notice did.
 */
export function changedParts(before: string, after: string): string[] {
  const collect = (text: string) => {
    const seen = new Map<string, string[]>();
    const lines = unfold(text);
    for (const block of blocks(lines, 'VEVENT')) {
      for (const line of lines.slice(block.start + 1, block.end)) {
        const name = nameOf(line);
        if (!NOISE.has(name)) seen.set(name, [...(seen.get(name) ?? []), line]);
      }
    }
    return seen;
  };
  const a = collect(before);
  const b = collect(after);
  const same = (name: string) => (a.get(name) ?? []).sort().join('\n') === (b.get(name) ?? []).sort().join('\n');
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((name) => !same(name))
    .map((name) => WORDS[name] ?? name.toLowerCase());
}
