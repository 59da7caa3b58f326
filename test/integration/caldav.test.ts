import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { shortId } from '../../src/core/ledger-entry.js';
import { parseCalendar } from '../../src/sources/calendar/ics.js';
import { startLocalBot, type TLocalBot } from '../helpers/local-bot.js';
import { plain } from '../helpers/text.js';
import { icsRoute, startFeedServer, weeklyMeeting } from '../kit/feed-server.js';
import { startProxy, startRadicale, type TRadicale } from '../kit/radicale.js';

// The low-attendance scenario against a real CalDAV server (Radicale): Teammate reads the team's calendar through
// CalDAV, proposes calling the next standup off, and once approved in chat takes that occurrence out of the
// calendar on the server itself; undo puts the exact previous object back, unless someone changed it since.

const EVENT = '/alice/team/standup.ics';
const NEXT = '2026-11-23T10:00:00.000Z';
const standup = (title = 'Team standup') =>
  weeklyMeeting({
    uid: 'standup@example.com',
    title,
    start: '2026-10-19T10:00:00Z',
    attendees: { Alice: 'ACCEPTED', Bob: 'ACCEPTED', Carol: 'NEEDS-ACTION', Dave: 'DECLINED', Erin: 'DECLINED' },
  });

/** The occurrences the server's copy of the standup has now, by start. */
async function onServer(dav: TRadicale): Promise<{ starts: string[]; titles: string[]; text: string; etag?: string }> {
  const object = await dav.get(EVENT);
  assert.equal(object.status, 200);
  const { occurrences } = parseCalendar(
    object.text,
    new Date('2026-11-16T00:00:00Z'),
    new Date('2026-12-08T00:00:00Z'),
  );
  return {
    starts: occurrences.map((o) => o.startsAt.toISOString()),
    titles: [...new Set(occurrences.map((o) => o.title))],
    text: object.text,
    ...(object.etag ? { etag: object.etag } : {}),
  };
}

describe('CalDAV against a real Radicale server', () => {
  let dav: TRadicale | undefined;
  let bot: TLocalBot | undefined;
  let closeProxy: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    await bot?.close();
    await closeProxy();
    await dav?.stop();
    bot = undefined;
    dav = undefined;
  });

  async function start(url?: string, calendars = 'caldav:Team #general'): Promise<{ dav: TRadicale; bot: TLocalBot }> {
    dav ??= await startRadicale();
    await dav.mkcalendar('/alice/team/', 'Team');
    assert.equal((await dav.put(EVENT, standup())).status, 201);
    bot = await startLocalBot({
      CALDAV_URL: url ?? dav.url,
      CALDAV_USERNAME: dav.user,
      CALDAV_PASSWORD: dav.password,
      TEAMMATE_CALENDARS: calendars,
    });
    return { dav, bot };
  }

  async function proposal(bot: TLocalBot) {
    await bot.say('alice', '/wait 1m');
    const entry = (await bot.entries()).find((e) => e.kind === 'cancel_occurrence');
    assert.ok(entry, 'the low-attendance detector proposes a cancellation');
    return entry;
  }

  it('proposed from the RSVPs, approved in chat, gone from the server; undo puts the exact object back', async () => {
    const { dav, bot } = await start();
    const before = await onServer(dav);
    assert.ok(before.starts.includes(NEXT));
    assert.match(
      await bot.say('bob', '/teammate calendar list'),
      /#1 the CalDAV calendar “Team” \(caldav:Team\) → #general \(configuration\): ok, checked/,
    );

    const entry = await proposal(bot);
    assert.equal(entry.status, 'pending');
    assert.match(
      plain(entry.summary),
      /cancel “Team standup” on 2026-11-23 in the CalDAV calendar “Team” \(organiser “alice@example\.com”\)/,
    );
    assert.match(plain(entry.rationale), /75 % of invitees/);

    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    const approved = (await bot.entries()).find((e) => e.id === entry.id);
    assert.equal(approved?.status, 'executed', approved?.error);
    assert.match(plain(approved?.result?.summary ?? []), /cancelled in CalDAV/);
    assert.match(bot.lines.join('\n'), /It is taken out of the calendar\./);
    const cancelled = await onServer(dav);
    assert.ok(!cancelled.starts.includes(NEXT), 'the occurrence is gone from the server');
    assert.deepEqual(
      cancelled.starts.filter((s) => s !== NEXT),
      before.starts.filter((s) => s !== NEXT),
      'the others stay',
    );
    assert.match(cancelled.text, /EXDATE[:;]/);

    // The next reads see the change (through the collection's sync-token); the detector waits for a real meeting
    // before it proposes cancelling the one after (the one it cancelled is gone from the calendar, not forgotten).
    await bot.say('alice', '/wait 1d');
    assert.equal((await bot.entries()).filter((e) => e.kind === 'cancel_occurrence').length, 1);

    assert.match(await bot.say('alice', `/teammate undo ${shortId(entry.id)}`), /Undid/);
    const restored = await onServer(dav);
    assert.deepEqual(restored.starts, before.starts, 'the occurrence is back');
    assert.ok(!/EXDATE/.test(restored.text));
    assert.equal((await bot.entries()).find((e) => e.id === entry.id)?.status, 'undone');
  });

  it('an edit someone made after the cancellation stands: undo is refused and says what changed', async () => {
    const { dav, bot } = await start();
    const entry = await proposal(bot);
    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    const cancelled = await onServer(dav);
    // Someone renames the meeting in their calendar app, keeping the cancellation.
    const renamed = cancelled.text.replace('SUMMARY:Team standup', 'SUMMARY:Team standup (async now)');
    assert.equal((await dav.put(EVENT, renamed)).status, 201);

    const reply = await bot.say('alice', `/teammate undo ${shortId(entry.id)}`);
    assert.match(reply, /someone changed the meeting in the calendar since \(the title\)/);
    const after = await onServer(dav);
    assert.deepEqual(after.titles, ['Team standup (async now)'], 'their edit stands');
    assert.ok(!after.starts.includes(NEXT), 'and so does the cancellation');
    const refused = (await bot.entries()).find((e) => e.id === entry.id);
    assert.equal(refused?.status, 'executed');
    assert.equal(refused?.undoStatus, 'refused');
    assert.match(await bot.say('alice', `/teammate why ${shortId(entry.id)}`), /Undo refused/);
  });

  it('the server answers 412 when the meeting changed between the read and the write: nothing is overwritten', async () => {
    dav = await startRadicale();
    const server = dav;
    let edited = false;
    // Someone edits the meeting at the moment Teammate writes: the PUT carries the ETag Teammate read, now stale.
    const proxy = await startProxy(server.url, async (request) => {
      if (request.method !== 'PUT' || edited) return;
      edited = true;
      const current = await server.get(EVENT);
      await server.put(EVENT, current.text.replace('SUMMARY:Team standup', 'SUMMARY:Standup (moved to Tuesdays)'));
    });
    closeProxy = proxy.close;
    const { bot } = await start(proxy.url);
    const entry = await proposal(bot);
    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    const failed = (await bot.entries()).find((e) => e.id === entry.id);
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.error ?? '', /was changed in the calendar while Teammate was cancelling it \(412\)/);
    const after = await onServer(server);
    assert.deepEqual(after.titles, ['Standup (moved to Tuesdays)'], 'their change stands');
    assert.ok(after.starts.includes(NEXT), 'and nothing was cancelled');
    assert.doesNotMatch(bot.lines.join('\n'), /Please post your update in this thread/, 'no thread was opened');
  });

  it('the same meeting read from a feed and from CalDAV is one meeting: one proposal, for the calendar it can change', async () => {
    const feed = await startFeedServer({ '/team.ics': icsRoute(() => standup()) });
    closeProxy = feed.close;
    const { bot } = await start(undefined, `${feed.url('/team.ics')} #general; caldav:Team #general`);
    await proposal(bot);
    const proposals = (await bot.entries()).filter((e) => e.kind === 'cancel_occurrence');
    assert.equal(proposals.length, 1, 'one proposal for one meeting');
    const params = proposals[0]?.params as { feedId: number; calendar: string; key: string };
    assert.equal(params.calendar, 'caldav');
    assert.equal(params.key, `standup@example.com|${NEXT}`);
    const week = await bot.runtime.deps.stores.calendar.meetings(
      'local:general',
      new Date('2026-11-23T00:00:00Z'),
      new Date('2026-11-30T00:00:00Z'),
    );
    assert.equal(week.length, 1, 'and one meeting in the week, not one per calendar');
    assert.equal(week[0]?.feedId, params.feedId);
  });

  it('a calendar the account does not have is said in words, in the channel and in /teammate status', async () => {
    const { bot } = await start();
    assert.match(await bot.say('alice', '/teammate calendar add caldav:Nope'), /Added calendar #2/);
    const list = await bot.say('alice', '/teammate calendar list');
    assert.match(
      list,
      /#2 the CalDAV calendar “Nope” \(caldav:Nope\) → #general: failing \(1×\): CalDAV has no calendar called "Nope" for alice \(there are: Team\)/,
    );
    assert.match(bot.lines.join('\n'), /I cannot read calendar #2 \(the CalDAV calendar “Nope”\)/);
    assert.match(await bot.say('alice', '/teammate status'), /Calendars:.*1 failing/s);
  });
});
