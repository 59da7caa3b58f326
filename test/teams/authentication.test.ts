import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTeamsBot, type TTeamsHarness } from '../helpers/teams-harness.js';
import { CHANNEL_ISSUER } from '../kit/bot-framework-issuer.js';
import { APP_ID, BOB, channelMessage } from '../kit/teams-activities.js';

const unsigned = (claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
    JSON.stringify(claims),
  ).toString('base64url')}.`;

describe('Teams requests are authenticated by the Bot Framework JWT (botbuilder, against a local key set)', () => {
  let h: TTeamsHarness;
  before(async () => {
    h = await startTeamsBot('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  const message = () => channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Is the build green?' });
  /** Whether the activity's signal is in the inbox: enqueueing the same id again is refused if so. */
  const stored = async (activity: Record<string, unknown>) =>
    !(await h.runtime.deps.stores.inbox.enqueue(
      {
        id: `teams:${String(activity.id)}`,
        platform: 'teams',
        at: new Date(),
        type: 'home_opened',
        user: 'teams:probe',
      },
      new Date(),
    ));

  it('a valid token is accepted and the activity is stored', async () => {
    const activity = message();
    const response = await h.send(activity);
    assert.equal(response.status, 200);
    assert.equal(await stored(activity), true, 'the activity reached the inbox');
  });

  const refused: [string, (activity: Record<string, unknown>) => string | null][] = [
    ['no Authorization header', () => null],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    [
      'an unsigned token (alg none)',
      (a) =>
        `Bearer ${unsigned({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: a.serviceUrl, exp: Math.floor(Date.now() / 1000) + 3600 })}`,
    ],
    ['an expired token', (a) => `Bearer ${h.issuer.channelToken(APP_ID, String(a.serviceUrl), { expiresIn: -3600 })}`],
    [
      'a token for another bot (wrong audience)',
      (a) => `Bearer ${h.issuer.channelToken(APP_ID, String(a.serviceUrl), { aud: 'another-app' })}`,
    ],
    [
      'a token from another issuer',
      (a) => `Bearer ${h.issuer.channelToken(APP_ID, String(a.serviceUrl), { iss: 'https://sts.example.com' })}`,
    ],
    [
      'a token signed with a key the metadata does not publish (unknown key id)',
      (a) => `Bearer ${h.issuer.channelToken(APP_ID, String(a.serviceUrl), { kid: 'unknown-key' })}`,
    ],
    [
      'a forged signature under the published key id',
      (a) => `Bearer ${h.issuer.forgedToken(APP_ID, String(a.serviceUrl))}`,
    ],
    [
      'a token for another serviceUrl',
      (a) =>
        `Bearer ${h.issuer.channelToken(APP_ID, String(a.serviceUrl), { serviceurl: 'https://smba.example.com/' })}`,
    ],
  ];
  for (const [name, header] of refused) {
    it(`${name} gets 401 and changes nothing`, async () => {
      const activity = message();
      const calls = h.connector.calls.length;
      const response = await h.send(activity, header(activity));
      assert.equal(response.status, 401);
      await h.settle();
      assert.equal(await stored(activity), false, 'nothing was stored');
      assert.equal(h.connector.calls.length, calls, 'nothing was sent');
    });
  }

  it('an authenticated activity from another tenant gets 403 and changes nothing (a single-tenant bot)', async () => {
    const activity = message();
    activity.conversation = { ...(activity.conversation as object), tenantId: 'another-tenant' };
    const response = await h.send(activity);
    assert.equal(response.status, 403);
    assert.equal(await stored(activity), false);
  });

  it('a body that is not an activity gets 400', async () => {
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1, 2]',
    });
    assert.equal(response.status, 400);
  });
});

describe('Teams without an app id', () => {
  it('refuses traffic unless TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS=1 allows it for development', async () => {
    const h = await startTeamsBot('sqlite', { unauthenticated: true });
    try {
      const activity = channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Anyone around?' });
      assert.equal((await h.send(activity)).status, 200);
      await h.settle();
      assert.ok(
        h.connector.calls.every((c) => c.authorized),
        'outbound calls carry no token in this mode',
      );
    } finally {
      await h.close();
    }
  });
});
