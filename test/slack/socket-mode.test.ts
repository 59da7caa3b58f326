import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { APP_TOKEN } from '../kit/fake-slack.js';
import { fixture, messageEvent } from '../kit/slack-payloads.js';

type TEnvelope = { envelope_id: string; payload: Record<string, unknown> } & Record<string, unknown>;

describe('Slack Socket Mode', () => {
  let h: TSlackHarness;
  before(async () => {
    h = await startSlackBot('sqlite', { mode: 'socket' });
    await h.fake.socket.connected();
  });
  after(async () => {
    await h?.close();
  });

  it('opens the connection with the app-level token', () => {
    assert.equal(h.fake.callsOf('apps.connections.open')[0]?.token, APP_TOKEN);
  });

  it('acknowledges an Events API envelope and processes the event', async () => {
    const envelope = structuredClone(
      fixture<TEnvelope>('java-slack-sdk-bolt-tests/socket-mode/MockSocketMode.eventsEnvelope.json'),
    );
    const question = h.fake.seedMessage('C0GENERAL', 'U0BOB', 'Where is the on-call calendar?');
    envelope.envelope_id = 'env-events-1';
    envelope.payload = messageEvent({ channel: 'C0GENERAL', user: 'U0BOB', text: question.text, ts: question.ts });
    const ack = await h.fake.socket.send(envelope);
    assert.equal(ack.envelope_id, 'env-events-1');
    await h.settle();
    const due = await h.runtime.teammate.deps.stores.questions.due(new Date(Date.now() + 86_400_000), ['slack'], 10);
    assert.deepEqual(
      due.map((q) => q.text),
      ['Where is the on-call calendar?'],
    );
  });

  it('acknowledges a slash command envelope and answers through response_url', async () => {
    const envelope = structuredClone(
      fixture<TEnvelope>('java-slack-sdk-bolt-tests/socket-mode/MockSocketMode.commandEnvelope.json'),
    );
    envelope.envelope_id = 'env-command-1';
    Object.assign(envelope.payload, {
      command: '/teammate',
      text: 'help undo',
      user_id: 'U0BOB',
      channel_id: 'C0GENERAL',
      response_url: h.fake.responseUrl('socket-cmd'),
    });
    const ack = await h.fake.socket.send(envelope);
    assert.equal(ack.envelope_id, 'env-command-1');
    await h.settle();
    await h.fake.waitFor(() => h.fake.responses.length > 0, 'the command reply');
    assert.match(String(h.fake.responses.at(-1)?.body.text), /`\/teammate undo &lt;action id, e\.g\. A-42&gt;`/);
  });

  it('acknowledges an interactive envelope', async () => {
    const envelope = structuredClone(
      fixture<TEnvelope>('java-slack-sdk-bolt-tests/socket-mode/MockSocketMode.interactiveEnvelope.json'),
    );
    envelope.envelope_id = 'env-interactive-1';
    const payload = envelope.payload as { actions: { action_id: string; value: string }[]; response_url: string };
    payload.actions = [
      {
        ...payload.actions[0],
        action_id: 'teammate_why',
        value: JSON.stringify({ action: 'why', entryId: 99 }),
      } as never,
    ];
    const ack = await h.fake.socket.send(envelope);
    assert.equal(ack.envelope_id, 'env-interactive-1');
    await h.settle();
    await h.fake.waitFor(() => h.fake.callsOf('chat.postEphemeral').length > 0, 'the private reply');
    assert.equal(h.fake.callsOf('chat.postEphemeral').at(-1)?.args.text, 'There is no action A-99.');
  });
});
