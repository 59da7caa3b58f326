import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import type { TSignal } from '../../src/core/signal.js';
import { plainDoc } from '../../src/core/text/plain.js';
import type { TDoc } from '../../src/core/text/rich-text.js';
import { createCalendarPoller } from '../../src/sources/calendar/calendar-poller.js';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, START, type THarness } from '../helpers/harness.js';
import { entriesOf } from '../helpers/signals.js';
import { plain } from '../helpers/text.js';
import { icsRoute, startFeedServer, weeklyMeeting } from '../kit/feed-server.js';

const MINUTE = 60_000;
const standup = (extra: string[] = [], title = 'Team standup') =>
  weeklyMeeting({
    uid: 'standup@example.com',
    title,
    start: '2026-10-19T10:00:00Z',
    attendees: { Alice: 'ACCEPTED', Bob: 'ACCEPTED', Carol: 'NEEDS-ACTION', Dave: 'DECLINED', Erin: 'DECLINED' },
    extra,
  });

for (const kind of databaseKinds) {
  describe(`calendar feeds, on ${kind}`, () => {
    let h: THarness;
    let close: () => Promise<void> = async () => undefined;
    afterEach(async () => {
      await close();
      await h.close();
    });

    it('added in chat, fetched at once, then polled with a conditional GET', async () => {
      h = await createHarness(kind);
      const server = await startFeedServer({ '/team.ics': icsRoute(() => standup()) });
      close = server.close;
      const reply = await play(h.as('alice'), h, `/teammate calendar add ${server.url('/team.ics')}`);
      assert.match(reply, /Added calendar #1 for #general: 5 meetings in the next 30 days\./);
      assert.match(
        await play(h.as('bob'), h, '/teammate calendar list'),
        /#1 http:\/\/127\.0\.0\.1:\d+\/…\/team\.ics → #general: ok, checked/,
      );
      await h.advance(16 * MINUTE, 16 * MINUTE);
      assert.equal(server.requests.length, 2);
      assert.ok(server.requests[1]?.headers['if-none-match'], 'the second fetch is conditional');
      assert.match(
        await play(h.as('bob'), h, '/teammate calendar add https://example.com/x.ics'),
        /Only admins can change that/,
      );
      assert.match(
        await play(h.as('alice'), h, '/teammate calendar add /etc/hosts'),
        /I cannot add that calendar: a calendar added from chat must be an http\(s\) URL; local files go in TEAMMATE_CALENDARS\./,
      );
      assert.match(await play(h.as('alice'), h, '/teammate calendar remove 1'), /Removed calendar #1/);
      assert.match(await play(h.as('alice'), h, '/teammate calendar remove 7'), /There is no calendar #7/);
    });

    it('a proposed cancellation is withdrawn when the meeting changes in the calendar before anyone decides', async () => {
      h = await createHarness(kind);
      let title = 'Team standup';
      const server = await startFeedServer({ '/team.ics': icsRoute(() => standup([], title)) });
      close = server.close;
      await play(h.as('alice'), h, `/teammate calendar add ${server.url('/team.ics')}`);
      await h.tick();
      const [cancel] = await entriesOf(h, 'cancel_occurrence');
      assert.equal(cancel?.status, 'pending');
      title = 'Team standup (new agenda)';
      await h.advance(16 * MINUTE, 16 * MINUTE);
      const entry = await h.deps.stores.ledger.get(cancel.id);
      assert.equal(entry?.status, 'withdrawn');
      assert.equal(entry?.reason, 'the meeting was changed in the calendar');
    });

    it('a meeting people keep declining: cancel the next one, open an async thread, shown in the roundup', async () => {
      h = await createHarness(kind);
      const server = await startFeedServer({ '/team.ics': icsRoute(() => standup()) });
      close = server.close;
      await play(h.as('alice'), h, `/teammate calendar add ${server.url('/team.ics')}`);
      await h.tick();
      const [cancel] = await entriesOf(h, 'cancel_occurrence');
      assert.ok(cancel, 'a cancellation is proposed');
      assert.equal(cancel.status, 'pending');
      const params = cancel.params as { key: string; startsAt: Date; text: TDoc };
      assert.equal(params.key, 'standup@example.com|2026-11-23T10:00:00.000Z');
      assert.match(
        plainDoc(params.text),
        /“Team standup” on 2026-11-23 10:00 UTC is cancelled: over its last 4 meetings 75 % of invitees \(the organizer not counted\) declined or did not answer\. alice@example\.com, please remove it/,
      );
      assert.match(
        plain(cancel.rationale),
        /75 % of invitees \(the organizer not counted\) declined or did not answer/,
      );
      assert.equal(cancel.evidence.length, 4);
      await play(h.as('alice'), h, `/teammate approve A-${cancel.id}`);
      assert.match(h.printed(), /Please post your update in this thread instead/);
      const roundup = await play(h.as('alice'), h, '/teammate policy set post_roundup auto', '/teammate roundup now');
      assert.match(roundup, /Roundup A-\d+ for #general: posted\./);
      assert.match(h.printed(), /2026-11-23 10:00 UTC “Team standup” \(cancelled by Teammate: async update instead\)/);
      assert.match(h.printed(), /2026-11-30 10:00 UTC “Team standup”\n/);
      await h.advance(30 * MINUTE, 5 * MINUTE);
      assert.equal((await entriesOf(h, 'cancel_occurrence')).length, 1, 'proposed once per occurrence');
    });
  });
}

describe('calendar polling faults and changes', () => {
  let h: THarness;
  let close: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    await close();
    await h.close();
  });

  it('a feed that fails (web page, timeout, too large, broken, 500) records its error and backs off; the others go on', async () => {
    h = await createHarness('sqlite');
    const hang: Parameters<typeof startFeedServer>[0][string] = () => undefined;
    const server = await startFeedServer({
      '/good.ics': icsRoute(() => standup()),
      '/page': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><p>Sign in</p>'),
      '/slow.ics': hang,
      '/huge.ics': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        const chunk = Buffer.alloc(64 * 1024, 'X');
        for (let i = 0; i < 40; i++) res.write(chunk);
        res.end();
      },
      '/broken.ics': icsRoute(
        () =>
          'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20261123T100000Z\nDTSTART:20261123T110000Z\nEND:VEVENT\nEND:VCALENDAR',
      ),
      '/error.ics': (_req, res) => res.writeHead(500).end('oops'),
    });
    close = server.close;
    const poller = createCalendarPoller({
      calendar: h.deps.stores.calendar,
      receive: async () => 'queued',
      clock: h.clock,
      log: silentLogger,
      options: { pollMs: 15 * MINUTE, allowPrivate: true, timeoutMs: 500, maxBytes: 1024 * 1024 },
    });
    const add = (path: string) =>
      h.deps.stores.calendar.addFeed(
        { channel: 'local:general', url: server.url(path), origin: 'chat', addedBy: 'local:alice' },
        h.clock.now(),
      );
    for (const path of ['/page', '/slow.ics', '/huge.ics', '/broken.ics', '/error.ics', '/good.ics']) await add(path);
    await poller.tick();
    const feeds = await h.deps.stores.calendar.feeds();
    const state = Object.fromEntries(feeds.map((f) => [new URL(f.url).pathname, f]));
    assert.match(state['/page']?.lastError ?? '', /sent a web page \(text\/html\), not an iCalendar feed/);
    assert.match(state['/slow.ics']?.lastError ?? '', /no answer within 1 s|no answer within 0 s/);
    assert.match(state['/huge.ics']?.lastError ?? '', /larger than the limit of 1048576 bytes/);
    assert.equal(state['/broken.ics']?.lastError, 'line 5: a second DTSTART in one VEVENT');
    assert.match(state['/error.ics']?.lastError ?? '', /the server answered 500/);
    assert.equal(state['/good.ics']?.lastError, undefined);
    assert.ok(state['/good.ics']?.okAt);
    const wait = (f: (typeof feeds)[number] | undefined) =>
      (f?.nextCheckAt.getTime() ?? 0) - (f?.checkedAt?.getTime() ?? 0);
    assert.equal(state['/page']?.failures, 1);
    assert.equal(wait(state['/page']), 30 * MINUTE, 'backs off: twice the poll interval');
    assert.equal(wait(state['/good.ics']), 15 * MINUTE);
    h.clock.advance(31 * MINUTE);
    await poller.tick();
    const again = (await h.deps.stores.calendar.feeds()).find((f) => f.url.endsWith('/page'));
    assert.equal(again?.failures, 2);
    assert.equal(wait(again), 60 * MINUTE);
    assert.match(
      await play(h.as('bob'), h, '/teammate calendar list'),
      /#1 .*page → #general: failing \(2×\): the server sent a web page/,
    );
  });

  it('a feed failing three times in a row is told in its channel once, and again when it can be read', async () => {
    h = await createHarness('sqlite');
    let broken = true;
    const good = icsRoute(() => standup());
    const server = await startFeedServer({
      '/team.ics': (req, res) => (broken ? res.writeHead(500).end('oops') : good(req, res)),
    });
    close = server.close;
    const told: (string | undefined)[] = [];
    const poller = createCalendarPoller({
      calendar: h.deps.stores.calendar,
      receive: async () => 'queued',
      clock: h.clock,
      log: silentLogger,
      options: { pollMs: 15 * MINUTE, allowPrivate: true },
      report: async (_feed, problem) => {
        told.push(problem);
      },
    });
    await h.deps.stores.calendar.addFeed(
      { channel: 'local:general', url: server.url('/team.ics'), origin: 'chat', addedBy: 'local:alice' },
      h.clock.now(),
    );
    for (let i = 0; i < 5; i++) {
      await poller.tick();
      h.clock.advance(24 * 60 * MINUTE);
    }
    assert.equal(told.length, 1, 'told once, at the third failure, not at every one');
    assert.match(told[0] ?? '', /the server answered 500/);
    broken = false;
    await poller.tick();
    assert.deepEqual(told.slice(1), [undefined], 'and told when it works again');
  });

  it('after the first sync, changes to upcoming meetings become signals: added, changed, cancelled, starting soon', async () => {
    h = await createHarness('sqlite');
    let exdate: string[] = [];
    let title = 'Team standup';
    const server = await startFeedServer({ '/team.ics': icsRoute(() => standup(exdate, title)) });
    close = server.close;
    const signals: TSignal[] = [];
    const poller = createCalendarPoller({
      calendar: h.deps.stores.calendar,
      receive: async (signal) => {
        signals.push(signal);
        return 'queued';
      },
      clock: h.clock,
      log: silentLogger,
      options: { pollMs: 15 * MINUTE, allowPrivate: true },
    });
    const feed = await h.deps.stores.calendar.addFeed(
      { channel: 'local:general', url: server.url('/team.ics'), origin: 'chat', addedBy: 'local:alice' },
      START,
    );
    await poller.poll(feed);
    assert.equal(signals.length, 0, 'the first sync only records');
    // The meeting is renamed, and next Monday's is cancelled with an EXDATE in the series.
    title = 'Team sync';
    const series = standup([], title).replace(
      'RRULE:FREQ=WEEKLY;BYDAY=MO',
      'RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEXDATE:20261130T100000Z',
    );
    exdate = [];
    const routes = await startFeedServer({ '/team.ics': icsRoute(() => series) });
    const moved = await h.deps.stores.calendar.addFeed(
      { channel: 'local:general', url: routes.url('/team.ics'), origin: 'chat', addedBy: 'local:alice' },
      START,
    );
    await poller.poll(moved);
    await routes.close();
    // Same feed, new content: poll the first feed against the changed body.
    signals.length = 0;
    const changed = standup([], 'Team sync').replace(
      'RRULE:FREQ=WEEKLY;BYDAY=MO',
      'RRULE:FREQ=WEEKLY;BYDAY=MO\r\nEXDATE:20261130T100000Z',
    );
    title = 'Team sync';
    server.requests.length = 0;
    const current = (await h.deps.stores.calendar.feeds()).find((f) => f.id === feed.id);
    assert.ok(current);
    const swap = await startFeedServer({ '/team.ics': icsRoute(() => changed) });
    await h.deps.stores.calendar.recordFetch(feed.id, {
      checkedAt: START,
      okAt: START,
      nextCheckAt: START,
      failures: 0,
    });
    await poller.poll({ ...current, url: swap.url('/team.ics'), etag: undefined });
    await swap.close();
    const byChange = signals.map((s) =>
      s.type === 'calendar'
        ? `${s.change} ${s.occurrence.startsAt.toISOString().slice(0, 10)} ${s.occurrence.title}`
        : s.type,
    );
    assert.ok(byChange.includes('cancelled 2026-11-30 Team standup'), byChange.join('\n'));
    assert.ok(byChange.includes('changed 2026-12-07 Team sync'), byChange.join('\n'));
    assert.ok(!byChange.some((c) => c.includes('2026-11-16')), 'past meetings make no signals');
    signals.length = 0;
    h.clock.advance(50 * MINUTE);
    await poller.tick();
    assert.deepEqual(
      signals
        .filter((s) => s.type === 'calendar' && s.change === 'starting_soon')
        .map((s) => (s.type === 'calendar' ? s.occurrence.startsAt.toISOString() : '')),
      ['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z'],
    );
  });

  it('refuses loopback and private addresses unless the configuration allows them', async () => {
    h = await createHarness('sqlite');
    const poller = createCalendarPoller({
      calendar: h.deps.stores.calendar,
      receive: async () => 'queued',
      clock: h.clock,
      log: silentLogger,
      options: { pollMs: 15 * MINUTE, allowPrivate: false },
    });
    assert.match(
      (await poller.refuse('http://127.0.0.1:8080/team.ics')) ?? '',
      /127\.0\.0\.1 is a loopback or private address \(127\.0\.0\.1\); set TEAMMATE_CALENDAR_ALLOW_PRIVATE=true/,
    );
    assert.match((await poller.refuse('http://[::1]/x.ics')) ?? '', /loopback or private/);
    assert.match((await poller.refuse('http://10.1.2.3/x.ics')) ?? '', /loopback or private/);
    assert.match((await poller.refuse('http://169.254.169.254/latest/meta-data')) ?? '', /loopback or private/);
    assert.match((await poller.refuse('file:///etc/passwd')) ?? '', /must be an http\(s\) URL/);
    assert.equal(await poller.refuse('https://93.184.216.34/team.ics'), undefined);
  });
});
