import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultRule } from '../../src/core/policy/policy-rule.js';
import type { TProposal } from '../../src/core/proposal.js';
import { rich } from '../../src/core/text/build.js';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { wordsOf } from '../helpers/text.js';
import { messageEvent } from '../kit/slack-payloads.js';

describe('Slack Web API failures: retried where it helps, recorded, and told in the channel', () => {
  let h: TSlackHarness;
  let thread: string;
  let n = 0;

  before(async () => {
    h = await startSlackBot('sqlite');
    await h.runtime.teammate.deps.stores.policy.upsert(
      { ...defaultRule, kind: '*', mode: 'auto' },
      'U0ALICE',
      'chat',
      new Date(),
    );
    thread = h.fake.seedMessage('C0GENERAL', 'U0BOB', 'release notes?').ts;
  });
  after(async () => {
    await h?.close();
  });

  const run = async (kind: string, params: Record<string, unknown>) => {
    n += 1;
    const proposal: TProposal = {
      kind,
      params,
      rationale: rich`a test`,
      evidence: [],
      origin: { type: 'detector', name: 'test' },
      trigger: { signalId: `t${n}`, type: 'test', summary: rich`a test`, at: new Date() },
      platform: 'slack',
      channel: 'slack:C0GENERAL',
      thread,
      dedupeKey: `api-errors-${n}`,
    };
    const { entry } = await h.runtime.teammate.propose(proposal);
    return entry;
  };
  const attempts = (text: string) => h.fake.callsOf('chat.postMessage').filter((c) => c.args.text === text).length;

  it('retries 5xx and succeeds', async () => {
    h.fake.fail('chat.postMessage', { status: 503 }, 2);
    const entry = await run('post_message', { channel: 'slack:C0GENERAL', text: 'five-oh-three', thread });
    assert.equal(entry.status, 'executed');
    assert.equal(attempts('five-oh-three'), 3);
  });

  it('waits for Retry-After on 429 and succeeds', async () => {
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const entry = await run('post_message', { channel: 'slack:C0GENERAL', text: 'rate limited', thread });
    assert.equal(entry.status, 'executed');
    assert.equal(attempts('rate limited'), 2);
  });

  it('does not retry what Slack refuses; records it in words and says it in the thread', async () => {
    h.fake.fail('chat.postMessage', { error: 'not_in_channel' });
    const entry = await run('post_message', { channel: 'slack:C0GENERAL', text: 'nope', thread });
    assert.equal(entry.status, 'failed');
    assert.equal(
      entry.error,
      'I am not a member of that channel; invite me with /invite @Teammate [chat.postMessage: not_in_channel]',
    );
    assert.equal(attempts('nope'), 1);
    const told = h.fake.callsOf('chat.postMessage').at(-1);
    assert.equal(told?.args.thread_ts, thread);
    assert.equal(
      told?.args.text,
      `A-${entry.id} failed: I am not a member of that channel; invite me with /invite @Teammate [chat.postMessage: not_in_channel].`,
    );
  });

  it('gives up after repeated 5xx and tells a human', async () => {
    h.fake.fail('chat.postMessage', { status: 500 }, 3);
    const entry = await run('post_message', { channel: 'slack:C0GENERAL', text: 'down', thread });
    assert.equal(entry.status, 'failed');
    assert.equal(entry.error, 'Slack did not answer chat.postMessage (HTTP 500), even after retrying');
    assert.match(
      String(h.fake.callsOf('chat.postMessage').at(-1)?.args.text),
      /failed: Slack did not answer chat\.postMessage \(HTTP 500\)/,
    );
  });

  it('rides out a storm of 429s then 5xx bursts: each action done once, within a bounded number of calls', async () => {
    // Ten actions at once, while Slack answers the first eight posts 429 (Retry-After 1 s) and the next six 503.
    // Retries honour Retry-After and are bounded (3 attempts a call in this harness), so the calls stay within a
    // budget; an action that runs out of attempts fails once, with one message in its thread.
    const before = h.fake.callsOf('chat.postMessage').length;
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 8);
    h.fake.fail('chat.postMessage', { status: 503 }, 6);
    const texts = Array.from({ length: 10 }, (_, i) => `storm ${i}`);
    // Events keep arriving meanwhile: each is acknowledged and processed, whatever Slack's Web API is doing.
    const arriving = Array.from({ length: 5 }, (_, i) => {
      const text = `Is storm question ${i} answered?`;
      return messageEvent({
        channel: 'C0GENERAL',
        user: 'U0BOB',
        text,
        ts: h.fake.seedMessage('C0GENERAL', 'U0BOB', text).ts,
      });
    });
    const [entries, statuses] = await Promise.all([
      Promise.all(texts.map((text) => run('post_message', { channel: 'slack:C0GENERAL', text, thread }))),
      Promise.all(arriving.map(async (event) => (await h.client.event(event)).status)),
    ]);
    await h.settle();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
    const open = await h.runtime.teammate.deps.stores.questions.open('slack:C0GENERAL', new Date(0));
    for (let i = 0; i < 5; i += 1) {
      assert.ok(
        open.some((q) => q.text === `Is storm question ${i} answered?`),
        `question ${i} was processed`,
      );
    }
    const settled = await Promise.all(entries.map((e) => h.runtime.teammate.deps.stores.ledger.get(e.id)));
    const done = settled.filter((e) => e?.status === 'executed');
    const failed = settled.filter((e) => e?.status === 'failed');
    assert.equal(done.length + failed.length, 10, 'every action ended');
    for (const text of texts) {
      const posted = h.fake.callsOf('chat.postMessage').filter((c) => c.args.text === text);
      assert.ok(posted.length <= 3, `${text}: ${posted.length} attempts`);
    }
    for (const entry of done) {
      assert.equal(
        [...h.fake.messages.values()].filter((m) => m.text === (entry?.params as { text?: string } | undefined)?.text)
          .length,
        1,
        'posted once',
      );
    }
    for (const entry of failed) {
      const told = h.fake
        .callsOf('chat.postMessage')
        .filter((c) => String(c.args.text).startsWith(`A-${entry?.id} failed:`));
      assert.ok(told.length >= 1 && told.length <= 3, 'a human is told (its one message may itself be retried)');
      assert.equal(new Set(told.map((c) => c.args.text)).size, 1);
    }
    const calls = h.fake.callsOf('chat.postMessage').length - before;
    assert.ok(calls <= 10 * 3 + failed.length * 3, `${calls} calls for ten actions: no retry storm`);
    // After the storm, an action runs at once.
    const after = await run('post_message', { channel: 'slack:C0GENERAL', text: 'after the storm', thread });
    assert.equal(after.status, 'executed');
    assert.equal(attempts('after the storm'), 1);
  });

  it('names a missing scope', async () => {
    h.fake.fail('pins.add', { error: 'missing_scope', needed: 'pins:write' });
    const entry = await run('pin_message', { channel: 'slack:C0GENERAL', messageId: thread });
    assert.equal(
      entry.error,
      'the app lacks a permission it needs; reinstall it from manifests/slack.json (pins:write) [pins.add: missing_scope]',
    );
  });

  it('runs every kind through its Web API method, and undoes it through the inverse', async () => {
    const undo = async (id: number) => {
      const reply = await h.runtime.teammate.handleInteraction({
        platform: 'slack',
        user: 'slack:U0ALICE',
        action: 'undo',
        entryId: id,
      });
      assert.match(wordsOf(reply), /^Undid A-/, wordsOf(reply));
    };
    const react = await run('add_reaction', { channel: 'slack:C0GENERAL', messageId: thread, emoji: 'eyes' });
    assert.ok(h.fake.reactions.has(`C0GENERAL/${thread}/eyes`));
    await undo(react.id);
    assert.equal(h.fake.reactions.size, 0);
    const pin = await run('pin_message', { channel: 'slack:C0GENERAL', messageId: thread });
    assert.ok(h.fake.pins.has(`C0GENERAL/${thread}`));
    await undo(pin.id);
    assert.equal(h.fake.pins.size, 0);
    const topic = await run('set_topic', { channel: 'slack:C0GENERAL', topic: 'Release week' });
    assert.equal(h.fake.channels.get('C0GENERAL')?.topic, 'Release week');
    await undo(topic.id);
    assert.equal(h.fake.channels.get('C0GENERAL')?.topic, 'Everything');
    const dm = await run('send_dm', { user: 'slack:U0BOB', text: 'psst' });
    assert.equal(h.fake.callsOf('conversations.open').at(-1)?.args.users, 'U0BOB');
    assert.equal(dm.result?.ref?.conversation, 'slack:D0BOB');
    await undo(dm.id);
    assert.equal(h.fake.callsOf('chat.delete').at(-1)?.args.channel, 'D0BOB');
    const postAt = new Date(Date.now() + 3_600_000);
    const scheduled = await run('schedule_message', {
      channel: 'slack:C0GENERAL',
      text: 'standup',
      postAt: postAt.toISOString(),
    });
    assert.equal(
      h.fake.callsOf('chat.scheduleMessage').at(-1)?.args.post_at,
      String(Math.floor(postAt.getTime() / 1000)),
    );
    assert.equal(h.fake.scheduled.size, 1);
    await undo(scheduled.id);
    assert.equal(h.fake.scheduled.size, 0);
  });
});
