import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shortId } from '../../src/core/ledger-entry.js';
import { startLocalBot, type TLocalBot } from '../helpers/local-bot.js';
import { startFakeJira, type TFakeJira } from '../kit/fake-jira.js';
import { jiraIssueEvent, postJira } from '../kit/tool-webhooks.js';

const SECRET = 'jira-webhook-secret';
const ANA = { accountId: '5b10a2844c20165700ede21g', displayName: 'Ana Lima' };
const BOB = { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Bob Stone' };
const CAROL = { accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', displayName: 'Carol Diaz' };

describe('Jira Cloud end to end: its deliveries in, the assignee changed in Jira, undone there', () => {
  let jira: TFakeJira;
  let bot: TLocalBot;
  let deliveries = 0;
  const deliver = (payload: unknown) => postJira(bot.url, payload, SECRET, `jira-delivery-${++deliveries}`);
  const dueSoon = () => new Date(bot.runtime.clock.now().getTime() - 3_600_000).toISOString().slice(0, 10);
  /** An issue due today, assigned to `who`, in Jira and delivered; a day later its reassignment is pending. */
  async function overdue(key: string, who: typeof ANA) {
    jira.put(key, { summary: `Task ${key}`, assignee: who.accountId });
    await deliver(jiraIssueEvent('jira:issue_created', { key, summary: `Task ${key}`, assignee: who, due: dueSoon() }));
    await bot.runtime.teammate.drain();
    await bot.say('alice', '/wait 1d');
    const entry = (await bot.entries()).find(
      (e) => e.kind === 'reassign_task' && (e.params as { taskId: string }).taskId === key,
    );
    assert.ok(entry, `a reassignment of ${key} is proposed`);
    return entry;
  }

  before(async () => {
    jira = await startFakeJira({ now: () => bot.runtime.clock.now(), people: [ANA, BOB, CAROL] });
    bot = await startLocalBot(
      {
        JIRA_BASE_URL: jira.url,
        JIRA_EMAIL: 'bot@acme.test',
        JIRA_API_TOKEN: 'jira-api-token',
        TEAMMATE_WEBHOOK_SECRET_JIRA: SECRET,
        TEAMMATE_WEBHOOK_CHANNEL_JIRA: 'general',
      },
      { connectors: { maxWaitMs: 3000 } },
    );
    await bot.say('alice', `/teammate people link @ana jira:${ANA.accountId}`);
    await bot.say('alice', `/teammate people link @bob jira:${BOB.accountId}`);
    await bot.say('alice', '/teammate detector missed-deadline set repeat=1');
    // Bob has a task of his own, due later: he is the least loaded one Ana's can go to.
    jira.put('PLAT-100', { summary: 'Bob’s own', assignee: BOB.accountId });
    await deliver(
      jiraIssueEvent('jira:issue_created', { key: 'PLAT-100', summary: 'Bob’s own', assignee: BOB, due: '2026-12-31' }),
    );
  });
  after(async () => {
    await bot?.close();
    await jira?.close();
  });

  it('a due date passes → reassignment approved → Jira assignee and ADF comment → undo restores the assignee and deletes the comment', async () => {
    const entry = await overdue('PLAT-1', ANA);
    const task = await bot.runtime.deps.stores.tasks.get('jira', 'PLAT-1');
    assert.equal(task?.assignee, 'local:ana');
    assert.equal(task?.url, 'https://acme.atlassian.net/browse/PLAT-1');
    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    assert.equal(jira.issues.get('PLAT-1')?.assignee?.accountId, BOB.accountId);
    const put = jira.requests.find((r) => r.method === 'PUT');
    assert.deepEqual(put?.body, { accountId: BOB.accountId });
    assert.equal(
      put?.headers.authorization,
      `Basic ${Buffer.from('bot@acme.test:jira-api-token').toString('base64')}`,
      'basic auth with the e-mail and the API token',
    );
    const [comment] = [...jira.comments.values()];
    assert.ok(comment);
    assert.equal((comment.body as { type: string }).type, 'doc', 'the comment is Atlassian Document Format');
    assert.match(JSON.stringify(comment?.body), new RegExp(shortId(entry.id)));

    // An undo that fails half-way (the comment deleted, then Jira fails) can simply be asked again.
    jira.fail({ status: 500, body: { errorMessages: ['Internal server error'] } }, { method: 'PUT' });
    const failed = await bot.say('alice', `/teammate undo ${shortId(entry.id)}`);
    assert.match(failed, /Could not undo .*Jira is failing \(500\)/s);
    assert.equal(jira.comments.size, 0);
    assert.equal((await bot.runtime.deps.stores.ledger.get(entry.id))?.undoStatus, 'failed');
    assert.match(await bot.say('alice', `/teammate undo ${shortId(entry.id)}`), /Undid/);
    assert.equal(jira.issues.get('PLAT-1')?.assignee?.accountId, ANA.accountId);
    assert.deepEqual(jira.changes().slice(-4), [
      'DELETE /rest/api/3/issue/PLAT-1/comment/10500',
      'PUT /rest/api/3/issue/PLAT-1/assignee',
      'DELETE /rest/api/3/issue/PLAT-1/comment/10500',
      'PUT /rest/api/3/issue/PLAT-1/assignee',
    ]);
  });

  it('an undo after someone else took the issue in Jira is refused with who did it', async () => {
    const entry = await overdue('PLAT-2', ANA);
    await bot.say('alice', `/teammate approve ${shortId(entry.id)}`);
    await bot.say('alice', '/wait 5m');
    jira.reassign('PLAT-2', CAROL.accountId, CAROL);
    const writes = jira.changes().length;
    const reply = await bot.say('alice', `/teammate undo ${shortId(entry.id)}`);
    assert.match(reply, /Did not undo .*Carol Diaz/s);
    assert.equal(jira.changes().length, writes);
    assert.equal((await bot.runtime.deps.stores.ledger.get(entry.id))?.undoStatus, 'refused');
  });

  it('a forged signature gets 401; a replayed delivery is processed once; a deleted issue is closed here', async () => {
    const payload = jiraIssueEvent('jira:issue_created', {
      key: 'PLAT-9',
      summary: 'Forged',
      assignee: ANA,
      due: '2026-12-01',
    });
    const forged = await postJira(bot.url, payload, SECRET, 'x-1', `sha256=${'ab'.repeat(32)}`);
    assert.equal(forged.status, 401);
    assert.match(((await forged.json()) as { message: string }).message, /X-Hub-Signature/);
    assert.equal((await postJira(bot.url, payload, 'other-secret', 'x-2')).status, 401);
    const first = await postJira(bot.url, payload, SECRET, 'same-id');
    const again = await postJira(bot.url, payload, SECRET, 'same-id');
    assert.equal(((await first.json()) as { status: string }).status, 'queued');
    assert.equal(((await again.json()) as { status: string }).status, 'duplicate');
    await deliver(jiraIssueEvent('comment_created', { key: 'PLAT-9', summary: 'Forged' }));
    await bot.runtime.teammate.drain();
    assert.equal(
      (await bot.runtime.deps.stores.tasks.get('jira', 'PLAT-9'))?.assignee,
      'local:ana',
      'a comment leaves the assignee',
    );
    await deliver(jiraIssueEvent('jira:issue_deleted', { key: 'PLAT-9', summary: 'Forged', assignee: ANA }));
    await bot.runtime.teammate.drain();
    assert.equal((await bot.runtime.deps.stores.tasks.get('jira', 'PLAT-9'))?.status, 'done');
    const other = await deliver({ webhookEvent: 'worklog_updated', timestamp: 1 });
    assert.equal(((await other.json()) as { status: string }).status, 'ignored');
  });

  it('a rate limit is waited out; a missing permission fails the action in words, in the channel and in status', async () => {
    const limited = await overdue('PLAT-3', ANA);
    jira.fail(
      { status: 429, headers: { 'retry-after': '1' }, body: { errorMessages: ['Rate limit exceeded'] } },
      { method: 'PUT' },
    );
    await bot.say('alice', `/teammate approve ${shortId(limited.id)}`);
    assert.equal(
      (await bot.runtime.deps.stores.ledger.get(limited.id))?.status,
      'executed',
      'retried after Retry-After',
    );
    assert.equal(jira.issues.get('PLAT-3')?.assignee?.accountId, BOB.accountId);

    const refused = await overdue('PLAT-4', ANA);
    jira.fail(
      { status: 403, body: { errorMessages: ['You do not have permission to assign issues in this project.'] } },
      { method: 'PUT' },
      5,
    );
    const reply = await bot.say('alice', `/teammate approve ${shortId(refused.id)}`);
    const entry = await bot.runtime.deps.stores.ledger.get(refused.id);
    assert.equal(entry?.status, 'failed');
    assert.match(entry?.error ?? '', /^Jira refused \(403\)/);
    assert.match(
      bot.lines.join('\n'),
      new RegExp(`${shortId(refused.id)} failed: Jira refused \\(403\\)`),
      'the channel is told',
    );
    assert.ok(reply.length > 0);
    assert.equal(jira.issues.get('PLAT-4')?.assignee?.accountId, ANA.accountId, 'nothing changed');
    const status = await bot.say('alice', '/teammate status');
    assert.match(status, /Connected tools: Jira: failing since .* Jira refused \(403\)/);
  });
});
