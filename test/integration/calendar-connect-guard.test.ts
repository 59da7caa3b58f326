import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { guardedLookup } from '../../src/sources/calendar/address-guard.js';
import { fetchFeed } from '../../src/sources/calendar/fetch-feed.js';
import { icsRoute, startFeedServer, weeklyMeeting } from '../kit/feed-server.js';

// DNS rebinding: a feed's host can answer a public address when it is checked and a private one when the
// connection is made. Feeds added from chat are checked again at connect time, in the lookup the connection
// itself uses (issue 12). `localhost` stands in for a name that resolves to a private address at that moment.
describe('calendar feeds from chat: the address is checked when the connection is made', () => {
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  before(async () => {
    const ics = weeklyMeeting({
      uid: 'x@example.com',
      title: 'Sync',
      start: '2026-10-19T10:00:00Z',
      attendees: {},
      extra: [],
    });
    server = await startFeedServer({ '/team.ics': icsRoute(() => ics) });
  });
  after(async () => {
    await server.close();
  });
  const viaLocalhost = () => server.url('/team.ics').replace('127.0.0.1', 'localhost');
  const options = { timeoutMs: 5_000, maxBytes: 1024 * 1024 };

  it('a name that resolves to a private address when connecting is refused, though the check before passed', async () => {
    await assert.rejects(
      fetchFeed(viaLocalhost(), { ...options, refuse: async () => undefined, guardConnect: true }),
      /localhost resolved to a loopback or private address \((127\.0\.0\.1|::1)\) when connecting; set TEAMMATE_CALENDAR_ALLOW_PRIVATE=true to allow it/,
    );
    assert.equal(server.requests.length, 0, 'nothing reached the private address');
  });

  it('without the guard (configured feeds, or private addresses allowed) the same feed is fetched', async () => {
    const fetched = await fetchFeed(viaLocalhost(), { ...options, guardConnect: false });
    assert.equal(fetched.status, 'ok');
  });

  it('the lookup itself, called as net.connect calls it, refuses a private answer', async () => {
    const one = await new Promise<[Error | null, string, number]>((resolve) =>
      guardedLookup('localhost', {}, (error, address, family) => resolve([error, String(address), Number(family)])),
    );
    assert.match(String(one[0]?.message), /loopback or private/);
  });
});
