import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, databaseKinds, type TTestDatabase } from '../helpers/databases.js';
import { START } from '../helpers/harness.js';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(START.getTime() + hours * HOUR);

// The sweeps ask for a few candidates at a time. Items already handled for their current value must not fill that
// window: once more of them than the window holds are old and handled, a new quiet item must still be found.
for (const kind of databaseKinds) {
  describe(`quiet items behind many handled ones, on ${kind}`, () => {
    let db: TTestDatabase;
    before(async () => {
      db = await createTestDatabase(kind);
    });
    after(async () => {
      await db?.destroy();
    });

    it('finds a quiet thread behind nine nudged ones', async () => {
      const { threads } = db.stores;
      for (let i = 0; i < 10; i++) {
        const thread = `t${i}`;
        await threads.touch({
          channel: 'local:general',
          thread,
          user: 'local:bob',
          text: 'q',
          at: at(i),
          reply: false,
        });
        for (const user of ['carol', 'dave']) {
          await threads.touch({
            channel: 'local:general',
            thread,
            user: `local:${user}`,
            text: 'a',
            at: at(i),
            reply: true,
          });
        }
      }
      const all = await threads.quiet(at(100), 2, 20);
      assert.equal(all.length, 10);
      for (const thread of all.slice(0, 9)) assert.equal(await threads.markNudged(thread.id, thread.lastAt), true);
      const found = await threads.quiet(at(100), 2, 2);
      assert.deepEqual(
        found.map((t) => t.root),
        ['t9'],
      );
    });

    it('finds a quiet deal behind nine nudged ones', async () => {
      const { deals } = db.stores;
      for (let i = 0; i < 10; i++) {
        await deals.apply(
          {
            source: 'deals',
            externalId: `d${i}`,
            channel: 'local:sales',
            name: `Deal ${i}`,
            stage: 'proposal',
            owner: 'local:erin',
            closed: false,
            lastActivityAt: at(i),
          },
          at(i),
        );
      }
      const all = await deals.quiet(at(100), 20);
      assert.equal(all.length, 10);
      for (const deal of all.slice(0, 9)) assert.equal(await deals.markNudged(deal.id, deal.lastActivityAt), true);
      assert.deepEqual(
        (await deals.quiet(at(100), 2)).map((d) => d.externalId),
        ['d9'],
      );
    });

    it('finds an overdue task behind nine counted ones', async () => {
      const { tasks } = db.stores;
      for (let i = 0; i < 10; i++) {
        await tasks.apply(
          {
            source: 'tasks',
            externalId: `T-${i}`,
            channel: 'local:general',
            title: `Task ${i}`,
            assignee: 'local:bob',
            dueAt: at(i),
          },
          at(0),
        );
      }
      const all = await tasks.newlyOverdue(at(100), 20);
      assert.equal(all.length, 10);
      for (const task of all.slice(0, 9)) assert.equal(await tasks.countMiss(task.id, task.dueAt ?? START), 1);
      assert.deepEqual(
        (await tasks.newlyOverdue(at(100), 2)).map((t) => t.externalId),
        ['T-9'],
      );
    });
  });
}
