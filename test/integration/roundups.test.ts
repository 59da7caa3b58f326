import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, type THarness } from '../helpers/harness.js';
import { entriesOf, taskEvent, textOf } from '../helpers/signals.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const kind of databaseKinds) {
  describe(`weekly roundups and shadow mode, on ${kind}`, () => {
    const harnesses: THarness[] = [];
    afterEach(async () => {
      for (const h of harnesses.splice(0).reverse()) await h.close();
    });
    const start = async (options: Parameters<typeof createHarness>[1] = {}) => {
      const h = await createHarness(kind, options);
      harnesses.push(h);
      return h;
    };

    it('posts one roundup per channel per week at the scheduled local time, across a restart, and it can be undone', async () => {
      const h = await start();
      const alice = h.as('alice');
      assert.match(
        await play(alice, h, '/teammate timezone Europe/Berlin', '/teammate roundup schedule "fri 16:00"'),
        /The roundup of #general will be posted every fri 16:00 \(Europe\/Berlin\), once a week/,
      );
      assert.match(await play(h.as('bob'), h, '/teammate roundup'), /posted every fri 16:00 \(Europe\/Berlin\)/);
      await play(h.as('bob'), h, 'Decision: we freeze the API on Thursday.');
      await play(h.as('bob'), h, 'Who owns the flaky checkout test?');
      await play(h.as('carol'), h, 'Proposal: split the monorepo.');
      await play(h.as('bob'), h, '/reply m3 Too early.');
      await play(h.as('carol'), h, '/reply m3 Agreed, later.');
      await taskEvent(h, 'done', { id: 'T-9', title: 'Ship it', assignee: 'carol' });
      // The unanswered question gets a nudge proposal; bob rejects it, so the roundup has a decision to count.
      await h.advance(2 * HOUR, HOUR);
      const [nudge] = await entriesOf(h, 'post_message');
      assert.ok(nudge);
      await play(alice, h, `/teammate reject A-${nudge.id} not needed`);
      // Friday 2026-11-27 16:00 in Berlin is 15:00 UTC.
      await h.advance(4 * DAY + 3 * HOUR, HOUR);
      assert.equal((await entriesOf(h, 'post_roundup')).length, 0, 'not before its time');
      await h.advance(2 * HOUR, 30 * 60_000);
      const roundups = await entriesOf(h, 'post_roundup');
      assert.equal(roundups.length, 1);
      const roundup = roundups[0];
      assert.ok(roundup);
      assert.equal(roundup.status, 'pending', 'a roundup is an action: the policy asks first by default');
      assert.equal((roundup.params as { week: string }).week, '2026-W48');
      const text = textOf(roundup);
      assert.match(text, /Busiest threads\n• “Proposal: split the monorepo\.” \(thread\): 2 replies, 2 people/);
      assert.match(text, /Decisions\n• @bob: “Decision: we freeze the API on Thursday\.”/);
      assert.match(text, /Open questions\n• @bob asked “Who owns the flaky checkout test\?” on 2026-11-23/);
      assert.match(
        text,
        /What I did this week\n• 0 actions taken\n• 0 waiting for approval\n• 0 expired without a decision, 1 rejected, 0 undone/,
      );
      assert.match(text, /• post_message: 0\/1 approved \(0 %\)/);
      await play(alice, h, `/teammate approve A-${roundup.id}`);
      assert.match(h.printed(), /#general · Teammate \(m\d+\):\n {2}Weekly roundup for #general: 2026-W48/);

      // Another process on the same database, later the same Friday: the slot is taken and the week is done.
      const replica = await start({ db: h.db });
      replica.clock.advance(h.clock.now().getTime() - replica.clock.now().getTime() + HOUR);
      await replica.tick();
      await h.advance(HOUR, 30 * 60_000);
      assert.equal((await entriesOf(h, 'post_roundup')).length, 1, 'one roundup per channel per week');

      assert.match(
        await play(alice, h, `/teammate undo A-${roundup.id}`),
        /Teammate deleted m\d+[\s\S]*Outcome: undone by @alice/,
      );
      // The next Friday brings the next week's roundup.
      await h.advance(7 * DAY, 2 * HOUR);
      const next = await entriesOf(h, 'post_roundup');
      assert.deepEqual(
        next.map((e) => (e.params as { week: string }).week),
        ['2026-W48', '2026-W49'],
      );
      await play(alice, h, '/teammate roundup off');
      await h.advance(7 * DAY, 4 * HOUR);
      assert.equal((await entriesOf(h, 'post_roundup')).length, 2);
    });

    it('a roundup adds which gates could be loosened once approvals reach 95 %', async () => {
      const h = await start();
      await play(h.as('alice'), h, '/teammate policy set post_roundup auto');
      for (let i = 0; i < 5; i++) {
        await play(h.as('bob'), h, `Question number ${i} about deploys?`);
        await h.advance(HOUR + 60_000, HOUR + 60_000);
        const pending = (await entriesOf(h, 'post_message')).filter((e) => e.status === 'pending');
        for (const e of pending) await play(h.as('alice'), h, `/teammate approve A-${e.id}`);
      }
      await play(h.as('alice'), h, '/teammate roundup now');
      assert.match(h.printed(), /• post_message: 5\/5 approved \(100 %\) ← candidate for auto/);
      assert.match(
        h.printed(),
        /To let post_message run without asking here: `\/teammate policy set post_message auto in here`/,
      );
    });

    it('shadow mode records what would have been done, posts nothing, and the report shows it', async () => {
      const h = await start();
      const alice = h.as('alice');
      assert.match(await play(alice, h, '/teammate mode shadow'), /#general is now in shadow mode/);
      assert.match(await play(h.as('bob'), h, '/teammate mode shadow'), /Only admins can change that/);
      await play(h.as('bob'), h, 'Where are the release notes?');
      const before = h.lines.length;
      await h.advance(HOUR + 60_000, 60_000);
      assert.doesNotMatch(h.lines.slice(before).join('\n'), /Approval needed|Teammate \(m/, 'nothing is posted');
      const [shadowed] = await entriesOf(h, 'post_message');
      assert.equal(shadowed?.status, 'shadowed');
      assert.equal(shadowed?.mode, 'approve', 'what the policy would have decided is kept');
      const report = await play(h.as('bob'), h, '/teammate report');
      assert.match(report, /What I would have done in #general over the last 7 days \(shadow mode, 1\):/);
      assert.match(
        report,
        /• A-1 2026-11-23 10:0\d UTC: would have asked for approval to post in a thread in #general: “@bob's question has been waiting 1h/,
      );
      assert.match(
        await play(h.as('bob'), h, `/teammate why A-${shadowed?.id}`),
        /shadow mode: would have asked for approval; nothing was done/,
      );
      assert.match(
        await play(h.as('bob'), h, `/teammate approve A-${shadowed?.id}`),
        /A-1 is no longer waiting for a decision: shadow mode: would have asked for approval; nothing was done/,
      );
      // The workspace row covers channels without their own mode; a channel's own row wins.
      await play(alice, h, '/teammate mode shadow workspace', '/teammate mode live');
      assert.match(await play(alice, h, '/channel #random', '/teammate mode'), /#random is in shadow mode/);
      await play(h.as('bob'), h, 'Who has the VPN config?');
      await h.advance(HOUR + 60_000, 60_000);
      const after = await entriesOf(h, 'post_message');
      assert.deepEqual(
        after.map((e) => e.status),
        ['shadowed', 'pending'],
      );
      assert.match(h.printed(), /Approval needed/);
    });

    it('wrong arguments get a clear error and the usage line', async () => {
      const h = await start();
      const alice = h.as('alice');
      const cases: [string, RegExp][] = [
        ['/teammate roundup schedule "funday 16:00"', /"funday 16:00" is not a weekly time; write it like "fri 16:00"/],
        ['/teammate roundup sometimes', /unknown roundup command "sometimes"/],
        ['/teammate mode sideways', /the mode is shadow or live/],
        ['/teammate detector nope on', /unknown detector "nope"; they are unanswered-question, quiet-thread/],
        ['/teammate detector quiet-thread set after=soon', /after must be a duration such as 2d or 12h \(got "soon"\)/],
        [
          '/teammate detector overload set colour=3',
          /overload has no option "colour"; its options are factor, minimum/,
        ],
        ['/teammate quiet 25:00-08:00', /write quiet hours like 20:00-08:00, or off/],
        ['/teammate calendar remove abc', /give the feed number from `\/teammate calendar list`/],
      ];
      for (const [line, expected] of cases) {
        const reply = await play(alice, h, line);
        assert.match(reply, expected, line);
        assert.match(reply, /Usage: `\/teammate /, line);
      }
    });
  });
}
