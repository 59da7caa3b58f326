import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { ActionIO } from '../../../src/core/actions/action-spec.js';
import { defaultCatalogue } from '../../../src/core/actions/catalogue.js';
import { AdjustableClock } from '../../../src/core/clock.js';
import { noConnectors } from '../../../src/core/connector-port.js';
import { localChatPort } from '../../../src/platforms/local/chat-port.js';
import { LocalWorld } from '../../../src/platforms/local/world.js';
import { says, wordsOf } from '../../helpers/text.js';

const spec = (kind: string) => {
  const found = defaultCatalogue.get(kind);
  assert.ok(found, kind);
  return found;
};

describe('the action catalogue, each kind run and undone through a ChatPort', () => {
  let world: LocalWorld;
  let io: ActionIO;
  let clock: AdjustableClock;

  beforeEach(() => {
    world = new LocalWorld();
    clock = new AdjustableClock(new Date('2026-11-23T09:00:00Z'));
    // These kinds only talk to the chat; touching the stores would be a bug.
    const noStores = new Proxy({} as ActionIO['stores'], {
      get() {
        throw new Error('this action should not touch the stores');
      },
    });
    io = { chat: localChatPort(world, clock), now: clock.now(), stores: noStores, connectors: noConnectors };
  });

  it('declares what the policy needs for every kind', () => {
    assert.deepEqual(
      [...defaultCatalogue.keys()],
      [
        'post_message',
        'send_dm',
        'add_reaction',
        'pin_message',
        'set_topic',
        'schedule_message',
        'reassign_task',
        'follow_up_deal',
        'cancel_occurrence',
        'post_roundup',
      ],
    );
    for (const s of defaultCatalogue.values()) {
      assert.ok(['low', 'medium', 'high'].includes(s.risk), s.kind);
      assert.equal(typeof s.reversible, 'boolean');
      assert.ok(s.title.length > 0);
    }
  });

  it('post_message posts in a thread; undo deletes it', async () => {
    const question = world.post('general', 'bob', says('where?'), clock.now());
    const receipt = await spec('post_message').execute(
      { channel: 'local:general', thread: world.coreId(question.ts), text: 'nudge' },
      io,
    );
    const posted = world.messages.get(world.localId(receipt.result.ref?.id ?? ''));
    assert.equal(posted?.threadTs, question.ts);
    assert.equal(posted && wordsOf(posted.message), 'nudge');
    await spec('post_message').undo(receipt.undo, io);
    assert.equal(world.messages.has(posted?.ts ?? ''), false);
    await assert.rejects(spec('post_message').undo(receipt.undo, io), /message_not_found/);
  });

  it('send_dm opens a direct message; undo deletes it', async () => {
    const receipt = await spec('send_dm').execute({ user: 'local:bob', text: 'hi' }, io);
    assert.equal(receipt.result.ref?.conversation, 'local:dm-bob');
    await spec('send_dm').undo(receipt.undo, io);
    assert.equal(world.messages.size, 0);
  });

  it('add_reaction accepts :colons: and undo removes it', async () => {
    const message = world.post('general', 'bob', says('shipped'), clock.now());
    const receipt = await spec('add_reaction').execute(
      { channel: 'local:general', messageId: world.coreId(message.ts), emoji: ':tada:' },
      io,
    );
    assert.deepEqual([...message.reactions.keys()], ['tada']);
    await spec('add_reaction').undo(receipt.undo, io);
    assert.equal(message.reactions.size, 0);
  });

  it('pin_message pins; undo unpins', async () => {
    const message = world.post('general', 'bob', says('rules'), clock.now());
    const receipt = await spec('pin_message').execute(
      { channel: 'local:general', messageId: world.coreId(message.ts) },
      io,
    );
    assert.equal(message.pinned, true);
    await spec('pin_message').undo(receipt.undo, io);
    assert.equal(message.pinned, false);
  });

  it('set_topic remembers the previous topic and restores it, unless a person changed it since', async () => {
    world.setTopic('general', 'old topic', 'bob');
    const receipt = await spec('set_topic').execute({ channel: 'local:general', topic: 'new topic' }, io);
    assert.deepEqual(receipt.undo, { channel: 'local:general', previous: 'old topic', set: 'new topic' });
    await spec('set_topic').undo(receipt.undo, io);
    assert.equal(world.topic('general'), 'old topic');

    const again = await spec('set_topic').execute({ channel: 'local:general', topic: 'bot topic' }, io);
    world.setTopic('general', 'carol edited this', 'carol');
    await assert.rejects(spec('set_topic').undo(again.undo, io), /topic was changed to “carol edited this”/);
    assert.equal(world.topic('general'), 'carol edited this');
  });

  it('schedule_message schedules; undo cancels before the time, refuses after', async () => {
    const postAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const receipt = await spec('schedule_message').execute({ channel: 'local:general', text: 'standup!', postAt }, io);
    assert.equal(world.scheduled.size, 1);
    await spec('schedule_message').undo(receipt.undo, io);
    assert.equal(world.scheduled.size, 0);

    const later = await spec('schedule_message').execute({ channel: 'local:general', text: 'retro', postAt }, io);
    clock.advance(2 * 3_600_000);
    world.deliverDue(clock.now());
    await assert.rejects(spec('schedule_message').undo(later.undo, { ...io, now: clock.now() }), /already sent/);
  });

  it('schedule_message refuses the past and the far future', async () => {
    const past = new Date(clock.now().getTime() - 1000).toISOString();
    await assert.rejects(
      spec('schedule_message').execute({ channel: 'local:general', text: 'x', postAt: past }, io),
      /must be in the future/,
    );
    const far = new Date(clock.now().getTime() + 200 * 86_400_000).toISOString();
    await assert.rejects(
      spec('schedule_message').execute({ channel: 'local:general', text: 'x', postAt: far }, io),
      /120 days/,
    );
  });

  it('parses parameters with the kind schema and names the wrong field', async () => {
    assert.deepEqual(spec('post_message').parse({ channel: 'local:general', text: '' }), {
      ok: false,
      error: 'text: must not be empty',
    });
    const bad = spec('add_reaction').parse({ channel: 'local:general', messageId: 'm1', emoji: 'not an emoji!' });
    assert.equal(bad.ok, false);
    await assert.rejects(
      spec('pin_message').execute({ channel: 'local:general' }, io),
      /invalid pin_message parameters: messageId: /,
    );
    await assert.rejects(
      spec('post_message').execute({ channel: 'local:nowhere', text: 'hi' }, io),
      /channel_not_found/,
    );
  });
});
