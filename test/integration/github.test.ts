import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shortId } from '../../src/core/ledger-entry.js';
import { databaseKinds } from '../helpers/databases.js';
import { startLocalBot, type TLocalBot } from '../helpers/local-bot.js';
import { startFakeGitHub, type TFakeGitHub } from '../kit/fake-github.js';
import { githubExample, githubExamples, githubIssueEvent, postGitHub } from '../kit/tool-webhooks.js';

const SECRET = 'github-webhook-secret';
const REPO = 'acme/api';

for (const kind of databaseKinds) {
  describe(`GitHub Issues end to end: its deliveries in, the assignee changed in GitHub, undone there, on ${kind}`, () => {
    let github: TFakeGitHub;
    let bot: TLocalBot;
    let deliveries = 0;
    const deliver = (event: string, payload: unknown) =>
      postGitHub(bot.url, event, payload, SECRET, `d-${++deliveries}`);
    const issue = (number: number, assignees: string[], due = '2026-11-24T00:00:00Z', title = `Issue ${number}`) =>
      githubIssueEvent('assigned', { repo: REPO, number, title, assignees, due });

    before(async () => {
      github = await startFakeGitHub({ now: () => bot.runtime.clock.now() });
      bot = await startLocalBot(
        {
          GITHUB_TOKEN: 'ghp_test_token',
          GITHUB_API_URL: github.apiUrl,
          TEAMMATE_WEBHOOK_SECRET_GITHUB: SECRET,
          TEAMMATE_WEBHOOK_CHANNEL_GITHUB: 'general',
        },
        { kind, connectors: { maxWaitMs: 2000 } },
      );
      await bot.say('alice', '/teammate people link @ana github:ana-dev');
      await bot.say('alice', '/teammate people link @bob github:bob-dev');
      await bot.say('alice', '/teammate detector missed-deadline set repeat=1');
    });
    after(async () => {
      await bot?.close();
      await github?.close();
    });

    it('a milestone passes with the issue open → reassignment proposed → approved → GitHub changed → undo restores it', async () => {
      github.put(`${REPO}#1`, { title: 'Fix login', state: 'open', assignees: ['ana-dev'] });
      github.put(`${REPO}#2`, { title: 'Docs', state: 'open', assignees: ['bob-dev'] });
      assert.equal((await deliver('issues', issue(1, ['ana-dev'], '2026-11-24T00:00:00Z', 'Fix login'))).status, 202);
      assert.equal((await deliver('issues', issue(2, ['bob-dev'], '2026-12-24T00:00:00Z', 'Docs'))).status, 202);
      await bot.runtime.teammate.drain();
      const task = await bot.runtime.deps.stores.tasks.get('github', `${REPO}#1`);
      assert.equal(task?.assignee, 'local:ana', 'the GitHub login is linked to Ana in chat');
      assert.deepEqual(task?.toolAssignees, [{ id: 'ana-dev', name: 'ana-dev' }]);
      assert.equal(task?.dueAt?.toISOString(), '2026-11-24T00:00:00.000Z', 'the milestone due date is the task’s');
      assert.equal(task?.url, `https://github.com/${REPO}/issues/1`);

      await bot.say('alice', '/wait 1d');
      const reassign = (await bot.entries()).find((e) => e.kind === 'reassign_task');
      assert.ok(reassign, 'a reassignment is proposed once the milestone passed');
      assert.equal(reassign.status, 'pending');
      assert.deepEqual(reassign.params, {
        channel: 'local:general',
        source: 'github',
        taskId: `${REPO}#1`,
        title: 'Fix login',
        from: 'local:ana',
        fromTool: [{ id: 'ana-dev', name: 'ana-dev' }],
        to: 'local:bob',
      });
      const id = shortId(reassign.id);
      const approved = await bot.say('alice', `/teammate approve ${id}`);
      assert.match(approved, /in GitHub/);
      assert.deepEqual(github.issues.get(`${REPO}#1`)?.assignees, ['bob-dev'], 'GitHub has the new assignee');
      const comment = [...github.comments.values()].find((c) => c.issue === `${REPO}#1`);
      assert.ok(comment, 'a comment says why');
      assert.match(comment.body, new RegExp(`${id}`));
      assert.match(comment.body, /@ana-dev to @bob-dev/);
      const patch = github.requests.find((r) => r.method === 'PATCH');
      assert.deepEqual(patch?.body, { assignees: ['bob-dev'] });
      assert.equal(patch?.headers.authorization, 'token ghp_test_token');
      assert.equal((await bot.runtime.deps.stores.tasks.get('github', `${REPO}#1`))?.assignee, 'local:bob');

      const undone = await bot.say('alice', `/teammate undo ${id}`);
      assert.match(undone, new RegExp(`Undid ${id}`));
      assert.deepEqual(github.issues.get(`${REPO}#1`)?.assignees, ['ana-dev'], 'exactly the previous assignees');
      assert.equal(
        [...github.comments.values()].filter((c) => c.issue === `${REPO}#1`).length,
        0,
        'the comment is gone',
      );
      assert.equal((await bot.runtime.deps.stores.ledger.get(reassign.id))?.status, 'undone');
      assert.deepEqual(github.validate(), [], 'every answer of the fake matches GitHub’s OpenAPI schemas');
    });

    it('an undo after someone changed the assignees in GitHub is refused, says who, and changes nothing', async () => {
      github.put(`${REPO}#3`, { title: 'Flaky test', state: 'open', assignees: ['ana-dev'] });
      await deliver('issues', issue(3, ['ana-dev'], '2026-11-25T00:00:00Z', 'Flaky test'));
      await bot.runtime.teammate.drain();
      await bot.say('alice', '/wait 1d');
      const reassign = (await bot.entries()).find((e) => e.kind === 'reassign_task' && e.status === 'pending');
      assert.ok(reassign);
      await bot.say('alice', `/teammate approve ${shortId(reassign.id)}`);
      assert.deepEqual(github.issues.get(`${REPO}#3`)?.assignees, ['bob-dev']);
      await bot.say('alice', '/wait 10m');
      github.reassign(`${REPO}#3`, ['carol-dev'], 'carol-dev');
      const before = github.changes().length;
      const reply = await bot.say('alice', `/teammate undo ${shortId(reassign.id)}`);
      assert.match(reply, /Did not undo/);
      assert.match(reply, /carol-dev/);
      assert.deepEqual(github.issues.get(`${REPO}#3`)?.assignees, ['carol-dev'], 'their change stands');
      assert.equal(github.changes().length, before, 'nothing was written to GitHub');
      const entry = await bot.runtime.deps.stores.ledger.get(reassign.id);
      assert.equal(entry?.status, 'executed');
      assert.equal(entry?.undoStatus, 'refused');
      assert.match(entry?.error ?? '', /changed the assignees .* since \(carol-dev\)/);
      const events = await bot.runtime.deps.stores.ledger.events(reassign.id);
      assert.ok(events.some((e) => e.to === 'undo:refused'));
      assert.match(await bot.say('alice', `/teammate why ${shortId(reassign.id)}`), /Undo refused/);
    });

    it('a forged signature is refused (401); a replayed delivery is processed once; ping and other events are acknowledged', async () => {
      const payload = issue(9, ['ana-dev'], '2026-12-01T00:00:00Z', 'Forged');
      const forged = await postGitHub(bot.url, 'issues', payload, SECRET, 'forged-1', `sha256=${'0'.repeat(64)}`);
      assert.equal(forged.status, 401);
      assert.match(((await forged.json()) as { message: string }).message, /X-Hub-Signature-256/);
      const wrongSecret = await postGitHub(bot.url, 'issues', payload, 'not-the-secret', 'forged-2');
      assert.equal(wrongSecret.status, 401);
      await bot.runtime.teammate.drain();
      assert.equal(await bot.runtime.deps.stores.tasks.get('github', `${REPO}#9`), undefined);

      const replay = issue(10, ['bob-dev'], '2026-12-01T00:00:00Z', 'Replayed');
      const first = await postGitHub(bot.url, 'issues', replay, SECRET, 'same-delivery');
      const again = await postGitHub(bot.url, 'issues', replay, SECRET, 'same-delivery');
      assert.deepEqual(await first.json(), { status: 'queued', id: 'webhook:github:same-delivery' });
      assert.deepEqual(await again.json(), { status: 'duplicate', id: 'webhook:github:same-delivery' });

      const ping = await postGitHub(bot.url, 'ping', githubExample('ping'), SECRET, 'ping-1');
      assert.equal(ping.status, 202);
      assert.equal(((await ping.json()) as { status: string }).status, 'ignored');
      const push = await postGitHub(bot.url, 'push', { ref: 'refs/heads/main' }, SECRET, 'push-1');
      assert.match(((await push.json()) as { message: string }).message, /push events are not read/);
      const broken = await postGitHub(bot.url, 'issues', { action: 'opened', issue: { number: 'x' } }, SECRET, 'bad-1');
      assert.equal(broken.status, 400);
      assert.match(((await broken.json()) as { message: string }).message, /payload\.issue/);
    });

    it('recorded payloads of every issues, issue_comment and milestone action are read; a closed issue withdraws its proposals', async () => {
      for (const name of ['issues', 'issue_comment', 'milestone']) {
        for (const [i, payload] of githubExamples(name).entries()) {
          const response = await postGitHub(bot.url, name, payload, SECRET, `example-${name}-${i}`);
          assert.equal(
            response.status,
            202,
            `${name}.${String((payload as { action?: string }).action)}: ${await response.clone().text()}`,
          );
        }
      }
      await bot.runtime.teammate.drain();
      assert.deepEqual((await bot.runtime.deps.stores.inbox.failed(10)).rows, []);

      // A milestone that moves re-dates its open issues; a closed issue is done and its pending proposals go.
      github.put(`${REPO}#4`, { title: 'Payments', state: 'open', assignees: ['ana-dev'] });
      const soon = new Date(bot.runtime.clock.now().getTime() + 12 * 3_600_000).toISOString();
      await deliver('issues', issue(4, ['ana-dev'], soon, 'Payments'));
      await bot.runtime.teammate.drain();
      await bot.say('alice', '/wait 1d');
      const pending = (await bot.entries()).filter(
        (e) => e.status === 'pending' && (e.params as { taskId?: string }).taskId === `${REPO}#4`,
      );
      assert.equal(pending.length, 1);
      await deliver(
        'issues',
        githubIssueEvent('closed', {
          repo: REPO,
          number: 4,
          title: 'Payments',
          assignees: ['ana-dev'],
          state: 'closed',
        }),
      );
      await bot.runtime.teammate.drain();
      assert.equal((await bot.runtime.deps.stores.tasks.get('github', `${REPO}#4`))?.status, 'done');
      assert.equal((await bot.runtime.deps.stores.ledger.get(pending[0]?.id ?? 0))?.status, 'withdrawn');
    });

    it('a moved milestone withdraws the proposals about the old date; a secondary rate limit is waited out; a revoked token is said in words', async () => {
      const soon = () => new Date(bot.runtime.clock.now().getTime() + 3_600_000).toISOString();
      github.put(`${REPO}#5`, { title: 'Search', state: 'open', assignees: ['ana-dev'] });
      await deliver('issues', issue(5, ['ana-dev'], soon(), 'Search'));
      await bot.runtime.teammate.drain();
      await bot.say('alice', '/wait 2h');
      const about = async (n: number) =>
        (await bot.entries()).filter((e) => (e.params as { taskId?: string }).taskId === `${REPO}#${n}`);
      const [stale] = await about(5);
      assert.equal(stale?.status, 'pending');
      const moved = githubExample('milestone', 'created') as Record<string, unknown> & {
        milestone: Record<string, unknown>;
        repository: Record<string, unknown>;
      };
      moved.action = 'edited';
      moved.milestone = { ...moved.milestone, number: 1, due_on: '2026-12-20T00:00:00Z' };
      moved.repository = { ...moved.repository, full_name: REPO };
      await deliver('milestone', moved);
      await bot.runtime.teammate.drain();
      assert.equal(
        (await bot.runtime.deps.stores.tasks.get('github', `${REPO}#5`))?.dueAt?.toISOString(),
        '2026-12-20T00:00:00.000Z',
      );
      const withdrawn = await bot.runtime.deps.stores.ledger.get(stale?.id ?? 0);
      assert.equal(withdrawn?.status, 'withdrawn');
      assert.match(withdrawn?.reason ?? '', /new due date/);

      await deliver(
        'issues',
        githubIssueEvent('assigned', {
          repo: 'acme/web',
          number: 6,
          title: 'Billing',
          assignees: ['ana-dev'],
          due: soon(),
        }),
      );
      github.put('acme/web#6', { title: 'Billing', state: 'open', assignees: ['ana-dev'] });
      await bot.runtime.teammate.drain();
      await bot.say('alice', '/wait 2h');
      const [limited] = (await bot.entries()).filter((e) => (e.params as { taskId?: string }).taskId === 'acme/web#6');
      assert.ok(limited);
      github.fail(
        {
          status: 403,
          headers: { 'retry-after': '1' },
          body: { message: 'You have exceeded a secondary rate limit.' },
        },
        { method: 'PATCH' },
      );
      await bot.say('alice', `/teammate approve ${shortId(limited.id)}`);
      assert.equal((await bot.runtime.deps.stores.ledger.get(limited.id))?.status, 'executed');
      assert.deepEqual(github.issues.get('acme/web#6')?.assignees, ['bob-dev']);

      github.put(`${REPO}#11`, { title: 'Audit log', state: 'open', assignees: ['ana-dev'] });
      await deliver('issues', issue(11, ['ana-dev'], soon(), 'Audit log'));
      await bot.runtime.teammate.drain();
      await bot.say('alice', '/wait 2h');
      const [revoked] = await about(11);
      assert.ok(revoked);
      github.fail({ status: 401, body: { message: 'Bad credentials' } }, {}, 3);
      await bot.say('alice', `/teammate approve ${shortId(revoked.id)}`);
      const failed = await bot.runtime.deps.stores.ledger.get(revoked.id);
      assert.equal(failed?.status, 'failed');
      assert.equal(
        failed?.error,
        'GitHub refused the token (401): it is wrong, expired or revoked; set a new GITHUB_TOKEN',
      );
      assert.match(await bot.say('alice', '/teammate status'), /GitHub: failing since .*refused the token \(401\)/);
      assert.deepEqual(github.issues.get(`${REPO}#11`)?.assignees, ['ana-dev']);
    });
  });
}
