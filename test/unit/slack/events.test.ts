import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ZSignal } from '../../../src/core/signal.js';
import { toSignal, ZEnvelope } from '../../../src/platforms/slack/events.js';
import { fixture, fixtures } from '../../kit/slack-payloads.js';

const BOT = 'U123';
const convert = (body: unknown) => {
  const envelope = ZEnvelope.parse(body);
  return toSignal(envelope, BOT);
};

describe('Slack events → signals', () => {
  it('a channel message (java-slack-sdk EventTest.messagePayload)', () => {
    const result = convert(fixture('java-slack-sdk-bolt-tests/EventTest.messagePayload.json'));
    assert.deepEqual(result, {
      kind: 'signal',
      signal: {
        id: 'slack:EvV1KA7U3A',
        platform: 'slack',
        at: new Date(1583636399 * 1000),
        type: 'message',
        channel: 'slack:C123',
        user: 'slack:U234',
        text: [
          { type: 'mention', user: 'slack:U123' },
          { type: 'text', text: ' test' },
        ],
        messageId: '1583636399.000700',
        fromBot: false,
      },
    });
  });

  it('an app_mention in a Slack Connect channel (EventRequestTest.appMentionPayloadInSlackConnect)', () => {
    const result = convert(fixture('java-slack-sdk-bolt-tests/EventRequestTest.appMentionPayloadInSlackConnect.json'));
    assert.equal(result.kind, 'signal');
    assert.equal(result.kind === 'signal' && result.signal.type, 'mention');
  });

  it('a reaction (python-slack-events-api reaction_added, with the envelope fields Slack always sends)', () => {
    const body = { ...fixture('python-slack-events-api/reaction_added.json'), event_id: 'Ev1', event_time: 1477958240 };
    assert.deepEqual(convert(body), {
      kind: 'signal',
      signal: {
        id: 'slack:Ev1',
        platform: 'slack',
        at: new Date(1477958240 * 1000),
        type: 'reaction',
        channel: 'slack:D2AQCJCQ2',
        user: 'slack:U27FFLNF4',
        emoji: 'grinning',
        messageId: '1477958101.000004',
        added: true,
      },
    });
  });

  it('a member joining (MemberJoinedChannelEventTest inner event)', () => {
    const event = fixture('java-slack-sdk-bolt-tests/MemberJoinedChannelEventTest.inner_event.json');
    const result = convert({ type: 'event_callback', event_id: 'Ev2', event_time: 1, event });
    assert.deepEqual(result.kind === 'signal' && result.signal, {
      id: 'slack:Ev2',
      platform: 'slack',
      at: new Date(1000),
      type: 'member_joined',
      channel: 'slack:C0698JE0H',
      user: 'slack:W06GH7XHN',
    });
  });

  const wrap = (event: Record<string, unknown>) => ({ type: 'event_callback', event_id: 'Ev3', event_time: 1, event });

  it('thread replies, edits, deletions, other bots and the bot itself', () => {
    const reply = convert(
      wrap({ type: 'message', channel: 'C1', user: 'U1', text: 'yes', ts: '2.0', thread_ts: '1.0' }),
    );
    assert.equal(reply.kind === 'signal' && reply.signal.type === 'message' && reply.signal.thread, '1.0');
    const parent = convert(
      wrap({ type: 'message', channel: 'C1', user: 'U1', text: 'q?', ts: '1.0', thread_ts: '1.0' }),
    );
    assert.equal(
      parent.kind === 'signal' && parent.signal.type === 'message' && parent.signal.thread,
      undefined,
      'a thread parent is top level',
    );
    const edit = convert(
      wrap({
        type: 'message',
        subtype: 'message_changed',
        channel: 'C1',
        message: { user: 'U1', text: 'q? (edited)', ts: '1.0' },
      }),
    );
    assert.equal(edit.kind === 'signal' && edit.signal.type, 'message_edited');
    const deleted = convert(wrap({ type: 'message', subtype: 'message_deleted', channel: 'C1', deleted_ts: '1.0' }));
    assert.deepEqual(deleted.kind === 'signal' && deleted.signal, {
      id: 'slack:Ev3',
      platform: 'slack',
      at: new Date(1000),
      type: 'message_deleted',
      channel: 'slack:C1',
      messageId: '1.0',
    });
    const bot = convert(
      wrap({ type: 'message', subtype: 'bot_message', channel: 'C1', bot_id: 'B9', text: 'deploy done?', ts: '3.0' }),
    );
    assert.equal(bot.kind === 'signal' && bot.signal.type === 'message' && bot.signal.fromBot, true);
    assert.deepEqual(convert(wrap({ type: 'message', channel: 'C1', user: BOT, text: 'mine', ts: '4.0' })), {
      kind: 'ignored',
      reason: 'the bot’s own message',
    });
    assert.equal(
      convert(wrap({ type: 'message', subtype: 'channel_join', channel: 'C1', user: 'U1', text: 'joined', ts: '5.0' }))
        .kind,
      'ignored',
    );
    assert.equal(
      convert(wrap({ type: 'reaction_added', user: 'U1', reaction: 'x', item: { type: 'file', file: 'F1' } })).kind,
      'ignored',
    );
    assert.deepEqual(convert(wrap({ type: 'app_home_opened', user: 'U1', tab: 'messages' })), {
      kind: 'ignored',
      reason: 'the messages tab',
    });
  });

  it('rejects what lacks the fields we use, naming them', () => {
    const result = convert(wrap({ type: 'message', channel: 'C1', user: 'U1', text: 'x', ts: 'yesterday' }));
    assert.equal(result.kind, 'invalid');
    assert.match(result.kind === 'invalid' ? result.error.issues.map((i) => i.path.join('.')).join() : '', /ts/);
    assert.equal(ZEnvelope.safeParse({ type: 'event_callback', event: { type: 'message' } }).success, false);
  });

  it('never throws on any of Slack’s event shapes (java-slack-sdk samples, shape only)', () => {
    const dir = join(fixtures, 'java-slack-sdk-samples', 'events');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 15);
    for (const file of files) {
      const body = fixture<{ event: Record<string, unknown> }>(join('java-slack-sdk-samples', 'events', file));
      const result = toSignal(
        { type: 'event_callback', event_id: 'Ev', event_time: 1, event: body.event as { type: string } },
        BOT,
      );
      assert.ok(['signal', 'ignored', 'invalid'].includes(result.kind), file);
      if (result.kind === 'signal') assert.ok(ZSignal.safeParse(result.signal).success, `${file}: a valid signal`);
    }
  });
});
