import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCalendar } from '../../../src/sources/calendar/ics.js';
import { CalendarError } from '../../../src/sources/calendar/ics-structure.js';

const root = new URL('../../../../shared/fixtures/ics/', import.meta.url).pathname;
const fixtures = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ics')).sort();
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const FROM = new Date('1990-01-01T00:00:00Z');
const TO = new Date('2035-01-01T00:00:00Z');

/** The fixtures that are meant to fail, and the line each error must name. */
const broken: Record<string, number> = { 'node-ical/large-file-with-late-error.ics': 2407 };

describe('every public iCalendar fixture parses, or is refused naming its line', () => {
  assert.ok(fixtures.length >= 90, `found ${fixtures.length} fixtures`);
  for (const file of fixtures) {
    it(file, () => {
      const line = broken[file];
      if (line !== undefined) {
        assert.throws(
          () => parseCalendar(read(file), FROM, TO),
          (error) => error instanceof CalendarError && error.line === line && /line \d+: /.test(error.message),
        );
        return;
      }
      const { occurrences } = parseCalendar(read(file), FROM, TO);
      for (const o of occurrences) {
        assert.ok(!Number.isNaN(o.startsAt.getTime()) && o.endsAt >= o.startsAt, `${o.key} has sane times`);
        assert.ok(o.key.startsWith(`${o.uid}|`));
      }
    });
  }
});

describe('what the parser makes of real feeds', () => {
  it('expands a monthly rule, drops its EXDATEs and keys a moved occurrence by the date it replaces', () => {
    const { occurrences } = parseCalendar(
      read('ical.js/recur_instances.ics'),
      new Date('2012-09-01Z'),
      new Date('2013-06-01Z'),
    );
    const starts = occurrences.map((o) => o.startsAt.toISOString());
    // EXDATE 2012-12-04, 2013-02-05 and 2013-04-02 10:00 Los Angeles.
    for (const excluded of ['2012-12-04T18:00:00.000Z', '2013-02-05T18:00:00.000Z'])
      assert.ok(!starts.includes(excluded));
    // RECURRENCE-ID 2012-10-02 10:00 PDT moved to 15:00 PDT (22:00Z); its key is still the original date.
    const moved = occurrences.find((o) => o.startsAt.toISOString() === '2012-10-02T22:00:00.000Z');
    assert.ok(moved, 'the moved occurrence is there');
    assert.equal(moved.key, '623c13c0-6c2b-45d6-a12b-c33ad61c4868|2012-10-02T17:00:00.000Z');
    assert.ok(occurrences.every((o) => o.recurring && o.title === 'Crazy Event Thingy!'));
    assert.ok(occurrences.some((o) => o.attendees.length > 0 && o.attendees.every((a) => a.partstat)));
  });

  it('understands Windows time zone names (Exchange)', () => {
    const { occurrences } = parseCalendar(
      read('node-ical/ms_timezones.ics'),
      new Date('2020-06-01Z'),
      new Date('2020-06-30Z'),
    );
    const jira = occurrences.find((o) => o.title === "Log Yesterday's Jira time");
    assert.ok(jira);
    // 09:00 W. Europe Standard Time in June is 07:00 UTC.
    assert.equal(jira.startsAt.toISOString(), '2020-06-09T07:00:00.000Z');
  });

  it('reads attendees with their PARTSTAT (Apple, tentative)', () => {
    const { occurrences } = parseCalendar(read('node-ical/tentative-apple-calendar.ics'), FROM, TO);
    const partstats = occurrences.flatMap((o) => o.attendees.map((a) => a.partstat));
    assert.ok(partstats.includes('tentative'), JSON.stringify(partstats));
  });

  it('keeps a cancelled instance as cancelled (STATUS:CANCELLED)', () => {
    const { occurrences } = parseCalendar(read('python-recurring-ical-events/issue_18_cancel_status.ics'), FROM, TO);
    // A daily series of three, 2020-01-28 22:00 Berlin; the override of the 29th says STATUS:CANCELLED.
    assert.deepEqual(
      occurrences.map((o) => [o.startsAt.toISOString(), o.status]),
      [
        ['2020-01-28T21:00:00.000Z', 'confirmed'],
        ['2020-01-29T21:00:00.000Z', 'cancelled'],
        ['2020-01-30T21:00:00.000Z', 'confirmed'],
      ],
    );
  });

  it('refuses a web page with a clear reason and line', () => {
    assert.throws(
      () => parseCalendar('<!DOCTYPE html>\n<html><body>Sign in</body></html>', FROM, TO),
      /line 1: this is a web page, not an iCalendar feed/,
    );
    assert.throws(() => parseCalendar('', FROM, TO), /the feed is empty/);
    assert.throws(
      () => parseCalendar('BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20260101T100000Z\n', FROM, TO),
      /line 4: the feed ends inside BEGIN:VEVENT \(cut off\?\)/,
    );
  });
});
