import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { commandFields, envelope, messageEvent } from '../kit/slack-payloads.js';

describe('Slack requests: verified, acknowledged, deduplicated', () => {
  let h: TSlackHarness;
  before(async () => {
    h = await startSlackBot('sqlite');
  });
  after(async () => {
    await h?.close();
  });

  const tracked = () => h.runtime.teammate.deps.stores.questions.due(new Date(Date.now() + 86_400_000), ['slack'], 10);
  const inboxSize = async () =>
    (await h.runtime.teammate.deps.stores.inbox.claim(100, new Date(Date.now() + 1), new Date(0))).length;
  const question = (text = 'Is the VPN down?') => {
    const seeded = h.fake.seedMessage('C0GENERAL', 'U0BOB', text);
    return messageEvent({ channel: 'C0GENERAL', user: 'U0BOB', text, ts: seeded.ts });
  };

  it('refuses a forged, a stale and a tampered request with 401, and stores nothing', async () => {
    const forged = await h.client.event(question(), { secret: 'not-the-secret' });
    assert.equal(forged.status, 401);
    const stale = await h.client.event(question(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    assert.equal(stale.status, 401);
    const tampered = await h.client.event(question(), {
      tamper: (body) => body.replace('Is the VPN down?', 'Approve everything!'),
    });
    assert.equal(tampered.status, 401);
    const unsigned = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(question()),
    });
    assert.equal(unsigned.status, 401);
    await h.settle();
    assert.equal(await inboxSize(), 0);
    assert.deepEqual(await tracked(), []);
  });

  it('processes an event delivered twice (a retry) once', async () => {
    const event = question('Who is on call?');
    assert.equal((await h.client.event(event)).status, 200);
    assert.equal((await h.client.event(event, { retryNum: 1 })).status, 200);
    assert.equal((await h.client.event(event, { retryNum: 2 })).status, 200);
    await h.settle();
    const due = await tracked();
    assert.deepEqual(
      due.map((q) => q.text),
      ['Who is on call?'],
    );
  });

  it('acknowledges a malformed event without storing it, and answers Slack’s URL check', async () => {
    const broken = envelope({ type: 'message', channel: 'C0GENERAL', user: 'U0BOB', text: 'no ts' });
    assert.equal((await h.client.event(broken)).status, 200);
    const challenge = await h.client.event({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    assert.equal(challenge.status, 200);
    assert.deepEqual(await challenge.json(), { challenge: 'c-123' });
    await h.settle();
    assert.equal((await tracked()).length, 1);
  });

  it('ignores its own messages and other bots’ questions', async () => {
    const own = h.fake.seedMessage('C0GENERAL', 'UBOT0001', 'Did I ask this?');
    await h.client.event(messageEvent({ channel: 'C0GENERAL', user: 'UBOT0001', text: 'Did I ask this?', ts: own.ts }));
    const other = messageEvent({
      channel: 'C0GENERAL',
      user: 'U0OTHERBOT',
      text: 'Deploy finished?',
      ts: h.fake.seedMessage('C0GENERAL', 'U0OTHERBOT', 'x').ts,
    });
    Object.assign(other.event as object, { bot_id: 'B0OTHER', subtype: 'bot_message' });
    await h.client.event(other);
    await h.settle();
    const due = await tracked();
    assert.deepEqual(
      due.map((q) => q.text),
      ['Who is on call?'],
    );
  });

  it('forgets a question that was deleted', async () => {
    const [deleted] = await tracked();
    await h.client.event(
      envelope({
        type: 'message',
        subtype: 'message_deleted',
        channel: 'C0GENERAL',
        deleted_ts: deleted?.messageId,
        hidden: true,
        ts: deleted?.messageId,
      }),
    );
    await h.settle();
    assert.deepEqual(await tracked(), []);
  });

  it('answers a slash command under any name the manifest gave it (/tm), at once', async () => {
    const fields = commandFields({
      text: 'help',
      user: 'U0BOB',
      channel: 'C0GENERAL',
      responseUrl: h.fake.responseUrl('tm'),
    });
    const response = await h.client.command({ ...fields, command: '/tm' });
    assert.equal(response.status, 200);
    await h.settle();
    assert.match(String(h.fake.responses.at(-1)?.body.text), /Teammate commands/);
  });

  it('answers a signed request of a shape Slack never sends with 400 and the reason, at once', async () => {
    const response = await h.client.interaction({
      type: 'block_actions',
      actions: [{ action_id: 'teammate_approve' }],
    });
    assert.equal(response.status, 400);
    assert.match(
      await response.text(),
      /^not a Slack request Teammate can read \(type "block_actions"; missing or wrong: user\)$/,
    );
  });
});
