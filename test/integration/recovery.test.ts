import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { rich } from '../../src/core/text/build.js';
import { LocalWorld } from '../../src/platforms/local/world.js';
import {
  createTestDatabase,
  databaseKinds,
  secondConnection,
  type TDatabaseKind,
  type TTestDatabase,
} from '../helpers/databases.js';
import { newEntry } from '../helpers/entries.js';
import { createHarness, START, type THarness } from '../helpers/harness.js';
import { says, wordsOf } from '../helpers/text.js';

async function crashedWith(kind: TDatabaseKind, setup: (db: TTestDatabase) => Promise<void>) {
  const db = await createTestDatabase(kind);
  await setup(db);
  return db;
}

for (const kind of databaseKinds) {
  describe(`after a crash, on ${kind}`, () => {
    let h: THarness | undefined;
    let db: TTestDatabase | undefined;
    afterEach(async () => {
      await h?.close();
      await db?.destroy();
    });

    it('an approved action nobody ran is run exactly once on restart', async () => {
      const world = new LocalWorld();
      const question = world.post('general', 'bob', says('anyone?'), START);
      db = await crashedWith(kind, async ({ stores }) => {
        // What the previous process left: approved (by alice) but never claimed.
        const { entry } = await stores.ledger.create(
          newEntry({
            params: { channel: 'local:general', thread: world.coreId(question.ts), text: 'nudge' },
            thread: world.coreId(question.ts),
          }),
          [{ actor: 'p' }],
          START,
        );
        await stores.ledger.transition(
          entry.id,
          { status: ['pending'] },
          { status: 'approved', decidedBy: 'alice', decidedAt: START },
          { actor: 'alice' },
          START,
        );
      });
      h = await createHarness(kind, { db, world });
      const second = await createHarness(kind, { db, world });
      await Promise.all([h.tick(), second.tick(), h.tick()]);
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'executed');
      assert.equal([...world.messages.values()].filter((m) => wordsOf(m.message) === 'nudge').length, 1);
      assert.equal((await h.deps.stores.ledger.events(1)).filter((e) => e.to === 'executing').length, 1);
    });

    it('an action interrupted while running is marked failed with the reason once its lease runs out', async () => {
      db = await crashedWith(kind, async ({ stores }) => {
        const { entry } = await stores.ledger.create(newEntry({ status: 'approved' }), [{ actor: 'p' }], START);
        await stores.ledger.transition(
          entry.id,
          { status: ['approved'] },
          { status: 'executing', leaseUntil: new Date(START.getTime() + 120_000) },
          { actor: 'teammate' },
          START,
        );
      });
      const world = new LocalWorld();
      world.post('general', 'bob', says('anyone?'), START);
      h = await createHarness(kind, { db, world });
      await h.tick();
      assert.equal(
        (await h.deps.stores.ledger.get(1))?.status,
        'executing',
        'a live lease is left alone: another replica may be running it',
      );
      h.clock.advance(121_000);
      await h.tick();
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'failed');
      assert.match(
        entry?.error ?? '',
        /^interrupted: the process stopped while this was running .*it may or may not have taken effect, please check$/,
      );
      assert.match(h.printed(), /A-1 failed: interrupted/);
    });

    it('an undo interrupted half-way is marked as a failed undo that can be retried', async () => {
      const world = new LocalWorld();
      const posted = world.post('general', 'teammate', says('nudge'), START);
      db = await crashedWith(kind, async ({ stores }) => {
        const { entry } = await stores.ledger.create(newEntry({ status: 'approved' }), [{ actor: 'p' }], START);
        await stores.ledger.transition(
          entry.id,
          { status: ['approved'] },
          { status: 'executing' },
          { actor: 't' },
          START,
        );
        await stores.ledger.transition(
          entry.id,
          { status: ['executing'] },
          {
            status: 'executed',
            undoHandle: { platform: 'local', conversation: 'local:general', id: world.coreId(posted.ts) },
            result: { summary: rich`posted` },
          },
          { actor: 't' },
          START,
        );
        await stores.ledger.transition(
          entry.id,
          { status: ['executed'], undoStatus: ['none'] },
          { undoStatus: 'undoing', leaseUntil: new Date(START.getTime() + 1000) },
          { actor: 'alice', to: 'undo:started' },
          START,
        );
      });
      h = await createHarness(kind, { db, world });
      h.clock.advance(2000);
      await h.tick();
      assert.equal((await h.deps.stores.ledger.get(1))?.undoStatus, 'failed');
      await h.as('alice').handle('/teammate undo A-1');
      assert.equal((await h.deps.stores.ledger.get(1))?.status, 'undone');
      assert.equal(world.messages.has(posted.ts), false);
    });

    it('two processes approving at once execute the action once', async () => {
      const world = new LocalWorld();
      const question = world.post('general', 'bob', says('anyone?'), START);
      db = await crashedWith(kind, async ({ stores }) => {
        await stores.ledger.create(
          newEntry({
            params: { channel: 'local:general', thread: world.coreId(question.ts), text: 'nudge' },
            thread: world.coreId(question.ts),
          }),
          [{ actor: 'p' }],
          START,
        );
      });
      h = await createHarness(kind, { db, world, settings: { admins: ['local:alice', 'local:carol'] } });
      const other = await createHarness(kind, {
        world,
        settings: { admins: ['local:alice', 'local:carol'] },
        db: kind === 'postgres' ? await secondConnection(db) : db,
      });
      const approve = (teammate: THarness['teammate'], user: string) =>
        teammate.handleInteraction({ platform: 'local', user: `local:${user}`, action: 'approve', entryId: 1 });
      const replies = await Promise.all([
        approve(h.teammate, 'alice'),
        approve(other.teammate, 'carol'),
        approve(h.teammate, 'alice'),
      ]);
      if (other.db !== db) await other.db.close();
      assert.equal(
        [...world.messages.values()].filter((m) => wordsOf(m.message) === 'nudge').length,
        1,
        replies.map(wordsOf).join(' | '),
      );
      assert.equal((await h.deps.stores.ledger.events(1)).filter((e) => e.to === 'executed').length, 1);
    });
  });
}
