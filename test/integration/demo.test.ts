import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { radicaleInstalled } from '../../src/cli/radicale.js';
import { runScript } from '../helpers/process.js';

const demo = fileURLToPath(new URL('../../src/cli/demo.ts', import.meta.url));

test('npm run demo plays the week and shows every scenario, its approval and its action', async () => {
  const output = await runScript(demo);
  const expected: [string, RegExp][] = [
    [
      'a dying meeting is cancelled for an async thread',
      /“Engineering weekly sync” on 2026-11-23 10:00 UTC is cancelled: over its last 4 meetings 75 %/,
    ],
    ['GitHub’s own deliveries are accepted', /\(webhook github issues: 202 queued\)/],
    ['Jira’s own deliveries are accepted', /\(webhook jira: 202 queued\)/],
    ['a tool without a connector uses Teammate’s own format', /\(webhook deals: 202 queued\)/],
    ['the milestone moves by GitHub’s milestone event', /\(webhook github milestone: 202 queued\)/],
    ['the quiet deal nudges its owner', /@erin, “Acme renewal” \(\$40k\) has had no activity for 7d/],
    [
      'the overloaded teammate: the lead is told why',
      /@dana \(DM\) · Teammate \(m\d+\):\n {2}@bob has 7 open tasks in #general, against a team median of 1\.5\./,
    ],
    [
      'the unanswered question names a past answerer',
      /@erin's question has been waiting 1h without a reply\. @dave: you answered similar questions before/,
    ],
    [
      'the quiet thread gets a summary and a draft',
      /@bob, this thread has been quiet for 2d\. Summary: started by @bob/,
    ],
    [
      'the missed deadline nudges, then reassigns on GitHub',
      /\(GitHub: acme\/platform#1 assignees bob-dev → carol-dev\)[\s\S]*@carol takes over “Migrate billing cron” from @bob; it is assigned in GitHub now/,
    ],
    [
      'shadow mode reports what it would have done',
      /What I would have done in #random over the last 7 days \(shadow mode, 1\)/,
    ],
    ['the Friday roundup', /Weekly roundup for #general: 2026-W48[\s\S]*What I did this week\n {2}• 8 actions taken/],
    [
      'why answers from the ledger',
      /• Trigger: “Engineering weekly sync” had low attendance over its last 4 occurrences/,
    ],
  ];
  for (const [what, pattern] of expected) assert.match(output, pattern, what);
  // With Radicale on the machine (.ci/run installs it) the meeting is cancelled on a real CalDAV server.
  assert.match(
    output,
    radicaleInstalled()
      ? /\(Radicale's copy of eng-weekly-sync_demo\.teammate\.ics now has EXDATE:20261123T100000Z: that meeting is gone from everyone's calendar\)/
      : /Radicale is not installed, so the calendar is the read-only file/,
  );
  assert.equal((output.match(/Approval needed: cancel “Engineering weekly sync”/g) ?? []).length, 1, 'cancelled once');
  // Each scene's header comes before what happens in it.
  const before = (header: RegExp, event: RegExp, what: string) => {
    const h = output.search(header);
    const e = output.search(event);
    assert.ok(h >= 0 && e >= 0 && h < e, `${what}: the header comes first`);
  };
  before(/━━━ 2026-11-23 08:00 UTC · Teammate starts/, /┌ A-1 · Approval needed: cancel/, 'the calendar at start');
  before(/━━━ 2026-11-27 16:15 UTC · Friday 16:00: the roundup/, /Weekly roundup for #general/, 'the roundup');
  before(
    /━━━ 2026-11-27 09:00 UTC · Thursday 17:00 the issue missed/,
    /┌ A-9 · Approval needed: reassign/,
    'the reassignment',
  );
  assert.match(output, /75 % of invitees \(the organizer not counted\) declined or did not answer/);
  assert.match(output, /“Alice \(organizer, not counted\): accepted, Bob: declined/);
  assert.doesNotMatch(output, /Error|failed/i);
});
