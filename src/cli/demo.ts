// `npm run demo`: a scripted week in a local workspace. A calendar with a dying weekly meeting, GitHub's and Jira's
// own webhook deliveries (signed as they sign them, over HTTP), a CRM in Teammate's own format, and people talking;
// every scenario's proposal, approval, action and the Friday roundup are printed as they happen. Nothing needs
// credentials; the database is a fresh SQLite file, GitHub's API is a local stand-in (demo-github.ts), and the team
// calendar is on a local Radicale server when Radicale is installed (demo-calendar.ts), else read from the file.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import { loadConfig } from '../config.js';
import { shortId } from '../core/ledger-entry.js';
import { silentLogger } from '../core/logger.js';
import { plainDoc } from '../core/text/plain.js';
import type { LocalSession } from '../platforms/local/session.js';
import { localSession, startRuntime } from '../runtime.js';
import { signBody } from '../sources/webhooks/signature.js';
import { demoCalendar } from './demo-calendar.js';
import { startDemoGitHub } from './demo-github.js';

const SECRET = 'demo-webhook-secret';
const MINUTE = 60_000;
const calendar = fileURLToPath(new URL('../../examples/demo/team-calendar.ics', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'teammate-demo-'));
const write = (line: string) => process.stdout.write(`${line}\n`);

/** A scene's header, printed before what happens in it (time passing included). */
const header = (iso: string, text: string) => write(`\n━━━ ${iso.slice(0, 16).replace('T', ' ')} UTC · ${text} ━━━`);

write('Teammate demo: one week in a local workspace, Monday 23 to Friday 27 November 2026.');
header(
  '2026-11-23T08:00:00Z',
  'Teammate starts and reads the calendar in examples/demo/team-calendar.ics: its weekly sync is dying',
);
const github = await startDemoGitHub(write);
const teamCalendar = await demoCalendar(calendar, write);
const config = loadConfig({
  DATABASE_URL: `file:${join(scratch, 'demo.db')}`,
  PORT: '0',
  HOST: '127.0.0.1',
  TEAMMATE_ADMINS: 'alice',
  TEAMMATE_TIMEZONE: 'UTC',
  TEAMMATE_UNANSWERED_AFTER: '1h',
  ...teamCalendar.env,
  TEAMMATE_WEBHOOK_SECRET: SECRET,
  TEAMMATE_DEFAULT_CHANNEL: 'general',
  GITHUB_TOKEN: 'demo-token',
  GITHUB_API_URL: github.url,
});
const runtime = await startRuntime({
  config,
  log: silentLogger,
  version: 'demo',
  local: { write },
  startAt: new Date('2026-11-23T08:00:00Z'),
  http: true,
  heartbeat: false,
});
if (!runtime.local) throw new Error('the local chat did not start');
const { world } = runtime.local;
const base = `http://127.0.0.1:${(runtime.server?.address() as AddressInfo | undefined)?.port}`;
const sessions = new Map<string, LocalSession>();

/**
 * The next scene: its header, then time passes up to it in 15-minute heartbeats, as in production (what the
 * detectors notice on the way belongs to the scene, so it is printed under its header).
 */
async function scene(iso: string, text: string): Promise<void> {
  header(iso, text);
  const target = new Date(iso).getTime();
  while (runtime.clock.now().getTime() < target) {
    runtime.clock.advance(Math.min(15 * MINUTE, target - runtime.clock.now().getTime()));
    await runtime.tick();
  }
}

/** The id of the message that says `text` (what a person would click on). */
function idOf(text: string): string {
  const found = [...world.messages.values()].find((m) => plainDoc(m.message.body) === text);
  if (!found) throw new Error(`no message says ${text}`);
  return found.ts;
}

/** A person types a line in a channel; the line is shown, then everything it causes. */
async function say(user: string, line: string, channel = 'general'): Promise<void> {
  const key = `${user}:${channel}`;
  const session = sessions.get(key) ?? localSession(runtime, { user, channel });
  sessions.set(key, session);
  write(`${user} in #${channel}> ${line}`);
  await session.handle(line);
}

/**
 * A tool calls its webhook, signed as it signs: GitHub with X-Hub-Signature-256 and its event name, Jira with
 * X-Hub-Signature, a tool without a connector with Teammate's own X-Teammate-Signature.
 */
async function webhook(source: string, body: unknown, githubEvent?: string): Promise<void> {
  const text = JSON.stringify(body);
  const signature: Record<string, string> =
    source === 'github'
      ? { 'x-github-event': githubEvent ?? 'issues', 'x-hub-signature-256': await sign(SECRET, text) }
      : source === 'jira'
        ? { 'x-hub-signature': signBody(text, SECRET) }
        : { 'x-teammate-signature': signBody(text, SECRET) };
  const response = await fetch(`${base}/webhooks/${source}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature },
    body: text,
  });
  const label = githubEvent ? `${source} ${githubEvent}` : source;
  write(`(webhook ${label}: ${response.status} ${((await response.json()) as { status: string }).status})`);
  await runtime.teammate.drain();
}

/** Alice, the admin, approves whatever waits (as she would with the buttons). */
async function approvePending(): Promise<void> {
  const pending = await runtime.teammate.deps.stores.ledger.recent({ limit: 20, status: ['pending'] });
  for (const entry of pending.reverse()) await say('alice', `/teammate approve ${shortId(entry.id)}`);
}

const REPO = 'acme/platform';
const SPRINT = { number: 48, title: 'Sprint 48' };
/** An `issues` delivery as GitHub sends it (the fields Teammate reads; GitHub sends many more). */
const issue = (number: number, title: string, login: string, due?: string) => ({
  action: 'assigned',
  issue: {
    number,
    title,
    state: 'open',
    html_url: `https://github.com/${REPO}/issues/${number}`,
    updated_at: '2026-11-23T08:05:00Z',
    assignees: [{ login }],
    labels: [],
    milestone: due ? { ...SPRINT, due_on: due } : null,
  },
  repository: { full_name: REPO },
  sender: { login },
});
/** A `jira:issue_created` delivery as Jira Cloud sends it (the fields Teammate reads). */
const jiraIssue = (key: string, summary: string, accountId: string, name: string) => ({
  timestamp: Date.parse('2026-11-23T08:05:00Z'),
  webhookEvent: 'jira:issue_created',
  issue: {
    id: key.replace(/\D/g, ''),
    key,
    self: `https://acme.atlassian.net/rest/api/3/issue/${key}`,
    fields: {
      summary,
      assignee: { accountId, displayName: name },
      duedate: null,
      status: { name: 'To Do', statusCategory: { key: 'new' } },
    },
  },
});

try {
  await scene('2026-11-23T08:00:00Z', 'Monday: the team sets Teammate up, and Alice approves the cancellation');
  await say('alice', '/teammate calendar list');
  await say('alice', '/teammate roundup schedule "fri 16:00"');
  await say('alice', '/teammate lead @dana');
  await say('alice', '/teammate policy set post_roundup auto in #general');
  await say('alice', '/teammate mode shadow in #random');
  await say('alice', '/teammate people link @bob github:bob-dev');
  await say('alice', '/teammate people link @carol github:carol-dev');
  await say('alice', '/teammate people link @dave jira:5b10ac8d82e05b22cc7d4ef5');
  await say('alice', '/teammate people link @erin jira:5b10a2844c20165700ede21g');
  await approvePending();
  await teamCalendar.showServerCopy();

  await scene('2026-11-23T08:05:00Z', 'GitHub, Jira and the CRM report in, each with its own signed webhooks');
  const titles = [
    'Migrate billing cron',
    'Fix flaky checkout test',
    'Upgrade Postgres',
    'Rotate API keys',
    'Write SLO doc',
    'Triage alerts',
    'Review dashboards',
  ];
  for (const [i, title] of titles.entries()) {
    github.put(`${REPO}#${i + 1}`, title, ['bob-dev']);
    await webhook('github', issue(i + 1, title, 'bob-dev', i === 0 ? '2026-11-24T17:00:00Z' : undefined), 'issues');
  }
  github.put(`${REPO}#8`, 'Update onboarding guide', ['carol-dev']);
  await webhook('github', issue(8, 'Update onboarding guide', 'carol-dev'), 'issues');
  await webhook('jira', jiraIssue('PLAT-9', 'Tune autoscaling', '5b10ac8d82e05b22cc7d4ef5', 'Dave'));
  await webhook('jira', jiraIssue('PLAT-10', 'Clean up feature flags', '5b10ac8d82e05b22cc7d4ef5', 'Dave'));
  await webhook('jira', jiraIssue('PLAT-11', 'Load test search', '5b10a2844c20165700ede21g', 'Erin'));
  write('(the CRM has no connector yet: it sends Teammate’s own signed deal format)');
  await webhook('deals', {
    deal: {
      id: 'D-7',
      name: 'Acme renewal',
      stage: 'proposal',
      owner: 'erin',
      value: '$40k',
      lastActivityAt: '2026-11-15T15:00:00Z',
    },
  });

  await scene('2026-11-23T08:30:00Z', 'Bob is overloaded and the Acme deal went quiet: Alice decides');
  await approvePending();

  await scene('2026-11-23T09:00:00Z', 'People talk');
  await say('carol', 'How do I rotate the staging database password?');
  await say(
    'dave',
    `/reply ${idOf('How do I rotate the staging database password?')} Run the rotate-secrets job with env=staging.`,
  );
  await say('bob', 'Proposal: we move the release to Thursday.');
  const release = idOf('Proposal: we move the release to Thursday.');
  await say('carol', `/reply ${release} Thursday works for QA.`);
  await say('dave', `/reply ${release} Docs need until Friday.`);
  await say('bob', `/reply ${release} Let me check with marketing.`);
  await say('erin', 'Decision: the search launch waits for the load test.');
  await say('erin', 'Is the staging database password rotation automated?');
  await say('bob', 'Where do the on-call notes live?', 'random');

  await scene('2026-11-23T10:15:00Z', "Erin's question waited an hour: Dave answered a similar one");
  await approvePending();
  await say('frank', '/teammate why A-1');

  await scene(
    '2026-11-25T10:00:00Z',
    'Tuesday 17:00 a deadline passed and the release thread went quiet; Wednesday morning Alice decides',
  );
  await approvePending();
  write('(Bob moves the Sprint 48 milestone to Thursday 17:00 on GitHub, which tells Teammate)');
  await webhook(
    'github',
    {
      action: 'edited',
      milestone: { ...SPRINT, due_on: '2026-11-26T17:00:00Z' },
      changes: { due_on: { from: '2026-11-24T17:00:00Z' } },
      repository: { full_name: REPO },
    },
    'milestone',
  );

  await scene(
    '2026-11-27T09:00:00Z',
    'Thursday 17:00 the issue missed its new date too, so reassigning it on GitHub is proposed; Friday morning Alice decides',
  );
  await approvePending();
  await say('alice', '/teammate report in #random');

  await scene('2026-11-27T16:15:00Z', 'Friday 16:00: the roundup posted itself (post_roundup is auto in #general)');
  await say('alice', '/teammate status');
} finally {
  await runtime.close();
  await github.close();
  await teamCalendar.close();
  rmSync(scratch, { recursive: true, force: true });
}
