import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { TProposal } from '../../src/core/proposal.js';
import { rich } from '../../src/core/text/build.js';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, START, type THarness } from '../helpers/harness.js';
import { withIrreversibleEmail } from '../helpers/irreversible-action.js';
import { says } from '../helpers/text.js';

/** A proposal as a detector or a person would make it, for kinds no detector proposes yet. */
function proposal(over: Partial<TProposal> & Pick<TProposal, 'kind' | 'params'>): TProposal {
  return {
    rationale: rich`a test asked for it`,
    evidence: [],
    origin: { type: 'detector', name: 'test' },
    trigger: { signalId: 'test', type: 'test', summary: rich`a test`, at: START },
    platform: 'local',
    channel: 'local:general',
    dedupeKey: `test:${Math.random()}`,
    ...over,
  };
}

for (const kind of databaseKinds) {
  describe(`policy rows at work, on ${kind}`, () => {
    let h: THarness;
    afterEach(async () => {
      await h.close();
    });

    it('N-of-M: a group of approvers, two approvals needed, each person counted once', async () => {
      h = await createHarness(kind);
      const alice = h.as('alice');
      await play(
        alice,
        h,
        '/teammate group set leads @bob @carol',
        '/teammate policy set post_message approve approvers=group:leads needs=2',
      );
      await play(h.as('dave'), h, 'Where is the style guide?', '/wait 1h');
      assert.match(h.printed(), /Approvers: group leads · 0 of 2 approvals/);
      assert.match(
        await play(alice, h, '/click 1'),
        /You are not an approver for A-1\. Its approvers are: group leads\./,
      );
      assert.match(await play(h.as('bob'), h, '/click 1'), /Your approval of A-1 is recorded; 1 more is needed\./);
      assert.match(h.printed(), /Approvers: group leads · 1 of 2 approvals/);
      assert.match(await play(h.as('bob'), h, '/click 1'), /You already answered A-1\./);
      assert.equal(h.metrics.counts.get('execution:post_message:executed'), undefined);
      assert.match(await play(h.as('carol'), h, '/click 1'), /Approved A-1: approved by @carol · done/);
      assert.equal(h.metrics.counts.get('execution:post_message:executed'), 1);
      assert.match(await play(h.as('dave'), h, '/teammate why A-1'), /Approved by: @bob \(.*\), @carol \(/);
    });

    it('self-approval is refused unless the row allows it', async () => {
      h = await createHarness(kind);
      // Two admins: the default that lets a sole admin approve their own requests does not apply.
      await play(h.as('alice'), h, '/teammate admins grant @bob');
      const { entry } = await h.teammate.propose(
        proposal({
          kind: 'pin_message',
          params: {
            channel: 'local:general',
            messageId: h.world.coreId(h.world.post('general', 'bob', says('pin me'), START).ts),
          },
          requestedBy: 'local:alice',
          origin: { type: 'person', user: 'local:alice' },
        }),
      );
      assert.match(
        await play(h.as('alice'), h, `/teammate approve A-${entry.id}`),
        /You asked for A-1, so someone else has to approve it\./,
      );
      await play(h.as('alice'), h, '/teammate policy set pin_message approve self-approval=yes');
      const second = await h.teammate.propose(
        proposal({
          kind: 'pin_message',
          params: { channel: 'local:general', messageId: h.world.coreId('m1') },
          requestedBy: 'local:alice',
          origin: { type: 'person', user: 'local:alice' },
        }),
      );
      // The first entry keeps the rule it was gated by; the new one follows the new row.
      assert.match(await play(h.as('alice'), h, `/teammate approve A-${entry.id}`), /someone else has to approve it/);
      assert.match(
        await play(h.as('alice'), h, `/teammate approve A-${second.entry.id}`),
        /Approved A-2: approved by @alice · done: pinned a message/,
      );
    });

    it('pending approvals expire on time, cards updated, nothing done', async () => {
      h = await createHarness(kind);
      await play(h.as('alice'), h, '/teammate policy set post_message approve expires=2h');
      await play(h.as('bob'), h, 'Anyone around?', '/wait 1h');
      assert.match(h.printed(), /Deadline: expires in 2h/);
      await play(h.as('bob'), h, '/wait 1h59m');
      assert.equal((await h.deps.stores.ledger.get(1))?.status, 'pending');
      const expired = await play(h.as('bob'), h, '/wait 1m');
      assert.match(
        expired,
        /Teammate updated \(m2\):\n {2}┌ A-1 · post in a thread.*\n {2}│ Outcome: expired without a decision; nothing was done/,
      );
      assert.match(expired, /A-1 expired without a decision; nothing was done\./);
      assert.equal((await h.deps.stores.ledger.get(1))?.status, 'expired');
      assert.match(await play(h.as('alice'), h, '/click 1'), /no longer waiting for a decision: expired/);
    });

    it('escalates to the admins once, then expires', async () => {
      h = await createHarness(kind);
      await play(
        h.as('alice'),
        h,
        '/teammate policy set post_message approve approvers=@bob expires=1h on-expiry=escalate',
      );
      await play(h.as('carol'), h, 'Is the VPN down?', '/wait 1h');
      assert.match(h.printed(), /Deadline: escalates to admins in 1h/);
      const escalated = await play(h.as('carol'), h, '/wait 1h');
      assert.match(escalated, /@alice \(DM\) · Teammate \(m\d+\):\n {2}┌ A-1 · Approval needed/);
      assert.match(escalated, /A-1 had no decision within 1h; I asked the admins\./);
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'pending');
      assert.equal(entry?.escalated, true);
      assert.deepEqual(entry?.approvers, ['admins']);
      assert.match(await play(h.as('bob'), h, '/teammate approve A-1'), /You are not an approver for A-1/);
      await play(h.as('carol'), h, '/wait 1h');
      assert.equal((await h.deps.stores.ledger.get(1))?.status, 'expired');
      assert.equal((await h.deps.stores.ledger.cards(1)).length, 2, 'the channel card and the admin DM card');
      assert.match(h.printed(), /@alice \(DM\) · Teammate updated \(m\d+\):\n {2}┌ A-1[^\n]*\n {2}│ Outcome: expired/);
    });

    it('auto runs at once; quiet hours and the daily cap fall back to asking', async () => {
      h = await createHarness(kind);
      const alice = h.as('alice');
      await play(alice, h, '/teammate policy set post_message auto cap=1');
      await play(h.as('bob'), h, 'First question?', '/wait 1h');
      const first = await h.deps.stores.ledger.get(1);
      assert.equal(first?.status, 'executed');
      assert.equal(first?.mode, 'auto');
      assert.equal(first?.decidedBy, 'policy');
      assert.equal((await h.deps.stores.ledger.cards(1)).length, 0, 'no card for an automatic run');
      await play(h.as('bob'), h, 'Second question?', '/wait 1h');
      const second = await h.deps.stores.ledger.get(2);
      assert.equal(second?.status, 'pending');
      assert.deepEqual(second?.policy.notes, ['the daily cap of 1 automatic runs is reached']);
      assert.match(
        await play(h.as('bob'), h, '/teammate why A-2'),
        /Policy: workspace \/ post_message → approve \(the daily cap of 1 automatic runs is reached\)/,
      );

      await play(
        alice,
        h,
        '/teammate timezone Asia/Tokyo',
        '/teammate policy set post_message auto cap=off quiet=20:00-09:00',
      );
      // It is 11:00 UTC now: 20:00 in Tokyo.
      await play(h.as('bob'), h, 'Third question?', '/wait 1h');
      const third = await h.deps.stores.ledger.get(3);
      assert.equal(third?.status, 'pending');
      assert.match(third?.policy.notes[0] ?? '', /quiet hours 20:00-09:00 \(Asia\/Tokyo\)/);
    });

    it('deny records the proposal and does nothing', async () => {
      h = await createHarness(kind);
      await play(h.as('alice'), h, '/teammate policy set * deny in #general');
      await play(h.as('bob'), h, 'Can I deploy on Friday?', '/wait 1h');
      const entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'denied');
      assert.equal(h.world.messages.size, 1, 'nothing posted');
      assert.match(
        await play(h.as('bob'), h, '/teammate why A-1'),
        /denied by policy; nothing was done[\s\S]*Policy: #general \/ \* → deny/,
      );
      assert.equal(h.metrics.counts.get('decision:post_message:deny'), 1);
    });

    it('an irreversible kind is never run automatically, whatever the table says', async () => {
      const sent: string[] = [];
      h = await createHarness(kind, { catalogue: withIrreversibleEmail(sent) });
      assert.match(
        await play(h.as('alice'), h, '/teammate policy set send_email auto'),
        /send_email cannot be undone, so it can never be auto/,
      );
      await play(h.as('alice'), h, '/teammate policy set * auto');
      const { entry } = await h.teammate.propose(proposal({ kind: 'send_email', params: { to: 'ceo@example.com' } }));
      assert.equal(entry.status, 'pending');
      assert.deepEqual(entry.policy.notes, ['this action cannot be undone, so it always needs approval']);
      assert.deepEqual(sent, []);
      await play(h.as('alice'), h, '/teammate approve A-1');
      assert.deepEqual(sent, ['ceo@example.com']);
      assert.match(
        await play(h.as('alice'), h, '/teammate undo A-1'),
        /A-1 cannot be undone: send_email has no inverse\./,
      );
    });

    it('a failing action is recorded as failed with the reason, and said in the thread', async () => {
      h = await createHarness(kind);
      await play(h.as('alice'), h, '/teammate policy set set_topic auto');
      const { entry } = await h.teammate.propose(
        proposal({
          kind: 'set_topic',
          channel: 'local:general',
          thread: undefined,
          params: { channel: 'local:ghost-town', topic: 'boo' },
        }),
      );
      assert.equal(entry.status, 'failed');
      assert.equal(entry.error, 'topic failed: channel_not_found');
      assert.match(h.printed(), /#general · Teammate \(m\d+\): A-1 failed: topic failed: channel_not_found\./);
      assert.deepEqual(
        (await h.deps.stores.ledger.events(entry.id)).map((e) => e.to),
        ['proposed', 'approved', 'executing', 'failed'],
      );
      assert.equal(h.metrics.counts.get('execution:set_topic:failed'), 1);
    });

    it('a failing undo is recorded and reported, and can be tried again', async () => {
      h = await createHarness(kind);
      await play(h.as('alice'), h, '/teammate policy set set_topic auto');
      h.world.setTopic('general', 'Ship it', 'bob');
      await h.teammate.propose(
        proposal({ kind: 'set_topic', params: { channel: 'local:general', topic: 'Freeze until Monday' } }),
      );
      h.world.setTopic('general', 'Freeze until Tuesday', 'carol');
      const failed = await play(h.as('alice'), h, '/teammate undo A-1');
      assert.match(
        failed,
        /Could not undo A-1: the topic was changed to “Freeze until Tuesday” after this action; not restoring “Ship it”\. This is recorded in the ledger; you can try again\./,
      );
      assert.match(failed, /A-1 done · undo failed: the topic was changed/);
      let entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'executed');
      assert.equal(entry?.undoStatus, 'failed');
      assert.equal(h.world.topic('general'), 'Freeze until Tuesday');
      h.world.setTopic('general', 'Freeze until Monday', 'carol');
      assert.match(await play(h.as('alice'), h, '/teammate undo A-1'), /Undid A-1\./);
      entry = await h.deps.stores.ledger.get(1);
      assert.equal(entry?.status, 'undone');
      assert.equal(h.world.topic('general'), 'Ship it');
      assert.deepEqual((await h.deps.stores.ledger.events(1)).map((e) => e.to).slice(-4), [
        'undo:started',
        'undo:failed',
        'undo:started',
        'undone',
      ]);
    });
  });
}
