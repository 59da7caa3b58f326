import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelInstance, changedParts, fold, unfold } from '../../../src/connectors/caldav/ics-edit.js';
import { parseCalendar } from '../../../src/sources/calendar/ics.js';

const FROM = new Date('2026-11-01T00:00:00Z');
const TO = new Date('2026-12-31T00:00:00Z');

const BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

function calendar(start: string, extra: string[] = [], zones: string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Teammate tests//EN',
    ...zones,
    'BEGIN:VEVENT',
    'UID:sync@example.com',
    'DTSTAMP:20261101T000000Z',
    start,
    'DURATION:PT30M',
    'RRULE:FREQ=WEEKLY',
    'SUMMARY:Weekly sync',
    'X-UNKNOWN;FOO=bar:kept as it is',
    'END:VEVENT',
    ...extra,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const starts = (text: string) =>
  parseCalendar(text, FROM, TO).occurrences.map((o) => `${o.startsAt.toISOString()} ${o.status}`);

describe('cancelling one occurrence in an iCalendar object', () => {
  const cases: [string, string, string[], string, RegExp][] = [
    [
      'a time zone',
      'DTSTART;TZID=Europe/Berlin:20261102T100000',
      BERLIN,
      '2026-11-23T09:00:00.000Z',
      /^EXDATE;TZID=Europe\/Berlin:20261123T100000$/m,
    ],
    [
      'a time zone across the change of summer time',
      'DTSTART;TZID=Europe/Berlin:20260907T100000',
      BERLIN,
      '2026-11-02T09:00:00.000Z',
      /^EXDATE;TZID=Europe\/Berlin:20261102T100000$/m,
    ],
    ['UTC', 'DTSTART:20261102T100000Z', [], '2026-11-23T10:00:00.000Z', /^EXDATE:20261123T100000Z$/m],
  ];
  for (const [name, dtstart, zones, at, exdate] of cases) {
    it(`adds an EXDATE written like DTSTART (${name}) and bumps SEQUENCE; the rest stays as it was`, () => {
      const before = calendar(dtstart, [], zones);
      const after = cancelInstance(before, 'sync@example.com', new Date(at));
      assert.ok(after);
      assert.match(after, exdate);
      assert.match(after, /^SEQUENCE:1$/m);
      assert.match(after, /^X-UNKNOWN;FOO=bar:kept as it is$/m);
      assert.ok(starts(before).includes(`${at} confirmed`));
      assert.ok(!starts(after).some((s) => s.startsWith(at)), 'the occurrence is gone');
      assert.equal(starts(after).length, starts(before).length - 1, 'only that one');
      assert.deepEqual(changedParts(before, after), ['the cancelled dates']);
    });
  }

  it('an all-day series gets a DATE EXDATE', () => {
    const before = calendar('DTSTART;VALUE=DATE:20261102');
    const at = parseCalendar(before, FROM, TO).occurrences[3]?.startsAt;
    assert.ok(at);
    const after = cancelInstance(before, 'sync@example.com', at);
    assert.match(after ?? '', /^EXDATE;VALUE=DATE:\d{8}$/m);
    assert.equal(starts(after ?? '').length, starts(before).length - 1);
  });

  it('a moved occurrence (an override with that RECURRENCE-ID) is marked STATUS:CANCELLED instead', () => {
    const override = [
      'BEGIN:VEVENT',
      'UID:sync@example.com',
      'RECURRENCE-ID;TZID=Europe/Berlin:20261116T100000',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20261116T140000',
      'DURATION:PT30M',
      'SEQUENCE:2',
      'SUMMARY:Weekly sync (afternoon)',
      'END:VEVENT',
    ];
    const before = calendar('DTSTART;TZID=Europe/Berlin:20261102T100000', override, BERLIN);
    const after = cancelInstance(before, 'sync@example.com', new Date('2026-11-16T09:00:00.000Z'));
    assert.ok(after);
    assert.doesNotMatch(after, /EXDATE/);
    assert.match(after, /^SEQUENCE:3$/m);
    assert.ok(starts(after).includes('2026-11-16T13:00:00.000Z cancelled'));
    assert.deepEqual(changedParts(before, after), ['the status']);
  });

  it('refuses what it cannot find: another UID, or a meeting that does not repeat', () => {
    const series = calendar('DTSTART:20261102T100000Z');
    assert.equal(cancelInstance(series, 'other@example.com', new Date('2026-11-23T10:00:00Z')), undefined);
    const single = series.replace('RRULE:FREQ=WEEKLY\r\n', '');
    assert.equal(cancelInstance(single, 'sync@example.com', new Date('2026-11-02T10:00:00Z')), undefined);
  });

  it('reads folded lines and writes lines of at most 75 octets, even in the middle of multi-byte text', () => {
    const long = `SUMMARY:${'Überprüfung '.repeat(12)}`;
    const folded = fold(long);
    for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
    assert.deepEqual(unfold(folded), [long]);
  });

  it('names what someone else changed, and nothing for bookkeeping', () => {
    const before = calendar('DTSTART:20261102T100000Z');
    const renamed = before
      .replace('SUMMARY:Weekly sync', 'SUMMARY:Sync')
      .replace('DTSTAMP:20261101T000000Z', 'DTSTAMP:20261125T000000Z');
    assert.deepEqual(changedParts(before, renamed), ['the title']);
    const moved = before.replace('DTSTART:20261102T100000Z', 'DTSTART:20261103T100000Z');
    assert.deepEqual(changedParts(before, moved), ['the start']);
    const invited = before.replace('END:VEVENT', 'ATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.com\r\nEND:VEVENT');
    assert.deepEqual(changedParts(before, invited), ['the attendees or their answers']);
  });
});
