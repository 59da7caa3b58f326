import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTeamsBot, type TTeamsHarness } from '../helpers/teams-harness.js';
import { APP_ID, BOB, channelMessage, executeInvoke } from '../kit/teams-activities.js';

// Signed (authenticated) but odd activities: each gets a 4xx or is taken and ignored, none a 5xx (the harness fails
// any 5xx with what the bot logged), and a good activity sent right after is still taken.
describe('Teams activities that are authenticated but malformed', () => {
  let h: TTeamsHarness;
  before(async () => {
    h = await startTeamsBot('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  const good = () => channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Still there?' });
  const odd: [string, (a: Record<string, unknown>) => Record<string, unknown>, number][] = [
    ['a message whose text is a number', (a) => ({ ...a, text: 42 }), 400],
    ['a message without a sender', (a) => ({ ...a, from: undefined }), 400],
    ['a reaction without the message it is on', (a) => ({ ...a, type: 'messageReaction', reactionsAdded: [{}] }), 400],
    ['an activity type Teammate does not use', (a) => ({ ...a, type: 'typing' }), 200],
    ['an invoke Teammate does not serve', (a) => ({ ...a, type: 'invoke', name: 'composeExtension/query' }), 200],
    [
      'a card action that is not Teammate’s',
      (a) => ({
        ...a,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'x', data: { entryId: 'one' } } },
      }),
      400,
    ],
    [
      'a card action for an entry that does not exist',
      (a) => ({
        ...a,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'approve', data: { teammate: 1, action: 'approve', entryId: 999 } },
        },
      }),
      200,
    ],
    [
      'a message whose value looks like a card click but is not',
      (a) => ({ ...a, value: { teammate: 2, action: 'approve' } }),
      200,
    ],
    ['text with NUL and a lone surrogate', (a) => ({ ...a, text: 'bad\u0000text \ud800 here?' }), 200],
  ];
  for (const [name, change, status] of odd) {
    it(`${name}: ${status}`, async () => {
      const activity = change(good());
      const response = await h.send(activity, `Bearer ${h.issuer.channelToken(APP_ID, h.connector.serviceUrl)}`);
      assert.equal(response.status, status, JSON.stringify(response.body));
      await h.settle();
      assert.equal((await h.send(good())).status, 200, 'the next activity is taken');
    });
  }

  it('a card action on an entry that does not exist is answered in words', async () => {
    const response = await h.send(
      executeInvoke({
        serviceUrl: h.connector.serviceUrl,
        from: BOB,
        cardId: '1',
        conversation: '19:x@thread.tacv2',
        verb: 'why',
        data: { teammate: 1, action: 'why', entryId: 999 },
      }),
    );
    assert.equal(response.status, 200);
    assert.match(String((response.body as { value: string }).value), /A-999/);
  });
});
