import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, type THarness } from '../helpers/harness.js';
import { says, typed, wordsOf } from '../helpers/text.js';

for (const kind of databaseKinds) {
  describe(`the approval loop through the local chat, on ${kind}`, () => {
    let h: THarness;
    beforeEach(async () => {
      h = await createHarness(kind);
    });
    afterEach(async () => {
      await h.close();
    });

    it('question → time passes → proposal → refusal → approval → execution → why → undo', async () => {
      const bob = h.as('bob');
      const carol = h.as('carol');
      const alice = h.as('alice');
      await play(bob, h, 'Does anyone know where the deploy runbook lives?');
      assert.match(await play(bob, h, '/wait 59m'), /^\(59m pass; it is now 2026-11-23T09:59:00\.\d{3}Z\)$/);
      assert.equal((await h.deps.stores.ledger.recent({ limit: 5 })).length, 0, 'nothing is proposed before the delay');

      const proposed = await play(bob, h, '/wait 1m');
      assert.match(proposed, /#general › m1 · Teammate \(m2\):/);
      assert.match(proposed, /A-1 · Approval needed: post in a thread in #general/);
      assert.match(proposed, /\[1\] Approve {2}\[2\] Reject {2}\[3\] Why\?/);
      const [pending] = await h.deps.stores.ledger.recent({ limit: 1 });
      assert.equal(pending?.status, 'pending');
      assert.equal(pending?.origin.type, 'detector');
      assert.equal(pending?.trigger.user, 'local:bob');
      assert.equal(pending?.evidence[0]?.message?.id, h.world.coreId('m1'));

      const refused = await play(carol, h, '/click 1');
      assert.match(
        refused,
        /only carol sees · Teammate:\n {2}You are not an approver for A-1\. Its approvers are: admins\./,
      );
      assert.equal((await h.deps.stores.ledger.get(1))?.status, 'pending');
      assert.equal(h.world.messages.size, 2, 'nothing was posted for a non-approver');

      const approved = await play(alice, h, '/click 1');
      const nudge = [...h.world.messages.values()].find((m) =>
        wordsOf(m.message).startsWith("@bob's question has been waiting 1h"),
      );
      assert.ok(nudge, 'the nudge was posted');
      assert.equal(nudge.threadTs, 'm1');
      assert.match(approved, /Teammate updated \(m2\):\n {2}┌ A-1 · post in a thread/);
      assert.match(approved, /Outcome: approved by @alice · done: posted in #general/);
      assert.match(approved, /\[4\] Undo {2}\[5\] Why\?/);
      assert.match(approved, /#general › m1 · Teammate \(m4\): A-1 approved by @alice · done: posted in #general\./);
      assert.match(approved, /only alice sees · Teammate:\n {2}Approved A-1: approved by @alice · done/);

      const twice = await play(alice, h, '/click 1');
      assert.match(twice, /A-1 is no longer waiting for a decision: approved by @alice/);
      assert.equal(h.metrics.counts.get('execution:post_message:executed'), 1, 'a double click executes once');

      const why = await play(carol, h, '/reply m1 why did you do that?');
      assert.match(why, /#general › m1 · Teammate \(m6\):/);
      for (const part of [
        /A-1 · post in a thread in #general/,
        /Trigger: @bob asked a question in #general and nobody replied for 1h \(2026-11-23 09:00 UTC\)/,
        /Evidence: the question \(local:\/\/general\/m1\) “Does anyone know where the deploy runbook lives\?”/,
        /Proposed by: the `unanswered-question` detector, because: a question in #general had no reply for 1h/,
        /Policy: the built-in default \(every kind: approve, by admins\) → approve/,
        /Approved by: @alice \(2026-11-23 10:00 UTC\)/,
        /Result: posted in #general/,
        /Undo: still possible with `\/teammate undo A-1`/,
        /History: proposed \(detector:unanswered-question.*→ pending \(policy.*→ approved \(@alice.*→ executing \(teammate.*→ executed \(teammate/,
      ]) {
        assert.match(why, part);
      }

      const undone = await play(alice, h, '/teammate undo A-1');
      assert.match(undone, new RegExp(`Teammate deleted ${nudge.ts}`));
      assert.match(undone, /A-1 undone by @alice\./);
      assert.match(undone, /Undid A-1\./);
      assert.equal(h.world.messages.has(nudge.ts), false);
      assert.match(
        await play(alice, h, '/teammate undo A-1'),
        /A-1 is already undone \(by @alice at 2026-11-23 10:00 UTC\)\./,
      );

      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'undone');
      assert.equal(entry?.undoneBy, 'local:alice');
      assert.equal(entry?.decidedBy, 'local:alice');
      const history = await h.deps.stores.ledger.events(1);
      assert.deepEqual(
        history.map((e) => `${e.to}/${e.actor}`),
        [
          'proposed/detector:unanswered-question',
          'pending/policy',
          'approved/local:alice',
          'executing/teammate',
          'executed/teammate',
          'undo:started/local:alice',
          'undone/local:alice',
        ],
      );
      assert.match(await play(carol, h, '/teammate why A-1'), /Undone: by @alice at 2026-11-23 10:00 UTC/);
      assert.equal(h.metrics.counts.get('undo:post_message:undone'), 1);
      assert.equal(h.metrics.counts.get('latency:post_message'), 1);
    });

    it('does not nudge a question someone else answered, but the asker alone does not count', async () => {
      const bob = h.as('bob');
      await play(bob, h, 'Is the build green?', 'Anyone?');
      await play(bob, h, '/reply m1 still wondering');
      await play(h.as('carol'), h, '/reply m2 yes, since noon');
      await play(bob, h, '/wait 2h');
      const entries = await h.deps.stores.ledger.recent({ limit: 5 });
      assert.deepEqual(
        entries.map((e) => e.evidence[0]?.message?.id),
        [h.world.coreId('m1')],
      );
      await play(bob, h, '/wait 2h');
      assert.equal((await h.deps.stores.ledger.recent({ limit: 5 })).length, 1, 'each question is proposed once');
    });

    it('rejects with a reason, which the ledger and "why" keep', async () => {
      await play(h.as('bob'), h, 'Who owns billing?', '/wait 1h');
      const rejected = await play(h.as('alice'), h, '/click 2 we answer billing questions in #finance');
      assert.match(rejected, /A-1 rejected by @alice: “we answer billing questions in #finance”\./);
      assert.match(rejected, /Rejected A-1\. Nothing will be done; your reason is in the ledger\./);
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'rejected');
      assert.equal(entry?.reason, 'we answer billing questions in #finance');
      assert.equal(entry?.error, undefined);
      assert.equal(h.world.messages.size, 3, 'question, card and outcome only: the nudge was never posted');
      assert.match(
        await play(h.as('bob'), h, '/teammate why A-1'),
        /Rejected by: @alice \(2026-11-23 10:00 UTC: “we answer billing questions in #finance”\)/,
      );
      assert.match(
        await play(h.as('alice'), h, '/teammate approve A-1'),
        /no longer waiting for a decision: rejected by @alice/,
      );
      assert.match(
        await play(h.as('alice'), h, '/teammate undo A-1'),
        /was not carried out \(it is rejected\), so there is nothing to undo/,
      );
    });

    it('a question that cannot be nudged is logged and skipped; the others still are', async () => {
      // A question remembered from a channel whose key no action accepts (longer than any platform's ids).
      await h.deps.stores.questions.track({
        channel: `local:${'c'.repeat(400)}`,
        messageId: 'm0',
        user: 'local:bob',
        text: 'Is this channel name too long?',
        askedAt: h.clock.now(),
      });
      await play(h.as('bob'), h, 'Is the wiki down?', '/wait 1h');
      const entries = await h.deps.stores.ledger.recent({ limit: 5 });
      assert.deepEqual(
        entries.map((e) => e.channel),
        ['local:general'],
        'only the valid nudge is proposed',
      );
      assert.deepEqual(
        await h.deps.stores.questions.due(h.clock.now(), ['local'], 10),
        [],
        'the invalid one does not block the queue',
      );
    });

    it('ignores a second delivery of the same event', async () => {
      h.world.post('general', 'bob', says('dup?'), h.clock.now());
      const signal = {
        id: 'local:dup',
        type: 'message' as const,
        platform: 'local' as const,
        channel: 'local:general',
        user: 'local:bob',
        text: typed('dup?'),
        messageId: 'x1',
        at: h.clock.now(),
        fromBot: false,
      };
      assert.equal(await h.teammate.receiveAndWait(signal), 'queued');
      assert.equal(await h.teammate.receiveAndWait(signal), 'duplicate');
      assert.equal((await h.deps.stores.questions.due(h.clock.now(), ['local'], 10)).length, 1, 'tracked once');
    });
  });
}
