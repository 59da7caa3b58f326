import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Detector } from '../../src/core/detectors/detector.js';
import type { TMessageSignal, TSignal } from '../../src/core/signal.js';
import { createTeammate } from '../../src/core/teammate.js';
import { plainDoc } from '../../src/core/text/plain.js';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, START, type THarness } from '../helpers/harness.js';
import { plain, typed } from '../helpers/text.js';

const message = (id: string, text = 'hello'): TMessageSignal => ({
  id,
  type: 'message',
  platform: 'local',
  channel: 'local:general',
  user: 'local:bob',
  text: typed(text),
  messageId: id,
  at: START,
  fromBot: false,
});

/** Writes an inbox row as another version might have left it, bypassing the store. */
async function rawInboxRow(url: string, key: string, signal: string): Promise<void> {
  await onDatabase(url, (sql) =>
    sql(
      `INSERT INTO "InboxEvent" ("key", "platform", "signal", "status", "receivedAt", "attempts") VALUES ($1, 'local', $2, 'queued', $3, 0)`,
      [key, signal, START],
    ),
  );
}

async function inboxRows(url: string): Promise<{ key: string; status: string; error: string | null }[]> {
  return onDatabase(url, (sql) => sql('SELECT "key", "status", "error" FROM "InboxEvent" ORDER BY "key"', []));
}

/** One SQL statement on either database, with $1… placeholders. */
async function onDatabase<T>(
  url: string,
  run: (sql: (text: string, values: unknown[]) => Promise<T>) => Promise<T>,
): Promise<T> {
  if (url.startsWith('file:')) {
    const sqlite = new Database(url.slice('file:'.length));
    try {
      return await run(async (text, values) => {
        const statement = sqlite.prepare(text.replace(/\$\d+/g, '?'));
        const args = values.map((v) => (v instanceof Date ? v.getTime() : v));
        return (statement.reader ? statement.all(...args) : statement.run(...args)) as T;
      });
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(async (text, values) => (await client.query(text, values)).rows as T);
  } finally {
    await client.end();
  }
}

for (const kind of databaseKinds) {
  describe(`the inbox on ${kind}`, () => {
    let h: THarness;
    afterEach(async () => {
      await h.close();
    });

    it('a poisoned event (NUL, a lone surrogate) never takes its neighbours down, delivered together', async () => {
      h = await createHarness(kind);
      // Questions in their own threads, arriving at the same moment: their writes share batches.
      const question = (id: string, text: string): TSignal => ({ ...message(id, text), id: `local:${id}` });
      const good = Array.from({ length: 8 }, (_, i) => question(`q${i}`, `Is build ${i} green?`));
      const poisoned = [
        question('nul', 'Is the \u0000 build green?'),
        question('surrogate', 'Is the \ud800 build green?'),
        { ...question('key', 'Is the key fine?'), id: 'local:bad\u0000key' },
      ];
      const all = [...good.slice(0, 4), ...poisoned, ...good.slice(4)];
      const answers = await Promise.all(all.map((signal) => h.teammate.receive(signal)));
      assert.deepEqual(
        answers,
        all.map(() => 'queued'),
        'every delivery was taken',
      );
      await h.teammate.drain();
      await h.advance(2 * 60 * 60_000);
      const nudged = new Set((await h.deps.stores.ledger.recent({ limit: 50 })).map((e) => e.thread));
      for (const signal of good) assert.ok(nudged.has(signal.type === 'message' ? signal.messageId : ''), signal.id);
      // The poisoned ones were made storable at the edge: their questions are tracked and nudged too.
      assert.ok(nudged.has('nul') && nudged.has('surrogate') && nudged.has('key'), [...nudged].join(','));
    });

    it('a stored event that no longer reads as a signal is failed alone; the rest of its claim is processed', async () => {
      h = await createHarness(kind);
      await rawInboxRow(h.db.url, 'local:unreadable', '{"type":"from-another-version"}');
      await h.teammate.receive(message('after'));
      await h.teammate.drain();
      assert.ok(await h.deps.stores.inbox.enqueue(message('later'), START), 'the inbox still takes deliveries');
      const rows = await inboxRows(h.db.url);
      assert.deepEqual(
        rows.map((r) => [r.key, r.status]),
        [
          ['after', 'done'],
          ['later', 'queued'],
          ['local:unreadable', 'failed'],
        ],
      );
      assert.match(rows.find((r) => r.key === 'local:unreadable')?.error ?? '', /InboxEvent local:unreadable\.signal/);
    });

    it('a delivery given up on is a dead letter: in status and /metrics, listed with its error, retried by an admin', async () => {
      h = await createHarness(kind, { settings: { admins: ['local:alice'] } });
      let broken = true;
      const fragile: Detector = {
        name: 'fragile',
        async onSignal(signal) {
          if (signal.type === 'message' && plain(signal.text) === 'fragile' && broken)
            throw new Error('the tracker is down');
        },
      };
      const teammate = createTeammate(h.deps, [fragile]);
      const command = async (user: string, text: string) =>
        plainDoc(
          (await teammate.handleCommand({ platform: 'local', channel: 'local:general', user: `local:${user}`, text }))
            .body,
        );
      assert.match(await command('bob', 'inbox'), /No delivery is waiting for a retry/);
      await teammate.receive(message('poison', 'fragile'));
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await teammate.drain();
        h.clock.advance(60_000);
      }
      assert.match(await command('bob', 'status'), /Deliveries I gave up on: 1 — \/teammate inbox shows why/);
      const listed = await command('bob', 'inbox');
      assert.match(listed, /Deliveries I gave up on: 1/);
      assert.match(
        listed,
        /poison from local, 2026-11-23 09:0\d UTC, after 3 attempts: “detectors failed: fragile \(the tracker is down\)”/,
      );
      assert.match(await command('bob', 'inbox retry poison'), /Only admins can change that/);
      assert.match(
        await command('alice', 'inbox retry nothing-like-it'),
        /nothing-like-it is not among the deliveries/,
      );
      broken = false;
      assert.match(await command('alice', 'inbox retry all'), /Queued 1 delivery again; I am processing them now\./);
      await teammate.drain();
      assert.match(await command('bob', 'inbox'), /No delivery is waiting for a retry/);
      assert.equal((await h.deps.stores.inbox.failed(5)).total, 0);
    });

    it('processes each signal once, in order, and retries a failure twice before giving up', async () => {
      h = await createHarness(kind);
      const seen: string[] = [];
      let failuresLeft = 2;
      const flaky: Detector = {
        name: 'flaky',
        async onSignal(signal) {
          if (signal.type !== 'message') return;
          if (plain(signal.text) === 'flaky' && failuresLeft-- > 0) throw new Error('transient');
          if (plain(signal.text) === 'broken') throw new Error('always');
          seen.push(signal.id);
        },
      };
      const teammate = createTeammate(h.deps, [flaky]);
      assert.equal(await teammate.receive(message('a')), 'queued');
      assert.equal(await teammate.receive(message('a')), 'duplicate');
      await teammate.receive(message('b', 'flaky'));
      await teammate.receive(message('c', 'broken'));
      await teammate.receive(message('d'));
      await teammate.drain();
      assert.deepEqual(seen, ['a', 'd']);
      h.clock.advance(10_000);
      await teammate.drain();
      assert.deepEqual(seen, ['a', 'd'], 'the second attempt fails too');
      h.clock.advance(20_000);
      await teammate.tick();
      assert.deepEqual(seen, ['a', 'd', 'b'], 'the third attempt succeeds, from the heartbeat');
      h.clock.advance(60_000);
      await teammate.tick();
      assert.deepEqual(seen, ['a', 'd', 'b'], 'c failed three times and is given up');
    });

    it("other bots' questions are ignored unless TEAMMATE_READ_BOT_MESSAGES says otherwise", async () => {
      const bot = { ...message('b1', 'Deploy finished?'), fromBot: true };
      h = await createHarness(kind);
      await h.teammate.receiveAndWait(bot);
      assert.deepEqual(await h.deps.stores.questions.due(new Date(START.getTime() + 86_400_000), ['local'], 10), []);
      await h.close();
      h = await createHarness(kind, { settings: { readBotMessages: true } });
      await h.teammate.receiveAndWait(bot);
      assert.equal(
        (await h.deps.stores.questions.due(new Date(START.getTime() + 86_400_000), ['local'], 10)).length,
        1,
      );
    });

    it('a deleted question is no longer watched', async () => {
      h = await createHarness(kind);
      await play(h.as('bob'), h, 'Does anyone know the wifi password?');
      await h.teammate.receiveAndWait({
        id: 'local:del',
        type: 'message_deleted',
        platform: 'local',
        channel: 'local:general',
        messageId: h.world.coreId('m1'),
        at: h.clock.now(),
      });
      await play(h.as('bob'), h, '/wait 2h');
      assert.deepEqual(await h.deps.stores.ledger.recent({ limit: 5 }), []);
    });
  });
}
