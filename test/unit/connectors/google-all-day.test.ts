import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { googleCalendar } from '../../../src/connectors/google/google-calendar.js';
import { parseCalendar } from '../../../src/sources/calendar/ics.js';

// This file runs in its own process: a time zone other than UTC, as a server's may be.
process.env.TZ = 'Europe/Berlin';

describe('one all-day meeting, read from a feed and from Google Calendar', () => {
  it('has the same key, so it is one meeting whatever the process’s time zone', () => {
    const feed = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Teammate tests//EN',
      'BEGIN:VEVENT',
      'UID:offsite@example.com',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;VALUE=DATE:20261123',
      'DTEND;VALUE=DATE:20261124',
      'RRULE:FREQ=WEEKLY;COUNT=2',
      'SUMMARY:Offsite',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const from = new Date('2026-11-20T00:00:00Z');
    const to = new Date('2026-12-10T00:00:00Z');
    const fromFeed = parseCalendar(feed, from, to).occurrences.map((o) => o.key);
    // The same series as Google's events.list with singleEvents=true gives its first instance.
    const instance = {
      kind: 'calendar#event',
      id: 'offsite_20261123',
      status: 'confirmed',
      summary: 'Offsite',
      iCalUID: 'offsite@example.com',
      recurringEventId: 'offsite',
      start: { date: '2026-11-23' },
      end: { date: '2026-11-24' },
      originalStartTime: { date: '2026-11-23' },
    };
    const google = googleCalendar({
      credentials: { type: 'authorized_user', client_id: 'id', client_secret: 'secret', refresh_token: 'token' },
    });
    const [fromGoogle] = google.expand([{ ref: instance.id, data: JSON.stringify(instance) }], from, to).occurrences;
    assert.equal(new Date().getTimezoneOffset(), -60, 'the process runs in Berlin time');
    assert.equal(fromGoogle?.key, fromFeed[0]);
    assert.equal(fromGoogle?.allDay, true);
  });
});
