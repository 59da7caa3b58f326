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
import { waitFor } from '../helpers/process.js';
import { says, wordsOf } from '../helpers/text.js';

/** What a process leaves when it dies while running an entry: executing, with a lease that ends 2 minutes on. */
async function runningSince(stores: TTestDatabase['stores'], id: number): Promise<void> {
  await stores.ledger.transition(
    id,
    { status: ['approved'] },
    { status: 'executing', leaseUntil: new Date(START.getTime() + 120_000) },
    { actor: 'teammate' },
    START,
  );
}

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

    it('an action that cannot tell whether it took effect, interrupted, is marked failed with the reason once its lease runs out', async () => {
      db = await crashedWith(kind, async ({ stores }) => {
        // A topic change: whether it happened cannot be told from the channel (someone may have set the same).
        const { entry } = await stores.ledger.create(
          newEntry({
            status: 'approved',
            kind: 'set_topic',
            params: { channel: 'local:general', topic: 'Release week' },
          }),
          [{ actor: 'p' }],
          START,
        );
        await runningSince(stores, entry.id);
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

    it('a post interrupted between the platform call and the ledger write is found and recorded, never posted twice', async () => {
      db = await createTestDatabase(kind);
      const world = new LocalWorld();
      const question = world.post('general', 'bob', says('anyone?'), START);
      h = await createHarness(kind, { db, world });
      const { entry } = await h.deps.stores.ledger.create(
        newEntry({
          status: 'approved',
          params: { channel: 'local:general', thread: world.coreId(question.ts), text: 'nudge' },
          thread: world.coreId(question.ts),
        }),
        [{ actor: 'p' }],
        START,
      );
      // The first process posts, then stops dead before it writes the outcome (its post never returns; it is
      // never closed, as a killed process is not).
      const frozen = await createHarness(kind, {
        db,
        world,
        chatWrapper: (chat) => ({
          ...chat,
          post: async (target, message) => {
            await chat.post(target, message);
            return new Promise(() => undefined);
          },
        }),
      });
      void frozen.teammate.tick();
      await waitFor(
        () => [...world.messages.values()].some((m) => wordsOf(m.message) === 'nudge') || undefined,
        'the post',
      );
      assert.equal((await h.deps.stores.ledger.get(entry.id))?.status, 'executing');
      // Another process takes over once the lease has run out: it finds the message and records the action.
      h.clock.advance(121_000);
      await h.tick();
      const recovered = await h.deps.stores.ledger.get(entry.id);
      assert.equal(recovered?.status, 'executed');
      const nudges = [...world.messages.values()].filter((m) => wordsOf(m.message) === 'nudge');
      assert.equal(nudges.length, 1, 'posted once');
      assert.equal(
        recovered?.undoHandle && (recovered.undoHandle as { id: string }).id,
        world.coreId(nudges[0]?.ts ?? ''),
      );
      assert.match(
        (await h.deps.stores.ledger.events(entry.id)).map((e) => e.note ?? '').join('\n'),
        /it had taken effect before the interruption \(its message was found\)/,
      );
      await h.as('alice').handle('/teammate undo A-1');
      assert.equal(world.messages.has(nudges[0]?.ts ?? ''), false, 'and its undo removes that message');
    });

    it('a post interrupted before the platform call is run once by the process that takes over', async () => {
      db = await crashedWith(kind, async ({ stores }) => {
        const { entry } = await stores.ledger.create(newEntry({ status: 'approved' }), [{ actor: 'p' }], START);
        await runningSince(stores, entry.id);
      });
      const world = new LocalWorld();
      const question = world.post('general', 'bob', says('anyone?'), START);
      h = await createHarness(kind, { db, world });
      const second = await createHarness(kind, { db, world });
      h.clock.advance(121_000);
      second.clock.advance(121_000);
      // The stored entry names the thread m1 of an earlier run: the post goes to the channel.
      await Promise.all([h.tick(), second.tick()]);
      await second.close();
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'executed');
      assert.equal([...world.messages.values()].filter((m) => wordsOf(m.message) === 'hello').length, 1, 'once');
      assert.equal(question.ts, 'm1');
      assert.match(
        (await h.deps.stores.ledger.events(1)).map((e) => e.note ?? '').join('\n'),
        /it had not taken effect before the interruption \(no message of it was found\), so it ran now/,
      );
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
