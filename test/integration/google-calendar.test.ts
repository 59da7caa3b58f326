import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { shortId } from '../../src/core/ledger-entry.js';
import { startLocalBot, type TLocalBot } from '../helpers/local-bot.js';
import { plain } from '../helpers/text.js';
import { startFakeGoogleCalendar } from '../kit/fake-google-calendar.js';

// The low-attendance scenario on Google Calendar (API v3), against a fake that speaks Google's documented JSON
// (test/kit/fake-google-calendar.ts names the source of each shape): instances read with incremental sync tokens,
// the next one cancelled with events.patch and sendUpdates as the policy row says, put back by undo.

const CALENDAR = 'team@example.com';
const NEXT = 'standup_20261123T100000Z';

async function fixture(options: { subject?: string } = {}) {
  return startFakeGoogleCalendar({
    calendar: CALENDAR,
    series: {
      id: 'standup',
      summary: 'Team standup',
      firstStart: '2026-10-19T10:00:00Z',
      weeks: 12,
      organizer: 'alice@example.com',
    },
    responses: {
      'alice@example.com': 'accepted',
      'bob@example.com': 'accepted',
      'carol@example.com': 'needsAction',
      'dave@example.com': 'declined',
      'erin@example.com': 'declined',
    },
    ...options,
  });
}

describe('Google Calendar', () => {
  let google: Awaited<ReturnType<typeof fixture>> | undefined;
  let bot: TLocalBot | undefined;
  let folder = '';
  afterEach(async () => {
    await bot?.close();
    await google?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
    bot = undefined;
    google = undefined;
  });

  async function start(credentials: object, env: Record<string, string> = {}) {
    folder = await mkdtemp(join(tmpdir(), 'teammate-google-'));
    const file = join(folder, 'credentials.json');
    await writeFile(file, JSON.stringify(credentials));
    return startLocalBot({
      GOOGLE_CALENDAR_CREDENTIALS: file,
      GOOGLE_CALENDAR_API_URL: google?.apiUrl ?? '',
      TEAMMATE_CALENDARS: `google:${CALENDAR} #general`,
      ...env,
    });
  }

  // The detector looks at calendars every five minutes.
  const proposal = async (b: TLocalBot) => {
    await b.say('alice', '/wait 6m');
    const entry = (await b.entries()).find((e) => e.kind === 'cancel_occurrence');
    assert.ok(entry, 'a cancellation is proposed');
    return entry;
  };

  it('cancels the instance with sendUpdates from the policy row, reads the change back incrementally, undo restores it', async () => {
    google = await fixture();
    // The admin sets the row first, then connects the calendar from chat.
    bot = await start(google.authorizedUser, { TEAMMATE_CALENDARS: '' });
    await bot.say('alice', '/teammate policy set cancel_occurrence approve notify=external');
    assert.match(
      await bot.say('alice', `/teammate calendar add google:${CALENDAR}`),
      /Added calendar #1 for #general: \d+ meetings in the next 30 days/,
    );
    const entry = await proposal(bot);
    assert.match(plain(entry.summary), /in the Google calendar “team@example\.com” \(organiser “alice@example\.com”\)/);
    const full = google.requests.find((r) => r.method === 'GET' && r.query.has('timeMin'));
    assert.equal(full?.query.get('singleEvents'), 'true', 'instances, not series');

    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    const done = (await bot.entries()).find((e) => e.id === entry.id);
    assert.equal(done?.status, 'executed', done?.error);
    assert.match(plain(done?.result?.summary ?? []), /cancelled in Google Calendar/);
    const patch = google.requests.find((r) => r.method === 'PATCH');
    assert.equal(patch?.path, `/calendar/v3/calendars/${encodeURIComponent(CALENDAR)}/events/${NEXT}`);
    assert.equal(patch?.query.get('sendUpdates'), 'externalOnly', 'notify=external on the row');
    assert.deepEqual(patch?.body, { status: 'cancelled' });
    assert.ok(patch?.headers['if-match'], 'the write is conditional on the ETag read');
    assert.equal(google.instances.get(NEXT)?.status, 'cancelled');

    await bot.say('alice', '/wait 20m');
    const incremental = google.requests.filter((r) => r.method === 'GET' && r.query.has('syncToken'));
    assert.ok(incremental.length > 0, 'later reads use the sync token');
    assert.equal((await bot.entries()).filter((e) => e.kind === 'cancel_occurrence').length, 1);

    assert.match(await bot.say('alice', `/teammate undo ${shortId(entry.id)}`), /Undid/);
    assert.equal(google.instances.get(NEXT)?.status, 'confirmed');
    const restore = google.requests.filter((r) => r.method === 'PATCH').at(-1);
    assert.deepEqual(restore?.body, { status: 'confirmed' });
    assert.equal(restore?.query.get('sendUpdates'), 'externalOnly');
  });

  it('undo is refused when someone changed the instance since, and their change stands', async () => {
    google = await fixture();
    bot = await start(google.authorizedUser);
    const entry = await proposal(bot);
    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    assert.equal(
      google.requests.find((r) => r.method === 'PATCH')?.query.get('sendUpdates'),
      'all',
      'everyone by default',
    );
    google.edit(NEXT, 'Team standup (async)');
    const reply = await bot.say('alice', `/teammate undo ${shortId(entry.id)}`);
    assert.match(reply, /someone changed the meeting in Google Calendar since \(the title\)/);
    assert.equal(google.instances.get(NEXT)?.status, 'cancelled');
    assert.equal(google.instances.get(NEXT)?.summary, 'Team standup (async)');
  });

  it('a service account acts for the person domain-wide delegation names, with a signed JWT', async () => {
    google = await fixture({ subject: 'alice@example.com' });
    bot = await start(google.serviceAccount, { GOOGLE_CALENDAR_SUBJECT: 'alice@example.com' });
    const entry = await proposal(bot);
    const [claims] = google.jwts;
    assert.equal(claims?.sub, 'alice@example.com');
    assert.equal(claims?.scope, 'https://www.googleapis.com/auth/calendar.events');
    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    assert.equal(google.instances.get(NEXT)?.status, 'cancelled');
  });

  it('a service account without delegation for that person is said in words', async () => {
    google = await fixture({ subject: 'alice@example.com' });
    bot = await start(google.serviceAccount, { GOOGLE_CALENDAR_SUBJECT: 'mallory@example.com' });
    await bot.say('alice', '/wait 1m');
    assert.match(
      bot.lines.join('\n'),
      /I cannot read calendar #1 \(the Google calendar “team@example\.com”\): “Google Calendar refused Teammate's credentials \(unauthorized_client: .*domain-wide delegation is not set up for it\)/,
    );
  });

  it('a token without the calendar scope is told in the channel in Google’s words', async () => {
    google = await fixture();
    // Google's answer to a token missing the scope (https://developers.google.com/calendar/api/guides/errors#403_insufficient_permissions).
    google.fail(
      {
        status: 403,
        body: {
          error: {
            code: 403,
            message: 'Request had insufficient authentication scopes.',
            errors: [{ domain: 'global', reason: 'insufficientPermissions', message: 'Insufficient Permission' }],
            status: 'PERMISSION_DENIED',
          },
        },
      },
      { method: 'GET' },
      1,
    );
    bot = await start(google.authorizedUser);
    await bot.say('alice', '/wait 1m');
    assert.match(
      bot.lines.join('\n'),
      /I cannot read calendar #1 \(the Google calendar “team@example\.com”\): “Google Calendar refused \(403\): .*Google Calendar says: Request had insufficient authentication scopes\./,
    );
    assert.match(await bot.say('alice', '/teammate calendar list'), /failing \(1×\)/);
  });

  it('a revoked grant is told in the channel once and shown in /teammate status; the calendar is left alone', async () => {
    google = await fixture();
    bot = await start(google.authorizedUser);
    await proposal(bot);
    google.revoke();
    await bot.say('alice', '/wait 20m');
    await bot.say('alice', '/wait 40m');
    const told = bot.lines.join('\n').match(/I cannot read calendar #1/g) ?? [];
    assert.equal(told.length, 1, 'told once, not at every try');
    assert.match(
      bot.lines.join('\n'),
      /invalid_grant: Token has been expired or revoked\.\): the grant was revoked or has expired; check GOOGLE_CALENDAR_CREDENTIALS/,
    );
    const status = await bot.say('alice', '/teammate status');
    assert.match(
      status,
      /Calendars: 1 \(0 ok, 1 failing\); #1 the Google calendar “team@example\.com”: Google Calendar refused/,
    );
    assert.match(status, /Google Calendar: failing since/);
    assert.ok(!JSON.stringify(bot.lines).includes('GOCSPX-test-secret'), 'the client secret is never shown');
  });
});
