import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { toolsFromCatalogue } from '../../src/core/brain/tools.js';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, type THarness } from '../helpers/harness.js';
import { MEMO, MemoryPlatform, type TMemoMessage } from '../kit/memory-platform.js';

// The proof that the core is one core for every platform: a chat written in test/kit/memory-platform.ts from the
// adapter contract alone, registered in the harness's list of adapters and nowhere else, runs the approval loop.
for (const kind of databaseKinds) {
  describe(`a third platform built from the adapter contract alone, on ${kind}`, () => {
    let h: THarness;
    let memo: MemoryPlatform;
    beforeEach(async () => {
      h = await createHarness(kind, {
        settings: { admins: ['local:alice', 'memo:lead'] },
        adapters: (clock) => {
          memo = new MemoryPlatform(clock);
          return [memo.adapter];
        },
      });
    });
    afterEach(async () => {
      await h.close();
    });

    const fromBot = (conversation: string) => memo.visible(conversation).filter((m) => m.user === 'teammate-bot');
    const card = (conversation: string): TMemoMessage => {
      const found = fromBot(conversation).find((m) => m.buttons.length > 0);
      assert.ok(found, `a card was posted in ${conversation}`);
      return found;
    };

    it('question → proposal → card → approval → execution → why → undo', async () => {
      const question = await memo.say('dana', 'ops', 'Does anyone know where the deploy runbook lives?');
      await h.advance(60 * 60_000);
      const [entry] = await h.deps.stores.ledger.recent({ limit: 5 });
      assert.deepEqual(
        [entry?.platform, entry?.channel, entry?.status, entry?.kind],
        [MEMO, 'memo:ops', 'pending', 'post_message'],
      );
      assert.equal(entry?.trigger.user, 'memo:dana');
      assert.deepEqual(entry?.evidence[0]?.message, {
        platform: MEMO,
        conversation: 'memo:ops',
        id: question.id,
      });

      const pending = card('ops');
      assert.equal(pending.thread, question.id, 'the card goes in the thread of the question');
      assert.match(pending.text, /^A-1 · Approval needed: post in a thread in #ops/);
      assert.deepEqual(
        pending.buttons.map((b) => b.label),
        ['Approve', 'Reject', 'Why?'],
      );
      assert.equal(h.world.messages.size, 0, 'nothing went to the local chat');

      assert.match(
        await memo.click('erin', pending.id, 'Approve'),
        /You are not an approver for A-1\. Its approvers are: admins\./,
      );
      assert.equal((await h.deps.stores.ledger.get(1))?.status, 'pending');

      assert.match(
        await memo.click('lead', pending.id, 'Approve'),
        /Approved A-1: approved by @lead · done: posted in #ops/,
      );
      const nudge = fromBot('ops').find((m) => m.text.startsWith("@dana's question has been waiting 1h"));
      assert.ok(nudge, 'the nudge was posted');
      assert.equal(nudge.thread, question.id);
      assert.deepEqual(nudge.notifies, ['dana'], 'the nudge addresses the asker, as the bot means to');
      const decided = card('ops');
      assert.match(decided.text, /Outcome: approved by @lead · done: posted in #ops/);
      assert.deepEqual(
        decided.buttons.map((b) => b.label),
        ['Undo', 'Why?'],
      );

      await memo.say('erin', 'ops', 'why did you do that?', question.id);
      const why = fromBot('ops').at(-1);
      assert.equal(why?.thread, question.id);
      for (const part of [
        /A-1 · post in a thread in #ops/,
        /Trigger: @dana asked a question in #ops and nobody replied for 1h/,
        /Evidence: the question “Does anyone know where the deploy runbook lives\?”/,
        /Approved by: @lead/,
        /Result: posted in #ops/,
      ]) {
        assert.match(why?.text ?? '', part);
      }

      assert.match(await memo.click('lead', decided.id, 'Undo'), /Undid A-1\./);
      assert.equal(memo.messages.get(nudge.id)?.deleted, true, 'undo deleted the nudge');
      const undone = await h.deps.stores.ledger.get(1);
      assert.deepEqual([undone?.status, undone?.undoStatus], ['undone', 'undone']);
      assert.match(card('ops').text, /undone by @lead/);
    });

    it('refuses a proposal it cannot carry out when it is made, and says so everywhere', async () => {
      const message = await memo.say('dana', 'ops', 'Release notes are in the wiki');
      const { entry } = await h.teammate.propose({
        kind: 'pin_message',
        params: { channel: 'memo:ops', messageId: message.id },
        rationale: [{ type: 'text', text: 'release notes are worth keeping at hand' }],
        evidence: [],
        origin: { type: 'person', user: 'memo:dana' },
        trigger: {
          signalId: `${MEMO}:${message.id}`,
          type: 'message',
          summary: [{ type: 'text', text: 'asked' }],
          at: h.clock.now(),
        },
        platform: MEMO,
        channel: 'memo:ops',
        requestedBy: 'memo:dana',
        dedupeKey: 'pin-release-notes',
      });
      assert.equal(entry.status, 'invalid');
      assert.equal(entry.error, 'pin_message needs pinned messages, which memo does not have');
      assert.equal(fromBot('ops').length, 0, 'nobody is asked to approve what cannot be done');

      assert.match(
        await memo.command('lead', 'ops', `why A-${entry.id}`),
        /pin_message needs pinned messages, which memo does not have/,
      );
      assert.match(
        await memo.command('lead', 'ops', 'policy list'),
        /Not available on memo, so refused when proposed here: add_reaction, pin_message, set_topic\b(?!, schedule_message)/,
      );
      // The model is offered only what this platform can do (scheduled messages: Teammate's own scheduler); the
      // local chat, in the same process, keeps the rest.
      const offered = (chat: MemoryPlatform['chat']) => toolsFromCatalogue(h.deps.catalogue, chat).map((t) => t.name);
      const memoChat = h.deps.chats.get(MEMO);
      assert.ok(memoChat);
      assert.deepEqual(
        offered(memoChat).filter((name) =>
          ['pin_message', 'set_topic', 'schedule_message', 'add_reaction'].includes(name),
        ),
        ['schedule_message'],
      );
      assert.ok(offered(memoChat).includes('post_message'));
      const local = h.deps.chats.get('local');
      assert.ok(local);
      assert.ok(toolsFromCatalogue(h.deps.catalogue, local).some((t) => t.name === 'pin_message'));
    });

    it('schedules messages with Teammate’s own scheduler: posted once when due, cancelled by undo until then', async () => {
      await memo.command('lead', 'ops', 'policy set schedule_message auto');
      const propose = (text: string, inMs: number, key: string) =>
        h.teammate.propose({
          kind: 'schedule_message',
          params: { channel: 'memo:ops', text, postAt: new Date(h.clock.now().getTime() + inMs).toISOString() },
          rationale: [{ type: 'text', text: 'a reminder before the release' }],
          evidence: [],
          origin: { type: 'person', user: 'memo:lead' },
          trigger: {
            signalId: `${MEMO}:${key}`,
            type: 'message',
            summary: [{ type: 'text', text: 'asked' }],
            at: h.clock.now(),
          },
          platform: MEMO,
          channel: 'memo:ops',
          requestedBy: 'memo:lead',
          dedupeKey: key,
        });
      const reminder = await propose('Release freeze starts in one hour', 2 * 60 * 60_000, 'freeze');
      const cancelled = await propose('Retro notes are due', 3 * 60 * 60_000, 'retro');
      assert.deepEqual([reminder.entry.status, cancelled.entry.status], ['executed', 'executed']);
      const said = (text: string) => fromBot('ops').filter((m) => m.text.includes(text));
      assert.equal(said('Release freeze').length, 0, 'nothing is posted before its time');

      assert.match(await memo.command('lead', 'ops', `undo A-${cancelled.entry.id}`), /^Undid A-2\./);
      await h.advance(60 * 60_000);
      assert.equal(said('Release freeze').length, 0);
      await h.advance(2 * 60 * 60_000);
      assert.equal(said('Release freeze').length, 1, 'posted once when due');
      assert.equal(said('Retro notes').length, 0, 'the cancelled one never is');
      await h.advance(60 * 60_000);
      assert.equal(said('Release freeze').length, 1, 'and only once');
      assert.match(
        await memo.command('lead', 'ops', `undo A-${reminder.entry.id}`),
        /already sent/,
        'a message already sent cannot be unsent by cancelling it',
      );
    });
  });
}
