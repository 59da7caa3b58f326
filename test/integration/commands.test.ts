import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, type THarness } from '../helpers/harness.js';

for (const kind of databaseKinds) {
  describe(`/teammate commands in the local chat, on ${kind}`, () => {
    let h: THarness;
    beforeEach(async () => {
      h = await createHarness(kind);
    });
    afterEach(async () => {
      await h.close();
    });

    it('answers wrong arguments with usage, and unknown ids plainly', async () => {
      const bob = h.as('bob');
      assert.match(
        await play(bob, h, '/teammate why'),
        /which action\? give its id, e.g\. A-42\n {2}Usage: `\/teammate why <action id, e\.g\. A-42>`/,
      );
      assert.match(await play(bob, h, '/teammate why A-99'), /There is no action A-99\./);
      assert.match(await play(bob, h, '/teammate undo A-99'), /There is no action A-99\./);
      assert.match(await play(bob, h, '/teammate approve A-99'), /There is no action A-99\./);
      assert.match(
        await play(bob, h, '/teammate policy set post_message sometimes'),
        /mode must be auto, approve or deny \(got "sometimes"\)\n {2}Usage: `\/teammate policy set <kind\|\*>/,
      );
      assert.match(
        await play(bob, h, '/teammate dance'),
        /unknown command "dance"\n {2}Usage: `\/teammate help \[command\]`/,
      );
      assert.match(
        await play(bob, h, '/teammate help'),
        /Teammate commands[\s\S]*\/teammate policy set[\s\S]*\/teammate undo/,
      );
      assert.match(
        await play(bob, h, '/teammate help undo'),
        /`\/teammate undo <action id, e\.g\. A-42>`\n {2}reverse an action/,
      );
    });

    it('only admins change policy; admins can grant that right, and the change is audited', async () => {
      assert.match(
        await play(h.as('bob'), h, '/teammate policy set post_message auto'),
        /Only admins can change that\./,
      );
      assert.equal((await h.deps.stores.policy.list()).length, 0);
      assert.match(await play(h.as('alice'), h, '/teammate admins grant @bob'), /@bob is now an admin\./);
      assert.match(
        await play(h.as('bob'), h, '/teammate policy set post_message auto in #general quiet=22:00-08:00'),
        /Policy row added: #general \/ post_message → auto · .*quiet hours 22:00-08:00/,
      );
      assert.match(
        await play(h.as('bob'), h, '/teammate policy set post_message approve needs=2 in #general'),
        /Policy changed\.\n {2}Before: #general \/ post_message → auto[^\n]*\n {2}Now: #general \/ post_message → approve · approvers admins · 2 approvals needed/,
      );
      assert.match(
        await play(h.as('bob'), h, '/teammate admins revoke @alice'),
        /@alice is an admin from TEAMMATE_ADMINS; change the configuration to remove them\./,
      );
      assert.match(await play(h.as('alice'), h, '/teammate admins revoke @bob'), /@bob is no longer an admin\./);
      assert.match(await play(h.as('bob'), h, '/teammate policy reset post_message in #general'), /Only admins/);
      const history = await play(h.as('bob'), h, '/teammate policy history');
      assert.match(history, /@bob via chat: #general \/ post_message → auto[^⟶]*⟶ #general \/ post_message → approve/);
      assert.match(history, /@bob via chat: \(no row\) ⟶ #general \/ post_message → auto/);
      assert.match(await play(h.as('alice'), h, '/teammate admins list'), /Admins: @alice \(configuration\)/);
    });

    it('lists, exports, imports and resets the policy table', async () => {
      const alice = h.as('alice');
      assert.match(
        await play(alice, h, '/teammate policy list'),
        /workspace \/ \* → approve · approvers admins · expires after 1d then deny _?\(built-in default\)/,
      );
      await play(alice, h, '/teammate policy set pin_message auto cap=5', '/teammate policy set * deny in #random');
      const exported = await play(alice, h, '/teammate policy export');
      assert.match(exported, /version: 1\n[\s\S]*kind: pin_message\n\s+mode: auto[\s\S]*dailyAutoCap: 5/);
      assert.match(exported, /channel: local:random\n\s+kind: "\*"\n\s+mode: deny/);
      const yaml = exported.slice(exported.indexOf('```') + 3, exported.lastIndexOf('```'));

      assert.match(await play(alice, h, '/teammate policy reset all'), /Removed 2 policy rows\./);
      assert.equal((await h.deps.stores.policy.list()).length, 0);
      assert.match(await play(alice, h, '/teammate policy reset all'), /Removed 0 policy rows\./);

      await alice.handle(`/teammate policy import ${yaml}`);
      assert.match(h.printed(), /Imported 2 rows \(2 changed\)/);
      assert.deepEqual(
        (await h.deps.stores.policy.list()).map((r) => `${r.scope}/${r.kind}:${r.mode}`),
        ['channel:local:random/*:deny', 'workspace/pin_message:auto'],
      );

      assert.match(
        await play(alice, h, '/teammate policy import version: 1\nrules:\n  - kind: pin_message\n    mode: sometimes'),
        /The policy file was not imported, nothing changed: rules\.0\.mode: /,
      );
      assert.equal((await h.deps.stores.policy.list()).length, 2);
      assert.match(await play(alice, h, '/teammate policy reset * in #random'), /Removed: #random \/ \* → deny/);
      assert.match(
        await play(alice, h, '/teammate policy reset * in #random'),
        /There is no row for #random \/ \*; nothing changed\./,
      );
    });

    it('sets and shows a channel time zone', async () => {
      assert.match(await play(h.as('bob'), h, '/teammate timezone'), /#general uses UTC\./);
      assert.match(
        await play(h.as('alice'), h, '/teammate timezone Mars/Olympus'),
        /"Mars\/Olympus" is not a time zone I know/,
      );
      assert.match(await play(h.as('bob'), h, '/teammate timezone Europe/Berlin'), /Only admins/);
      assert.match(
        await play(h.as('alice'), h, '/teammate timezone Europe/Berlin'),
        /#general now uses Europe\/Berlin/,
      );
      assert.match(await play(h.as('bob'), h, '/teammate timezone'), /#general uses Europe\/Berlin\./);
    });

    it('status shows pending approvals, recent actions and approval rates', async () => {
      await play(h.as('bob'), h, 'Question one?', 'Question two?', '/wait 1h');
      await play(h.as('alice'), h, '/teammate approve A-1');
      const status = await play(h.as('bob'), h, '/teammate status');
      assert.match(status, /Teammate test · up 1h(?:\d+s)? · local/);
      assert.match(status, /Waiting for approval \(1\):\n {2}• A-2 post in a thread in #general/);
      assert.match(status, /A-1 2026-11-23 10:00 UTC post in a thread in #general[^\n]*approved by @alice · done/);
      assert.match(status, /post_message: 1\/1 approved \(100 %\)/);
    });

    it('refuses a policy nobody could satisfy, warns about a group that does not exist yet, and status lists such rows', async () => {
      const alice = h.as('alice');
      assert.match(
        await play(alice, h, '/teammate policy set post_message approve approvers=@bob,@carol needs=3'),
        /That row is not valid: it needs 3 approvals, but only 2 people can approve \(@bob, @carol\)/,
      );
      assert.match(
        await play(alice, h, '/teammate policy set post_message approve needs=2'),
        /That row is not valid: it needs 2 approvals, but only 1 person can approve \(@alice\)/,
      );
      const warned = await play(alice, h, '/teammate policy set post_message approve approvers=group:oncall');
      assert.match(warned, /Policy row added: workspace \/ post_message → approve · approvers group oncall/);
      assert.match(
        warned,
        /Nobody can approve it yet: group:oncall does not exist\. Create it with `\/teammate group set oncall @user…`/,
      );
      assert.equal((await h.deps.stores.policy.list()).length, 1, 'refused rows were not stored');
      const status = await play(alice, h, '/teammate status');
      assert.match(
        status,
        /Policy rows nobody can approve as they stand:\n {2}• workspace \/ post_message → approve · approvers group oncall[^\n]* — nobody can approve it; group:oncall does not exist/,
      );
      await play(alice, h, '/teammate group set oncall @bob');
      assert.doesNotMatch(await play(alice, h, '/teammate status'), /nobody can approve as they stand/);
    });

    it('a sole admin may approve what they asked for, and the card and the ledger say why', async () => {
      const alice = h.as('alice');
      const asked = await play(alice, h, '/teammate roundup now');
      assert.match(asked, /A-1 · Approval needed: post the roundup of 2026-W48 in #general/);
      assert.match(asked, /self-approval allowed: the only admin asked for it/);
      assert.match(await play(alice, h, '/click 1'), /Approved A-1/);
      const entry = await h.deps.stores.ledger.get(1);
      assert.deepEqual([entry?.status, entry?.decidedBy], ['executed', 'local:alice']);
      assert.match(await play(alice, h, '/teammate why A-1'), /self-approval allowed: the only admin asked for it/);
    });

    it('when the asker is the only one who could approve, the card says so and how to get out', async () => {
      const alice = h.as('alice');
      await play(alice, h, '/teammate admins grant @bob', '/teammate policy set post_roundup approve approvers=@alice');
      const asked = await play(alice, h, '/teammate roundup now');
      assert.doesNotMatch(asked, /self-approval allowed/, 'two admins: the default does not apply');
      assert.match(
        asked,
        /Nobody but @alice, who asked, can approve this: add an approver \(`\/teammate admins grant @user`, or approvers= on the policy row\), or allow self-approval with `\/teammate policy set post_roundup approve self-approval=yes`\./,
      );
      assert.match(
        await play(alice, h, '/click 1'),
        /You asked for A-1, so someone else has to approve it, and nobody else can: add an approver \(/,
      );
    });

    it('answers wrong values in the words and units people typed, never in validation jargon', async () => {
      const alice = h.as('alice');
      const answer = (line: string) => play(alice, h, `/teammate ${line}`);
      assert.match(
        await answer('policy set post_message approve needs=abc'),
        /needs: expected a whole number from 1 to 20 \(got "abc"\)/,
      );
      assert.match(
        await answer('policy set post_message approve needs=2.5'),
        /needs: expected a whole number from 1 to 20 \(got "2\.5"\)/,
      );
      assert.match(await answer('policy set post_message approve expires=31d'), /expires: at most 30d \(got "31d"\)/);
      assert.match(
        await answer('policy set post_message approve cap=-1'),
        /cap: expected a whole number of 0 or more, or off \(got "-1"\)/,
      );
      assert.match(
        await answer('policy set post_message approve on-expiry=later'),
        /on-expiry: expected deny or escalate \(got "later"\)/,
      );
      assert.match(await answer('detector quiet-deal set after=14d'), /quiet-deal in #general: after=14d\./);
      for (const line of [
        'policy set post_message approve needs=abc',
        'policy set post_message approve needs=2.5',
        'policy set post_message approve expires=31d',
        'policy set post_message approve cap=-1',
        'policy set post_message approve on-expiry=later',
      ]) {
        assert.doesNotMatch(
          await answer(line),
          /Invalid input|Invalid option|Too (big|small)|expected (int|number)|received|expiresAfterMs|NaN/,
        );
      }
    });

    it('policy list shows the rows in the order they win, and the built-in default only while it applies', async () => {
      const alice = h.as('alice');
      await play(
        alice,
        h,
        '/teammate policy set * deny',
        '/teammate policy set * approve in #ops',
        '/teammate policy set post_message approve',
        '/teammate policy set post_message auto in #ops',
      );
      const rows = (await play(alice, h, '/teammate policy list'))
        .split('\n')
        .filter((line) => line.trim().startsWith('•'))
        .map((line) => line.replace(/ \(@alice.*$/, '').trim());
      assert.deepEqual(rows, [
        '• #ops / post_message → auto · approvers admins · expires after 1d then deny',
        '• #ops / * → approve · approvers admins · expires after 1d then deny',
        '• workspace / post_message → approve · approvers admins · expires after 1d then deny',
        '• workspace / * → deny',
      ]);
    });

    it('status and why show times by one rule: the time zone of the channel you read them in', async () => {
      const alice = h.as('alice');
      await play(h.as('bob'), h, 'Anyone know the wifi password?', '/wait 1h');
      await play(alice, h, '/teammate timezone Europe/Berlin');
      const status = await play(alice, h, '/teammate status');
      const why = await play(alice, h, '/teammate why A-1');
      const created = /A-1 (\d{4}-\d\d-\d\d \d\d:\d\d \S+)/.exec(status)?.[1];
      assert.ok(created, status);
      assert.match(created, /11:00 GMT\+1$/);
      assert.match(why, /proposed \(detector:unanswered-question, 11:00 GMT\+1\)/, 'the same moment, the same zone');
      assert.doesNotMatch(why, /UTC/);
    });

    it('local chat helpers explain their own mistakes', async () => {
      const bob = h.as('bob');
      assert.match(await play(bob, h, '/click 99'), /there is no button \[99\]: the buttons are numbered on the cards/);
      assert.match(await play(bob, h, '/click'), /usage: \/click <number of a button shown as \[n\]> \[reason\]/);
      assert.match(await play(bob, h, '/click first'), /usage: \/click <number of a button shown as \[n\]> \[reason\]/);
      assert.match(await play(bob, h, '/reply m42 hello'), /there is no message m42 in #general/);
      assert.match(await play(bob, h, '/wait later'), /usage: \/wait <duration/);
      assert.match(await play(bob, h, '/frobnicate'), /unknown command \/frobnicate/);
      assert.match(await play(bob, h, '/channel #eng', 'hello eng'), /#eng · bob \(m1\): hello eng/);
    });
  });
}
