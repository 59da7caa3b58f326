import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { openDatabase } from '../../src/store/open-database.js';
import { databaseKinds, freshDatabaseUrl, type TTestDatabase } from '../helpers/databases.js';
import { createHarness, play, type THarness } from '../helpers/harness.js';
import { fillLegacyDatabase, legacyRows } from '../helpers/legacy-database.js';
import { plain } from '../helpers/text.js';

// A database written by version 0.1 (the demo week in the local chat, then a Slack session) is migrated to
// platform-keyed identities, and the bot goes on with it.
for (const kind of databaseKinds) {
  describe(`a database written by version 0.1, migrated, on ${kind}`, () => {
    let db: TTestDatabase;
    let h: THarness;
    before(async () => {
      const fresh = await freshDatabaseUrl(kind);
      const target = parseDatabaseUrl(fresh.url);
      await fillLegacyDatabase(target);
      const opened = await openDatabase(target, silentLogger);
      db = { ...opened, kind, url: fresh.url, destroy: () => opened.close().then(fresh.drop) };
      h = await createHarness(kind, { db, settings: { admins: ['local:alice', 'slack:U0ALICE'] } });
    });
    after(async () => {
      await h?.close();
      await db?.destroy();
    });

    it('keeps every row: history, votes and cards survive the table rebuilds', async () => {
      const { ledger } = db.stores;
      const entries = await ledger.recent({ limit: 100 });
      assert.equal(entries.length, legacyRows.LedgerEntry?.length);
      let events = 0;
      let votes = 0;
      let cards = 0;
      for (const entry of entries) {
        events += (await ledger.events(entry.id)).length;
        votes += (await ledger.votes(entry.id)).length;
        cards += (await ledger.cards(entry.id)).length;
      }
      assert.equal(events, legacyRows.LedgerEvent?.length);
      assert.equal(votes, legacyRows.Vote?.length);
      assert.equal(cards, legacyRows.CardRef?.length);
    });

    it('keys every channel and person by platform, in plain columns and in JSON', async () => {
      const { ledger } = db.stores;
      const entries = await ledger.recent({ limit: 100 });
      for (const entry of entries) {
        assert.match(entry.channel, /^(local|slack):/, `A-${entry.id}.channel`);
        for (const e of entry.evidence) if (e.message) assert.equal(e.message.conversation, entry.channel);
      }
      const slackPost = entries.find((e) => e.platform === 'slack' && e.status === 'executed');
      assert.ok(slackPost);
      assert.equal(slackPost.channel, 'slack:C0GENERAL');
      assert.equal(slackPost.decidedBy, 'slack:U0ALICE');
      assert.equal(slackPost.trigger.user, 'slack:U0BOB');
      // What 0.1 wrote in Slack's markup reads as rich text: people named (never re-mentioned), channels as channels.
      assert.deepEqual(slackPost.trigger.summary, [
        { type: 'person', user: 'slack:U0BOB' },
        { type: 'text', text: ' asked a question in ' },
        { type: 'channel', channel: 'slack:C0GENERAL' },
        { type: 'text', text: ' and nobody replied for 1h' },
      ]);
      assert.equal(
        plain(slackPost.summary),
        "post in a thread in #C0GENERAL: “@U0BOB's question has been waiting 1h without a reply. Can anyone here help?”",
      );
      assert.equal(plain(slackPost.result?.summary), 'posted in #C0GENERAL');
      assert.deepEqual(slackPost.params, {
        channel: 'slack:C0GENERAL',
        text: "<@U0BOB>'s question has been waiting 1h without a reply. Can anyone here help?",
        thread: slackPost.thread,
      });
      assert.deepEqual(slackPost.undoHandle, slackPost.result?.ref);
      assert.equal(slackPost.result?.ref?.platform, 'slack');
      assert.equal(slackPost.result?.ref?.conversation, 'slack:C0GENERAL');
      assert.equal((await ledger.votes(slackPost.id))[0]?.userId, 'slack:U0ALICE');
      assert.equal((await ledger.cards(slackPost.id))[0]?.conversation, 'slack:C0GENERAL');
      assert.ok((await ledger.events(slackPost.id)).some((e) => e.actor === 'slack:U0ALICE'));
      const reassign = entries.find((e) => e.kind === 'reassign_task');
      assert.deepEqual(reassign?.params, {
        channel: 'local:general',
        source: 'tasks',
        taskId: 'ENG-1',
        title: 'Migrate billing cron',
        from: 'local:bob',
        to: 'local:carol',
      });
      assert.ok(reassign);
      assert.deepEqual((reassign.undoHandle as { message: unknown }).message, reassign.result?.ref);
      assert.equal(
        (await db.stores.ledger.inThread('slack:C0GENERAL', slackPost.thread ?? '')).some((e) => e.id === slackPost.id),
        true,
        'found again from its thread',
      );
    });

    it('keys the rows that had no platform of their own: policy, admins, groups, channel settings', async () => {
      const { policy, directory } = db.stores;
      const rules = await policy.list();
      assert.deepEqual(
        rules.map((r) => [r.scope, r.kind, r.approvers.join(','), r.updatedBy]),
        [
          ['channel:local:general', 'post_roundup', 'admins', 'local:alice'],
          ['channel:local:general', 'send_dm', 'group:leads,local:erin', 'local:alice'],
          ['channel:slack:C0ENG', 'post_message', 'slack:U0BOB,admins', 'slack:U0ALICE'],
          ['workspace', 'pin_message', 'admins', 'local:alice'],
        ],
      );
      assert.ok((await policy.history(10)).every((c) => /^(local|slack):/.test(c.actor)));
      assert.deepEqual(await directory.grantedAdmins(), ['local:dave', 'slack:U0ERIN']);
      assert.deepEqual(await directory.groups(), [{ name: 'leads', members: ['local:bob', 'local:carol'] }]);
      assert.equal((await directory.channelSettings('local:general')).lead, 'local:dana');
      assert.equal((await directory.channelSettings('local:random')).mode, 'shadow');
      const slackGeneral = await directory.channelSettings('slack:C0GENERAL');
      assert.deepEqual([slackGeneral.timeZone, slackGeneral.lead], ['America/New_York', 'slack:U0BOB']);
      assert.deepEqual(
        (await db.stores.roundups.all()).map((r) => [r.channel, r.setBy]),
        [
          ['local:general', 'local:alice'],
          ['slack:C0GENERAL', 'slack:U0ALICE'],
        ],
      );
      assert.deepEqual(
        (await db.stores.calendar.feeds()).map((f) => [f.channel, f.addedBy]),
        [['slack:C0GENERAL', 'configuration']],
      );
    });

    it('keys what the detectors remember: threads, questions, tasks, deals', async () => {
      const thread = await db.stores.threads.get('local:general', 'm12');
      assert.deepEqual(thread?.participants, ['local:bob', 'local:carol', 'local:dave']);
      assert.equal(thread?.starter, 'local:bob');
      assert.deepEqual(
        (await db.stores.questions.answered('local:general', 10)).map((q) => [q.user, q.answeredBy]),
        [['local:carol', 'local:dave']],
      );
      const tasks = await db.stores.tasks.open('local:general');
      assert.ok(tasks.length > 0 && tasks.every((t) => t.assignee?.startsWith('local:')));
      assert.deepEqual(await db.stores.tasks.channels(), ['local:general']);
      assert.deepEqual(
        (await db.stores.threads.decisions('local:general', new Date(0))).map((d) => [d.user, d.messageId]),
        [['local:erin', 'm16']],
      );
    });

    it('hands out the delivery that was waiting, in the new shape', async () => {
      const [waiting] = await db.stores.inbox.claim(10, new Date(Date.now() + 60_000), new Date());
      assert.ok(waiting, 'the queued delivery is claimed');
      assert.equal(waiting.signal.type, 'message');
      assert.deepEqual(
        waiting.signal.type === 'message'
          ? [waiting.signal.channel, waiting.signal.user, typeof waiting.signal.messageId]
          : [],
        ['slack:C0GENERAL', 'slack:U0CAROL', 'string'],
      );
    });

    it('goes on: a pending entry of the old version is decided by the approvers its policy row named', async () => {
      const pending = (await db.stores.ledger.recent({ limit: 100, status: ['pending'] })).find(
        (e) => e.platform === 'local' && e.kind === 'send_dm',
      );
      assert.ok(pending, 'the old version left a direct message waiting for approval');
      const id = `A-${pending.id}`;
      assert.match(
        await play(h.as('alice'), h, `/teammate approve ${id}`),
        new RegExp(`You are not an approver for ${id}\\. Its approvers are: group leads, @erin\\.`),
      );
      assert.match(await play(h.as('bob'), h, `/teammate approve ${id}`), /1 more is needed/);
      assert.match(
        await play(h.as('carol'), h, `/teammate approve ${id}`),
        new RegExp(`Approved ${id}: approved by @carol · done: sent @\\w+ a direct message`),
      );
      assert.equal((await db.stores.ledger.get(pending.id))?.status, 'executed');
      assert.match(await play(h.as('dave'), h, `/teammate why ${id}`), /Approved by: @bob .*@carol/);
    });
  });
}
