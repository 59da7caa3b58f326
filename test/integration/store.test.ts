import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultRule, type TPolicyRule } from '../../src/core/policy/policy-rule.js';
import { rich } from '../../src/core/text/build.js';
import { createTestDatabase, databaseKinds, secondConnection, type TTestDatabase } from '../helpers/databases.js';
import { newEntry } from '../helpers/entries.js';
import { START } from '../helpers/harness.js';
import { typed } from '../helpers/text.js';

const later = (ms: number) => new Date(START.getTime() + ms);

for (const kind of databaseKinds) {
  describe(`Prisma stores on ${kind}`, () => {
    let db: TTestDatabase;
    before(async () => {
      db = await createTestDatabase(kind);
    });
    after(async () => {
      await db?.destroy();
    });

    it('creates an entry with its first history steps, once per dedupe key', async () => {
      const { ledger } = db.stores;
      const data = newEntry({ dedupeKey: 'once' });
      const first = await ledger.create(data, [{ actor: 'detector:test', to: 'proposed' }, { actor: 'policy' }], START);
      assert.equal(first.created, true);
      assert.equal(first.entry.status, 'pending');
      assert.deepEqual(first.entry.params, data.params);
      assert.deepEqual(first.entry.policy, data.policy);
      const second = await ledger.create({ ...data, summary: rich`different` }, [{ actor: 'x' }], START);
      assert.equal(second.created, false);
      assert.equal(second.entry.id, first.entry.id);
      const events = await ledger.events(first.entry.id);
      assert.deepEqual(
        events.map((e) => [e.from, e.to, e.actor]),
        [
          [undefined, 'proposed', 'detector:test'],
          ['proposed', 'pending', 'policy'],
        ],
      );
    });

    it('moves an entry only while its guard holds, and records each move', async () => {
      const { ledger } = db.stores;
      const { entry } = await ledger.create(newEntry(), [{ actor: 'policy' }], START);
      const approved = await ledger.transition(
        entry.id,
        { status: ['pending'] },
        { status: 'approved', decidedBy: 'alice', decidedAt: later(1) },
        { actor: 'alice' },
        later(1),
      );
      assert.equal(approved?.status, 'approved');
      assert.equal(approved?.decidedBy, 'alice');
      const again = await ledger.transition(
        entry.id,
        { status: ['pending'] },
        { status: 'rejected' },
        { actor: 'bob' },
        later(2),
      );
      assert.equal(again, undefined);
      const executing = await ledger.transition(
        entry.id,
        { status: ['approved'] },
        { status: 'executing', leaseUntil: later(60_000) },
        { actor: 'teammate' },
        later(3),
      );
      const done = await ledger.transition(
        entry.id,
        { status: ['executing'] },
        {
          status: 'executed',
          result: {
            summary: rich`posted`,
            ref: { platform: 'local', conversation: 'local:general', id: 'm9', thread: 'm1' },
          },
          undoHandle: { platform: 'local', conversation: 'local:general', id: 'm9' },
        },
        { actor: 'teammate', note: 'posted' },
        later(4),
      );
      assert.equal(executing?.leaseUntil?.getTime(), later(60_000).getTime());
      assert.deepEqual(done?.result, {
        summary: rich`posted`,
        ref: { platform: 'local', conversation: 'local:general', id: 'm9', thread: 'm1' },
      });
      assert.deepEqual(done?.undoHandle, { platform: 'local', conversation: 'local:general', id: 'm9' });
      const history = (await ledger.events(entry.id)).map((e) => `${e.from}>${e.to}:${e.actor}`);
      assert.deepEqual(history.slice(1), [
        'pending>approved:alice',
        'approved>executing:teammate',
        'executing>executed:teammate',
      ]);
    });

    it('refuses moves the lifecycle does not allow', async () => {
      const { ledger } = db.stores;
      const { entry } = await ledger.create(newEntry(), [{ actor: 'policy' }], START);
      await assert.rejects(
        ledger.transition(entry.id, { status: ['pending'] }, { status: 'executed' }, { actor: 'x' }, START),
        /illegal ledger move pending → executed/,
      );
      await assert.rejects(
        ledger.transition(entry.id, {}, { status: 'approved' }, { actor: 'x' }, START),
        /illegal ledger move/,
      );
    });

    it('lets exactly one of many concurrent claims win', async () => {
      const { ledger } = db.stores;
      const { entry } = await ledger.create(newEntry({ status: 'approved' }), [{ actor: 'policy' }], START);
      // PostgreSQL: two connection pools, as two replicas would have. SQLite is one process by design (its driver
      // blocks the event loop while it waits for a lock), so there the claims race on one connection.
      const second = kind === 'postgres' ? await secondConnection(db) : db;
      try {
        const claims = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 === 0 ? ledger : second.stores.ledger).transition(
              entry.id,
              { status: ['approved'] },
              { status: 'executing', leaseUntil: later(60_000) },
              { actor: `worker-${i}` },
              START,
            ),
          ),
        );
        assert.equal(claims.filter(Boolean).length, 1);
        assert.equal((await ledger.events(entry.id)).filter((e) => e.to === 'executing').length, 1);
      } finally {
        if (second !== db) await second.close();
      }
    });

    it('counts a vote once per person', async () => {
      const { ledger } = db.stores;
      const { entry } = await ledger.create(newEntry(), [{ actor: 'policy' }], START);
      assert.equal(await ledger.addVote(entry.id, { userId: 'local:alice', decision: 'approve', at: START }), true);
      assert.equal(await ledger.addVote(entry.id, { userId: 'local:alice', decision: 'reject', at: START }), false);
      assert.equal(
        await ledger.addVote(entry.id, { userId: 'local:bob', decision: 'reject', reason: 'noisy', at: START }),
        true,
      );
      assert.deepEqual(
        (await ledger.votes(entry.id)).map((v) => [v.userId, v.decision, v.reason]),
        [
          ['local:alice', 'approve', undefined],
          ['local:bob', 'reject', 'noisy'],
        ],
      );
    });

    it('finds entries from a thread: discussed there, carded there, or produced the thread', async () => {
      const { ledger } = db.stores;
      const discussed = await ledger.create(
        newEntry({ channel: 'local:threads', thread: 't1' }),
        [{ actor: 'p' }],
        START,
      );
      const carded = await ledger.create(
        newEntry({ channel: 'local:threads', thread: undefined }),
        [{ actor: 'p' }],
        START,
      );
      const card = { platform: 'local', conversation: 'local:threads', id: 't2', extra: 'kept' };
      await ledger.addCard(carded.entry.id, card);
      await ledger.addCard(carded.entry.id, card);
      const produced = await ledger.create(
        newEntry({ channel: 'local:threads', thread: undefined, status: 'approved' }),
        [{ actor: 'p' }],
        START,
      );
      await ledger.transition(
        produced.entry.id,
        { status: ['approved'] },
        { status: 'executing' },
        { actor: 't' },
        START,
      );
      await ledger.transition(
        produced.entry.id,
        { status: ['executing'] },
        {
          status: 'executed',
          result: { summary: rich`posted`, ref: { platform: 'local', conversation: 'local:threads', id: 't3' } },
        },
        { actor: 't' },
        START,
      );
      assert.deepEqual(
        (await ledger.inThread('local:threads', 't1')).map((e) => e.id),
        [discussed.entry.id],
      );
      assert.deepEqual(
        (await ledger.inThread('local:threads', 't2')).map((e) => e.id),
        [carded.entry.id],
      );
      assert.deepEqual(
        (await ledger.inThread('local:threads', 't3')).map((e) => e.id),
        [produced.entry.id],
      );
      assert.deepEqual(await ledger.inThread('local:elsewhere', 't1'), []);
      assert.deepEqual(await ledger.cards(carded.entry.id), [card], 'the whole reference comes back, extras too');
    });

    it('finds deadlines, unclaimed approvals and expired leases', async () => {
      const { ledger } = db.stores;
      const due = await ledger.create(
        newEntry({ channel: 'local:sweep', expiresAt: later(1000) }),
        [{ actor: 'p' }],
        START,
      );
      await ledger.create(newEntry({ channel: 'local:sweep', expiresAt: later(10_000_000) }), [{ actor: 'p' }], START);
      const expiring = await ledger.pendingExpiringBefore(later(2000));
      assert.ok(expiring.some((e) => e.id === due.entry.id));
      assert.ok(expiring.every((e) => (e.expiresAt?.getTime() ?? 0) <= later(2000).getTime()));
      const approved = await ledger.create(
        newEntry({ channel: 'local:sweep', status: 'approved' }),
        [{ actor: 'p' }],
        START,
      );
      assert.ok((await ledger.approvedUnclaimed()).some((e) => e.id === approved.entry.id));
      await ledger.transition(
        approved.entry.id,
        { status: ['approved'] },
        { status: 'executing', leaseUntil: later(5000) },
        { actor: 't' },
        START,
      );
      assert.ok(!(await ledger.leaseExpired(later(4000))).some((e) => e.id === approved.entry.id));
      assert.ok((await ledger.leaseExpired(later(6000))).some((e) => e.id === approved.entry.id));
    });

    it('counts automatic runs per rule and approval rates per kind', async () => {
      const { ledger } = db.stores;
      const auto = (n: number) =>
        newEntry({
          status: 'approved',
          mode: 'auto',
          kind: 'pin_message',
          policy: { ...newEntry().policy, ruleKey: 'workspace/pin_message', mode: 'auto' },
          dedupeKey: `auto-${n}`,
        });
      await ledger.create(auto(1), [{ actor: 'p' }], START);
      await ledger.create(auto(2), [{ actor: 'p' }], later(3_600_000));
      assert.equal(await ledger.countAutoRuns('workspace/pin_message', START), 2);
      assert.equal(await ledger.countAutoRuns('workspace/pin_message', later(60_000)), 1);
      assert.equal(await ledger.countAutoRuns('workspace/other', START), 0);
      for (const [i, status] of (['executed', 'executed', 'rejected', 'expired', 'undone'] as const).entries()) {
        await ledger.create(newEntry({ kind: 'set_topic', status, dedupeKey: `stat-${i}` }), [{ actor: 'p' }], START);
      }
      const stats = await ledger.approvalStats(START);
      assert.deepEqual(
        stats.find((s) => s.kind === 'set_topic'),
        { kind: 'set_topic', approved: 3, rejected: 1, expired: 1 },
      );
      assert.ok((await ledger.recent({ limit: 3 })).length === 3);
    });

    it('keeps the policy table and its audit trail', async () => {
      const { policy } = db.stores;
      const row: TPolicyRule = {
        ...defaultRule,
        scope: 'channel:local:eng',
        kind: 'post_message',
        mode: 'auto',
        quietHours: '22:00-08:00',
        dailyAutoCap: 5,
      };
      assert.equal(await policy.upsert(row, 'alice', 'chat', START), undefined);
      const before = await policy.upsert({ ...row, mode: 'approve' }, 'bob', 'chat', later(1000));
      assert.deepEqual(before, row);
      const [stored] = await policy.list();
      assert.equal(stored?.mode, 'approve');
      assert.equal(stored?.updatedBy, 'bob');
      assert.equal(stored?.quietHours, '22:00-08:00');
      const replaced = await policy.replaceAll(
        [{ ...defaultRule, kind: 'pin_message', mode: 'deny' }],
        'carol',
        'import',
        later(2000),
      );
      assert.deepEqual(
        replaced.map((c) => [c.scope, c.kind, Boolean(c.before), Boolean(c.after)]),
        [
          ['workspace', 'pin_message', false, true],
          ['channel:local:eng', 'post_message', true, false],
        ],
      );
      assert.deepEqual(
        await policy.replaceAll(
          [{ ...defaultRule, kind: 'pin_message', mode: 'deny' }],
          'carol',
          'import',
          later(3000),
        ),
        [],
      );
      assert.equal(
        await policy.remove('workspace', 'pin_message', 'dave', 'chat', later(4000)).then((r) => r?.mode),
        'deny',
      );
      assert.equal(await policy.remove('workspace', 'pin_message', 'dave', 'chat', later(5000)), undefined);
      const history = await policy.history(10);
      assert.deepEqual(
        history.map((h) => `${h.actor}:${h.source}:${h.kind}:${h.before?.mode ?? '-'}>${h.after?.mode ?? '-'}`),
        [
          'dave:chat:pin_message:deny>-',
          'carol:import:post_message:approve>-',
          'carol:import:pin_message:->deny',
          'bob:chat:post_message:auto>approve',
          'alice:chat:post_message:->auto',
        ],
      );
    });

    it('keeps admins, groups and channel time zones', async () => {
      const { directory } = db.stores;
      assert.equal(await directory.grantAdmin('slack:U0BOB', 'local:alice', START), true);
      assert.equal(await directory.grantAdmin('slack:U0BOB', 'local:alice', START), false);
      assert.equal(await directory.grantAdmin('local:U0BOB', 'local:alice', START), true, 'keys differ by platform');
      assert.deepEqual(await directory.grantedAdmins(), ['slack:U0BOB', 'local:U0BOB']);
      assert.equal(await directory.revokeAdmin('slack:U0BOB'), true);
      assert.equal(await directory.revokeAdmin('slack:U0BOB'), false);
      await directory.setGroup('leads', ['local:bob', 'slack:U0CAROL'], 'local:alice', START);
      await directory.setGroup('leads', ['slack:U0CAROL'], 'local:alice', START);
      assert.deepEqual(await directory.groups(), [{ name: 'leads', members: ['slack:U0CAROL'] }]);
      assert.equal(await directory.removeGroup('leads'), true);
      assert.equal((await directory.channelSettings('local:eng')).timeZone, undefined);
      await directory.updateChannelSettings('local:eng', { timeZone: 'Europe/Berlin' }, 'local:alice', START);
      assert.equal((await directory.channelSettings('local:eng')).timeZone, 'Europe/Berlin');
      assert.equal((await directory.channelSettings('slack:eng')).timeZone, undefined, 'another platform');
    });

    it('remembers questions until answered by someone else, and proposes each once', async () => {
      const { questions } = db.stores;
      const q = { channel: 'local:help', messageId: 'q1', user: 'local:bob', text: 'how?', askedAt: START };
      await questions.track(q);
      await questions.track(q);
      assert.equal(
        await questions.markAnswered('local:help', 'q1', 'local:bob', later(1)),
        false,
        'the asker does not answer their own question',
      );
      const [due] = await questions.due(later(10), ['local'], 10);
      assert.equal(due?.messageId, 'q1');
      assert.equal(due?.user, 'local:bob');
      assert.deepEqual(await questions.due(new Date(START.getTime() - 1), ['local'], 10), []);
      assert.deepEqual(await questions.due(later(10), ['slack'], 10), [], 'only platforms that are running');
      assert.equal(await questions.markProposed(due?.id ?? 0, later(20)), true);
      assert.equal(await questions.markProposed(due?.id ?? 0, later(30)), false);
      assert.deepEqual(await questions.due(later(40), ['local'], 10), []);
      await questions.track({ ...q, messageId: 'q2' });
      assert.equal(await questions.markAnswered('local:help', 'q2', 'local:carol', later(50)), true);
      assert.equal(
        await questions.markAnswered('local:help', 'q2', 'local:carol', later(51)),
        true,
        'the same reply processed again still finds it answered',
      );
      assert.deepEqual(await questions.due(later(60), ['local'], 10), []);
    });

    it('keeps inbound signals in a durable inbox: once per id, claimed once, retried after a failure', async () => {
      const { inbox } = db.stores;
      const signal = (id: string) => ({
        id,
        type: 'message' as const,
        platform: 'slack' as const,
        channel: 'slack:C1',
        user: 'slack:U1',
        text: typed('hi?'),
        messageId: id,
        at: START,
        fromBot: false,
      });
      assert.equal(await inbox.enqueue(signal('slack:Ev1'), START), true);
      assert.equal(await inbox.enqueue(signal('slack:Ev1'), later(1)), false, 'a retried delivery is refused');
      const burst = await Promise.all([
        inbox.enqueue(signal('slack:Ev9'), START),
        inbox.enqueue(signal('slack:Ev9'), START),
        inbox.enqueue(signal('slack:Ev1'), START),
      ]);
      assert.deepEqual(burst, [true, false, false], 'the same id twice in one batch counts once');
      await inbox.complete(['slack:Ev9'], START);
      await inbox.enqueue(signal('slack:Ev2'), later(2));
      const second = kind === 'postgres' ? await secondConnection(db) : db;
      try {
        const claims = await Promise.all([
          inbox.claim(10, later(60_000), later(3)),
          second.stores.inbox.claim(10, later(60_000), later(3)),
        ]);
        const keys = claims
          .flat()
          .map((c) => c.key)
          .sort();
        assert.deepEqual(keys, ['slack:Ev1', 'slack:Ev2'], 'each signal is claimed by exactly one worker');
      } finally {
        if (second !== db) await second.close();
      }
      assert.deepEqual(await inbox.claim(10, later(60_000), later(4)), [], 'claimed signals are not handed out again');
      const [lapsed] = await inbox.claim(10, later(120_000), later(61_000));
      assert.equal(lapsed?.attempts, 2, 'a claim whose lease ran out is handed out again');
      assert.deepEqual(lapsed?.signal, signal(lapsed?.key ?? ''));
      assert.ok(lapsed?.signal.at instanceof Date);
      await inbox.complete(['slack:Ev1'], later(5));
      await inbox.fail('slack:Ev2', 'boom', later(200_000), later(5));
      assert.deepEqual(
        (await inbox.claim(10, later(300_000), later(199_999))).map((c) => c.key),
        [],
      );
      assert.deepEqual(
        (await inbox.claim(10, later(300_000), later(200_001))).map((c) => c.key),
        ['slack:Ev2'],
      );
      await inbox.fail('slack:Ev2', 'boom again', undefined, later(6));
      assert.deepEqual(await inbox.claim(10, later(900_000), later(800_000)), [], 'given up after the last attempt');
      assert.equal(await inbox.prune(later(10)), 2, 'only processed signals are pruned');
      assert.equal(
        await inbox.enqueue(signal('slack:Ev2'), later(7)),
        false,
        'a failed signal still counts as received',
      );
    });

    it('keeps scheduled messages: claimed once across connections, cancelled while pending, interrupted ones never again', async () => {
      const { scheduled } = db.stores;
      // PostgreSQL: a second pool, as a second replica has; SQLite is one process by design (see above).
      const other = kind === 'postgres' ? await secondConnection(db) : db;
      try {
        const message = (text: string, inMs: number) => ({
          platform: 'teams',
          channel: 'teams:19:abc@thread.tacv2',
          body: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] }],
          postAt: later(inMs),
        });
        const first = await scheduled.add(message('first', 60_000), START);
        const second = await scheduled.add(message('second', 120_000), START);
        const cancelled = await scheduled.add(message('cancelled', 60_000), START);
        assert.equal(await scheduled.cancel(cancelled, START), true);
        assert.equal(await scheduled.cancel(cancelled, START), false, 'once');
        assert.deepEqual(await scheduled.claimDue(later(30_000), 10), [], 'nothing due yet');
        const [a, b] = await Promise.all([
          scheduled.claimDue(later(90_000), 10),
          other.stores.scheduled.claimDue(later(90_000), 10),
        ]);
        assert.deepEqual(
          [...(a ?? []), ...(b ?? [])].map((m) => m.id),
          [first],
          'one connection wins the due one',
        );
        assert.equal(await scheduled.cancel(first, later(90_000)), false, 'a message being posted cannot be cancelled');
        await scheduled.settle(first, { messageId: 'm1' }, later(91_000));

        const [claimed] = await scheduled.claimDue(later(130_000), 10);
        assert.equal(claimed?.id, second);
        assert.equal(claimed?.body[0]?.type, 'paragraph');
        // The process stops before it settles: later, the claim is reported as interrupted and never retried.
        assert.equal(await scheduled.abandon(later(125_000), later(140_000)), 0, 'not while the claim is recent');
        assert.equal(await scheduled.abandon(later(10 * 60_000 + 130_001), later(11 * 60_000 + 130_000)), 1);
        assert.deepEqual(await scheduled.claimDue(later(60 * 60_000), 10), []);
      } finally {
        if (other !== db) await other.close();
      }
    });

    it('answers the readiness ping', async () => {
      await db.ping();
    });
  });
}
