import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestDatabase, databaseKinds } from '../helpers/databases.js';
import { createHarness, play } from '../helpers/harness.js';
import { plain, wordsOf } from '../helpers/text.js';

const DAY = 24 * 3_600_000;

// The local chat's workspace lives in memory and is new on every run, while the database keeps the ledger, the
// cards, the threads and the questions of earlier runs. A second run (as after a restart, on the same database and
// from the same start time, as a script with --start-at has) must not mistake its messages for the old ones.
for (const kind of databaseKinds) {
  describe(`the local chat after a restart, on ${kind}`, () => {
    it('a new run has its own messages: its questions get nudges, its mentions answers, and old cards never overwrite new messages', async () => {
      const db = await createTestDatabase(kind);
      try {
        const first = await createHarness(kind, { db });
        await play(first.as('bob'), first, 'Does anyone know where the deploy runbook lives?', '/wait 1h');
        assert.match(first.printed(), /A-1 · Approval needed: post in a thread in #general/);
        await play(first.as('carol'), first, '@teammate status');
        assert.match(first.printed(), /#general › m3 · Teammate \(m4\): /);
        await first.close();

        const second = await createHarness(kind, { db });
        try {
          const bob = second.as('bob');
          await play(bob, second, '/wait 30m');
          const asked = await play(bob, second, 'Is the staging cluster down for everyone?');
          assert.match(asked, /#general · bob \(m1\): Is the staging cluster down/);
          const nudged = await play(bob, second, '/wait 1h');
          assert.match(nudged, /#general › m1 · Teammate \(m2\):\n {2}┌ A-2 · Approval needed: post in a thread/);
          assert.match(nudged, /Evidence: the question \(local:\/\/general\/m1\) “Is the staging cluster down/);

          const mentioned = await play(second.as('carol'), second, '@teammate status');
          assert.match(mentioned, /#general › m3 · Teammate \(m4\): /, 'the mention is answered in its thread');

          // A-1's card lives in the first run's workspace, which is gone: when A-1 expires, nothing in this run
          // is overwritten, and A-1's expiry is still recorded.
          await second.advance(DAY - 15 * 60_000);
          assert.equal((await second.deps.stores.ledger.get(1))?.status, 'expired');
          assert.equal((await second.deps.stores.ledger.get(2))?.status, 'pending');
          assert.match(plain(second.world.messages.get('m2')?.message.card?.title), /^A-2 · Approval needed/);
          assert.doesNotMatch(second.printed(), /┌ A-1/);

          const clicked = await play(second.as('alice'), second, '/click 1');
          assert.match(clicked, /Approved A-2: approved by @alice · done: posted in #general\./);
          const nudge = [...second.world.messages.values()].find((m) =>
            wordsOf(m.message).startsWith("@bob's question"),
          );
          assert.equal(nudge?.threadTs, 'm1', 'the nudge went to this run’s question');
        } finally {
          await second.close();
        }
      } finally {
        await db.destroy();
      }
    });
  });
}
