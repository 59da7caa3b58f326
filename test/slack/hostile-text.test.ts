import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { blockAction, commandFields, messageEvent } from '../kit/slack-payloads.js';

// A question that tries to make the bot broadcast, ping someone it never meant to, and carry a disguised link in its
// own name, as a new user would type it in Slack. It goes unanswered, so the bot quotes it in the approval card, in
// the nudge's thread, in "why" and in the roundup.
const HOSTILE = '<!here> is <@U0DAVE> around? see <https://evil.example/x|the runbook> <!channel>?';

/** Every piece of text the bot sent to Slack: messages, updates, ephemeral replies, slash-command answers, blocks. */
function everythingSent(h: TSlackHarness): string {
  const calls = h.fake.calls.filter((c) =>
    ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish'].includes(c.method),
  );
  return [...calls.map((c) => JSON.stringify(c.args)), ...h.fake.responses.map((r) => JSON.stringify(r.body))].join(
    '\n',
  );
}

describe('text people wrote stays inert in everything the bot sends to Slack', () => {
  let h: TSlackHarness;
  let question: { ts: string };

  before(async () => {
    h = await startSlackBot('sqlite', { admins: ['U0ALICE', 'U0BOB'] });
    question = h.fake.seedMessage('C0GENERAL', 'U0CAROL', HOSTILE);
    await h.client.event(messageEvent({ channel: 'C0GENERAL', user: 'U0CAROL', text: HOSTILE, ts: question.ts }));
    await h.settle();
    h.runtime.clock.advance(3_600_000);
    await h.runtime.tick();
    await h.settle();
  });
  after(async () => {
    await h?.close();
  });

  const command = async (text: string, user = 'U0ALICE') => {
    await h.client.command(commandFields({ text, user, channel: 'C0GENERAL', responseUrl: h.fake.responseUrl('cmd') }));
    await h.settle();
    return String(h.fake.responses.at(-1)?.body.text);
  };

  it('the card quotes the question without broadcasting, pinging or disguising a link', async () => {
    const card = h.fake.callsOf('chat.postMessage').find((c) => /approval needed/.test(String(c.args.text)));
    assert.ok(card, 'the card was posted');
    const sent = JSON.stringify(card.args);
    assert.match(
      sent,
      /“@\u2060here is @U0DAVE around\? see the runbook \(https:\/\/evil\.example\/x\) @\u2060channel\?”/,
    );
    assert.doesNotMatch(sent, /<!here>|<!channel>|<@U0DAVE>|\|the runbook>/);
  });

  it('the nudge addresses the asker and nobody else', async () => {
    const card = [...h.fake.messages.values()].find((m) => /approval needed/.test(m.text));
    const approve = (card?.blocks as { elements?: { action_id: string; value: string }[] }[] | undefined)
      ?.flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'teammate_approve');
    assert.ok(card && approve);
    await h.client.interaction(
      blockAction({
        user: 'U0ALICE',
        channel: 'C0GENERAL',
        messageTs: card.ts,
        threadTs: question.ts,
        actionId: 'teammate_approve',
        value: approve.value,
        responseUrl: h.fake.responseUrl('click'),
      }),
    );
    await h.settle();
    const nudge = [...h.fake.messages.values()].find((m) => m.text.startsWith('<@U0CAROL>'));
    assert.ok(nudge, 'the nudge was posted');
    assert.deepEqual(nudge.text.match(/<[@!#][^>]*>/g), ['<@U0CAROL>'], 'the only token is the asker');
  });

  it('"why" and the roundup quote it inert too', async () => {
    assert.match(
      await command('why A-1'),
      /“@\u2060here is @U0DAVE around\? see the runbook \(https:\/\/evil\.example\/x\)/,
    );
    assert.match(await command('roundup now'), /Roundup A-2/);
    // The default policy asks first: the roundup waits on its card, and another admin approves it.
    assert.match(await command('approve A-2', 'U0BOB'), /Approved A-2/);
    const posted = [...h.fake.messages.values()].find((m) => /^\*Weekly roundup/.test(m.text));
    assert.ok(posted, 'the roundup itself was posted');
    assert.match(posted.text, /Open questions\*\n• @carol asked “@\u2060here is @U0DAVE around\?/);
  });

  it('no broadcast, no mention of the people the question named, no link label of theirs, anywhere', () => {
    const sent = everythingSent(h);
    assert.doesNotMatch(sent, /<!here>|<!channel>|<!everyone>/, 'no broadcast');
    assert.doesNotMatch(sent, /<@U0DAVE>/, 'nobody the asker named is mentioned');
    assert.doesNotMatch(sent, /\|the runbook>/, 'no link with their label');
    assert.match(sent, /<@U0CAROL>/, 'the asker, whom the bot means to address, is mentioned');
  });
});
