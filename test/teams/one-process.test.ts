import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSlackBot } from '../helpers/slack-harness.js';
import { startTeamsBot, type TTeamsHarness } from '../helpers/teams-harness.js';
import { BOT_TOKEN, FakeSlack } from '../kit/fake-slack.js';
import { SIGNING_SECRET, slackClient } from '../kit/signed-requests.js';
import { messageEvent } from '../kit/slack-payloads.js';
import { ALICE, BOB, CHANNEL, channelMessage } from '../kit/teams-activities.js';

describe('one process serves Slack and Teams at once', () => {
  let h: TTeamsHarness;
  let slack: FakeSlack;
  before(async () => {
    slack = await new FakeSlack().start();
    h = await startTeamsBot('sqlite', {
      admins: ['slack:U0ALICE', `teams:${ALICE.aadObjectId}`],
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
    });
  });
  after(async () => {
    await h?.close();
    await slack?.stop();
  });

  it('a Slack event and a Teams activity each become a card on their own platform', async () => {
    const question = slack.seedMessage('C0GENERAL', 'U0BOB', 'Who owns the billing service?');
    const slackResponse = await slackClient(`${h.baseUrl}/slack/events`).event(
      messageEvent({ channel: 'C0GENERAL', user: 'U0BOB', text: 'Who owns the billing service?', ts: question.ts }),
    );
    assert.equal(slackResponse.status, 200);
    await h.send(channelMessage({ serviceUrl: h.connector.serviceUrl, from: ALICE, text: 'Morning' }));
    const teamsResponse = await h.send(
      channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Who owns the payments service?' }),
    );
    assert.equal(teamsResponse.status, 200);
    await h.settle();
    await h.later();

    const slackCard = slack
      .callsOf('chat.postMessage')
      .find((c) => /^A-\d+: approval needed/.test(String(c.args.text)));
    assert.ok(slackCard, 'the Slack question got its card in Slack');
    assert.equal(slackCard.args.channel, 'C0GENERAL');
    const teamsCards = h.connector.posted().filter((m) => Array.isArray(m.activity.attachments));
    assert.equal(teamsCards.length, 1, 'the Teams question got its card in Teams');
    assert.ok(teamsCards[0]?.conversationId.startsWith(CHANNEL));
    const entries = await h.runtime.deps.stores.ledger.recent({ limit: 10 });
    assert.deepEqual(entries.map((e) => e.platform).sort(), ['slack', 'teams']);
    assert.ok(
      JSON.stringify(teamsCards[0]?.activity).includes('payments') &&
        !JSON.stringify(teamsCards[0]?.activity).includes('billing'),
      'each card is about its own question',
    );
  });
});

describe('/api/messages without Teams configured', () => {
  it('refuses every request with 401 and says which settings turn Teams on', async () => {
    const h = await startSlackBot('sqlite');
    try {
      const response = await fetch(h.eventsUrl.replace('/slack/events', '/api/messages'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hi' }),
      });
      assert.equal(response.status, 401);
      assert.match(((await response.json()) as { message: string }).message, /MICROSOFT_APP_ID/);
    } finally {
      await h.close();
    }
  });
});
