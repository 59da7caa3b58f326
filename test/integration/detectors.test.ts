import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { plainDoc } from '../../src/core/text/plain.js';
import type { TDoc } from '../../src/core/text/rich-text.js';
import { databaseKinds } from '../helpers/databases.js';
import { createHarness, play, START, type THarness } from '../helpers/harness.js';
import { dealEvent, entriesOf, taskEvent, textOf } from '../helpers/signals.js';
import { plain } from '../helpers/text.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const kind of databaseKinds) {
  describe(`the scenario detectors on a fake clock, on ${kind}`, () => {
    let h: THarness;
    afterEach(async () => {
      await h.close();
    });

    it('a discussion that went quiet unresolved: its starter gets a summary and a drafted follow-up', async () => {
      h = await createHarness(kind);
      await play(h.as('bob'), h, 'Proposal: we move the release to Thursday.');
      await play(h.as('carol'), h, '/reply m1 Thursday works for QA.');
      await play(h.as('dave'), h, '/reply m1 Docs need until Friday.');
      await play(h.as('bob'), h, '/reply m1 Let me check with marketing.');
      await h.advance(DAY);
      assert.equal((await entriesOf(h, 'post_message')).length, 0, 'one day is not quiet yet');
      await h.advance(DAY + HOUR);
      const [nudge] = await entriesOf(h, 'post_message');
      assert.ok(nudge);
      assert.equal(nudge.origin.type === 'detector' && nudge.origin.name, 'quiet-thread');
      assert.equal(nudge.thread, h.world.coreId('m1'));
      const text = plainDoc((nudge.params as { text: TDoc }).text);
      assert.match(text, /^@bob, this thread has been quiet for 2d\. Summary: started by @bob: “Proposal: we move/);
      assert.match(text, /3 replies from @carol, @dave; last word from @bob: “Let me check with marketing\.”/);
      assert.match(text, /A follow-up you could send: “Where did we land on this\?/);
      await h.advance(3 * DAY);
      assert.equal((await entriesOf(h, 'post_message')).length, 1, 'one nudge per silence');
    });

    it('a thread resolved with ✅ is left alone, and a channel can switch the detector off', async () => {
      h = await createHarness(kind);
      await play(h.as('bob'), h, 'Proposal: rename the repo.', '/reply m1 fine by me', '/reply m1 ok');
      await play(h.as('carol'), h, '/reply m1 +1', '/react m1 white_check_mark');
      await play(h.as('alice'), h, '/channel #ops', '/teammate detector quiet-thread off');
      await play(h.as('bob'), h, '/channel #ops', 'Proposal: new on-call rota.', '/reply m6 ok', '/reply m6 fine');
      await play(h.as('carol'), h, '/channel #ops', '/reply m6 +1');
      await h.advance(3 * DAY, HOUR);
      assert.equal((await entriesOf(h, 'post_message')).length, 0);
      assert.match(
        await play(h.as('alice'), h, '/channel #ops', '/teammate detectors'),
        /quiet-thread off \(after=2d, replies=3\)/,
      );
    });

    it('quiet hours hold a nudge until they end, in the channel time zone', async () => {
      h = await createHarness(kind);
      await play(h.as('alice'), h, '/teammate timezone Europe/Berlin', '/teammate quiet 20:00-08:00');
      await play(h.as('bob'), h, 'Proposal: drop Friday deploys.');
      await play(h.as('carol'), h, '/reply m1 yes', '/reply m1 agreed');
      await play(h.as('dave'), h, '/reply m1 +1');
      // Silent from 09:00Z Monday: 2 days later is 10:00 Berlin on Wednesday, not quiet. Set the window to cover it.
      await play(h.as('alice'), h, '/teammate quiet 10:00-12:00');
      await h.advance(2 * DAY + 30 * 60_000);
      assert.equal((await entriesOf(h, 'post_message')).length, 0, 'held during quiet hours');
      await h.advance(2 * HOUR);
      assert.equal((await entriesOf(h, 'post_message')).length, 1, 'proposed once quiet hours ended');
    });

    it('a quiet deal: the owner is nudged with the stage and a draft; closed deals and longer thresholds are respected', async () => {
      h = await createHarness(kind);
      await dealEvent(h, {
        id: 'D-1',
        name: 'Acme renewal',
        stage: 'proposal',
        owner: 'erin',
        value: '$40k',
        lastActivityAt: new Date(START.getTime() - 6 * DAY),
      });
      await dealEvent(h, {
        id: 'D-2',
        name: 'Globex pilot',
        stage: 'closed won',
        owner: 'erin',
        lastActivityAt: new Date(START.getTime() - 30 * DAY),
      });
      await dealEvent(
        h,
        {
          id: 'D-3',
          name: 'Initech upsell',
          stage: 'demo',
          owner: 'frank',
          lastActivityAt: new Date(START.getTime() - 8 * DAY),
        },
        'partners',
      );
      await play(h.as('alice'), h, '/teammate detector quiet-deal set after=14d in #partners');
      await h.advance(DAY + HOUR, HOUR);
      const nudges = await entriesOf(h, 'post_message');
      assert.deepEqual(
        nudges.map((e) => e.channel),
        ['local:sales'],
      );
      const text = textOf(nudges[0]);
      assert.match(
        text,
        /^@erin, “Acme renewal” \(\$40k\) has had no activity for 7d \(stage: proposal, last activity 2026-11-17\)/,
      );
      assert.match(text, /A follow-up you could send: “Hi — following up on Acme renewal/);
      // New activity starts a new quiet spell; the same one is never nudged twice.
      await dealEvent(h, {
        id: 'D-1',
        name: 'Acme renewal',
        stage: 'negotiation',
        owner: 'erin',
        lastActivityAt: h.clock.now(),
      });
      const names = async () =>
        (await entriesOf(h, 'post_message')).map((e) => /“(Acme|Globex|Initech|Hooli)/.exec(plain(e.summary))?.[1]);
      // Five days on: Acme's new spell is too young; Initech passed #partners' own 14 days; Hooli (6 days) did not.
      await h.advance(5 * DAY, 6 * HOUR);
      assert.deepEqual(await names(), ['Acme', 'Initech']);
      // Two more: Acme's new quiet spell reached 7 days and gets its own nudge.
      await h.advance(2 * DAY, 6 * HOUR);
      assert.deepEqual(await names(), ['Acme', 'Initech', 'Acme']);
    });

    it('an unanswered question waits as long as its channel says (after=), TEAMMATE_UNANSWERED_AFTER elsewhere', async () => {
      h = await createHarness(kind);
      const set = await play(h.as('alice'), h, '/teammate detector unanswered-question set after=30m');
      assert.match(set, /unanswered-question in #general: after=30m\./);
      assert.match(
        await play(h.as('alice'), h, '/teammate detectors'),
        /unanswered-question on \(after=30m\)/,
        'the list shows the channel’s value',
      );
      assert.match(
        await play(h.as('alice', 'random'), h, '/teammate detectors'),
        /unanswered-question on \(after=1h\)/,
        'and elsewhere the configured default',
      );
      // Questions in the slow channel asked first must not hold up the fast one.
      for (let i = 0; i < 60; i += 1) await play(h.as('bob', 'random'), h, `Is ${i} a slow question?`);
      await play(h.as('bob'), h, 'Where is the deploy runbook?');
      await h.advance(30 * 60_000, 5 * 60_000);
      const early = await entriesOf(h, 'post_message');
      assert.deepEqual(
        early.map((e) => e.channel),
        ['local:general'],
        'after 30m only #general’s question is nudged',
      );
      await h.advance(30 * 60_000, 5 * 60_000);
      assert.equal((await entriesOf(h, 'post_message')).length, 61, 'after 1h #random’s too');
      assert.match(
        await play(h.as('alice'), h, '/teammate detector unanswered-question set after=0s'),
        /after must be a duration such as 2d or 12h \(got "0s"\)/,
        'a zero delay is refused in words',
      );
    });

    it('an unanswered question names who answered similar questions before', async () => {
      h = await createHarness(kind);
      await play(h.as('carol'), h, 'How do I rotate the staging database password?');
      await play(h.as('dave'), h, '/reply m1 Run the rotate-secrets job for staging.');
      await play(h.as('bob'), h, 'Where does the lunch order go?');
      await play(h.as('frank'), h, '/reply m3 The kitchen channel.');
      await play(h.as('erin'), h, 'Is the staging database password rotation automated?');
      await h.advance(HOUR + 60_000, 60_000);
      const [nudge] = await entriesOf(h, 'post_message');
      assert.match(
        textOf(nudge),
        /@erin's question has been waiting 1h without a reply\. @dave: you answered similar questions before, could you help\?/,
      );
    });

    it('missed deadlines: a nudge each time, then a reassignment to the least-loaded teammate, which undo reverses', async () => {
      h = await createHarness(kind);
      await taskEvent(h, 'assigned', {
        id: 'T-1',
        title: 'Migrate billing cron',
        assignee: 'bob',
        due: new Date(START.getTime() + DAY),
      });
      await taskEvent(h, 'assigned', { id: 'T-2', title: 'Write the runbook', assignee: 'dave', due: null });
      await taskEvent(h, 'assigned', { id: 'T-3', title: 'Review alerts', assignee: 'dave', due: null });
      await taskEvent(h, 'assigned', { id: 'T-4', title: 'Old ticket', assignee: 'carol', due: null });
      await taskEvent(h, 'done', { id: 'T-4', title: 'Old ticket' });
      await h.advance(DAY + HOUR, HOUR);
      const first = await entriesOf(h, 'post_message');
      assert.equal(first.length, 1);
      assert.match(
        textOf(first[0]),
        /^@bob, “Migrate billing cron” was due 2026-11-24 and is still open\. Is it blocked/,
      );
      assert.equal((await entriesOf(h, 'reassign_task')).length, 0, 'one miss is not a pattern');
      await taskEvent(h, 'due', {
        id: 'T-1',
        title: 'Migrate billing cron',
        due: new Date(h.clock.now().getTime() + DAY),
      });
      await h.advance(DAY + HOUR, HOUR);
      assert.match(textOf((await entriesOf(h, 'post_message'))[1]), /This is the second due date it has missed\./);
      const [reassign] = await entriesOf(h, 'reassign_task');
      assert.ok(reassign, 'a reassignment is proposed');
      assert.deepEqual(reassign.params, {
        channel: 'local:general',
        source: 'tasks',
        taskId: 'T-1',
        title: 'Migrate billing cron',
        from: 'local:bob',
        to: 'local:carol',
      });
      assert.equal(reassign.status, 'pending', 'approval by default');
      assert.match(plain(reassign.rationale), /@carol has the fewest open tasks in #general \(0\)/);
      assert.match(await play(h.as('alice'), h, `/teammate approve A-${reassign.id}`), /Approved/);
      assert.equal((await h.deps.stores.tasks.get('tasks', 'T-1'))?.assignee, 'local:carol');
      assert.match(h.printed(), /@carol takes over “Migrate billing cron” from @bob\. Please update the tracker\./);
      await play(h.as('alice'), h, `/teammate undo A-${reassign.id}`);
      assert.equal((await h.deps.stores.tasks.get('tasks', 'T-1'))?.assignee, 'local:bob');
    });

    it("one person's open tasks far above the median: the lead hears why, by a proposed DM", async () => {
      h = await createHarness(kind);
      for (let i = 1; i <= 8; i++)
        await taskEvent(h, 'assigned', { id: `B-${i}`, title: `Bob task ${i}`, assignee: 'bob' });
      await taskEvent(h, 'assigned', { id: 'C-1', title: 'Carol task', assignee: 'carol' });
      await taskEvent(h, 'assigned', { id: 'D-1', title: 'Dave task 1', assignee: 'dave' });
      await taskEvent(h, 'assigned', { id: 'D-2', title: 'Dave task 2', assignee: 'dave' });
      await taskEvent(h, 'assigned', { id: 'E-1', title: 'Erin task', assignee: 'erin' });
      await play(h.as('alice'), h, '/teammate lead @dana');
      await h.advance(10 * 60_000, 5 * 60_000);
      const dms = await entriesOf(h, 'send_dm');
      assert.equal(dms.length, 1);
      const params = dms[0]?.params as { user: string; text: TDoc };
      assert.equal(params.user, 'local:dana');
      assert.match(plainDoc(params.text), /^@bob has 8 open tasks in #general, against a team median of 1\.5\./);
      assert.match(plainDoc(params.text), /move 3 of them to @carol \(1 open\)/);
      assert.match(plain(dms[0]?.rationale), /more than 2× the team median/);
      await h.advance(HOUR, 5 * 60_000);
      await h.advance(2 * 24 * HOUR, 6 * HOUR);
      assert.equal((await entriesOf(h, 'send_dm')).length, 1, 'once a week');
    });
  });
}
