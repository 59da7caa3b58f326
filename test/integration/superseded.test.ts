import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, START, type THarness } from '../helpers/harness.js';
import { dealEvent, entriesOf, taskEvent } from '../helpers/signals.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// A pending proposal whose reason went away is withdrawn (issue 12): its card says why, the ledger records it,
// and nobody can approve it any more. Before, a reply that arrived after the nudge was proposed (a late or retried
// delivery, a person who answered while the card waited) left the card to be approved for nothing.
for (const kind of databaseKinds) {
  describe(`superseded proposals are withdrawn, on ${kind}`, () => {
    let h: THarness;
    afterEach(async () => {
      await h.close();
    });

    it('an answered question: its pending nudge is withdrawn, the card says who answered, and it cannot be approved', async () => {
      h = await createHarness(kind);
      await play(h.as('bob'), h, 'Where is the deploy runbook?', '/wait 1h');
      const [nudge] = await entriesOf(h, 'post_message');
      assert.equal(nudge?.status, 'pending');
      // The asker's own follow-up does not answer it.
      await play(h.as('bob'), h, '/reply m1 anyone?');
      assert.equal((await h.deps.stores.ledger.get(1))?.status, 'pending');
      const answered = await play(h.as('carol'), h, '/reply m1 It is in the wiki under Ops.');
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'withdrawn');
      assert.equal(entry?.decidedBy, 'teammate');
      assert.equal(entry?.reason, 'the question was answered in its thread');
      assert.match(answered, /Teammate updated \(m2\):\n {2}┌ A-1 · post in a thread in #general/);
      assert.match(answered, /Outcome: withdrawn: the question was answered in its thread; nothing was done/);
      assert.doesNotMatch(answered, /\[\d+\] Approve/, 'no buttons to approve it');
      assert.match(
        await play(h.as('alice'), h, '/teammate approve A-1'),
        /A-1 is no longer waiting for a decision: withdrawn: the question was answered/,
      );
      assert.match(
        await play(h.as('alice'), h, '/teammate why A-1'),
        /History: .*→ pending \(policy.*→ withdrawn \(teammate, 10:00 UTC\)/,
      );
      assert.equal(h.world.messages.size, 4, 'question, card, two replies: nothing was posted for the nudge');
    });

    it('a deleted question: its pending nudge is withdrawn', async () => {
      h = await createHarness(kind);
      await play(h.as('bob'), h, 'Is the VPN down?', '/wait 1h');
      await h.teammate.receiveAndWait({
        id: 'local:deleted',
        type: 'message_deleted',
        platform: 'local',
        channel: 'local:general',
        messageId: h.world.coreId('m1'),
        at: h.clock.now(),
      });
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'withdrawn');
      assert.equal(entry?.reason, 'the question was deleted');
    });

    it('a quiet thread that woke up: its pending nudge is withdrawn', async () => {
      h = await createHarness(kind);
      await play(h.as('bob'), h, 'Proposal: we move the release to Thursday.');
      await play(h.as('carol'), h, '/reply m1 Thursday works for QA.');
      await play(h.as('dave'), h, '/reply m1 Docs need until Friday.');
      await play(h.as('bob'), h, '/reply m1 Let me check with marketing.');
      await h.advance(2 * DAY + HOUR, HOUR);
      const [nudge] = await entriesOf(h, 'post_message');
      assert.equal(nudge?.origin.type === 'detector' && nudge.origin.name, 'quiet-thread');
      assert.equal(nudge?.status, 'pending');
      await play(h.as('erin'), h, '/reply m1 Marketing agreed to Friday.');
      const entry = await h.deps.stores.ledger.get(nudge.id);
      assert.equal(entry?.status, 'withdrawn');
      assert.equal(entry?.reason, 'the thread has new replies');
    });

    it('a task closed, or moved to a new due date: the pending nudges about the missed one are withdrawn', async () => {
      h = await createHarness(kind);
      await taskEvent(h, 'assigned', {
        id: 'T-1',
        title: 'Migrate billing cron',
        assignee: 'bob',
        due: new Date(START.getTime() + DAY),
      });
      await taskEvent(h, 'assigned', {
        id: 'T-2',
        title: 'Rotate keys',
        assignee: 'carol',
        due: new Date(START.getTime() + DAY),
      });
      await h.advance(DAY + HOUR, HOUR);
      const nudges = await entriesOf(h, 'post_message');
      assert.equal(nudges.length, 2);
      assert.ok(nudges.every((e) => e.status === 'pending'));
      await taskEvent(h, 'done', { id: 'T-1', title: 'Migrate billing cron' });
      await taskEvent(h, 'due', { id: 'T-2', title: 'Rotate keys', due: new Date(h.clock.now().getTime() + DAY) });
      const [first, second] = await Promise.all(nudges.map((e) => h.deps.stores.ledger.get(e.id)));
      assert.equal(first?.status, 'withdrawn');
      assert.equal(first?.reason, 'the task was closed');
      assert.equal(second?.status, 'withdrawn');
      assert.match(second?.reason ?? '', /^the task has a new due date: 2026-11-25 10:00 UTC$/);
    });

    it('a quiet deal with new activity: its pending nudge is withdrawn', async () => {
      h = await createHarness(kind);
      const deal = { id: 'D-1', name: 'Acme renewal', stage: 'proposal', owner: 'erin' };
      await dealEvent(h, { ...deal, lastActivityAt: new Date(START.getTime() - 8 * DAY) });
      await h.advance(HOUR, HOUR);
      const [nudge] = await entriesOf(h, 'post_message');
      assert.equal(nudge?.status, 'pending');
      await dealEvent(h, { ...deal, lastActivityAt: h.clock.now() });
      const entry = await h.deps.stores.ledger.get(nudge.id);
      assert.equal(entry?.status, 'withdrawn');
      assert.equal(entry?.reason, 'the deal has new activity');
    });
  });
}
