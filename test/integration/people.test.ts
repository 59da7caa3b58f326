import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { githubSource } from '../../src/connectors/github/github-source.js';
import { jiraSource } from '../../src/connectors/jira/jira-source.js';
import { plainText } from '../../src/core/text/plain.js';
import { createHarness, type THarness } from '../helpers/harness.js';

const day = 86_400_000;

describe('people across tools', () => {
  let h: THarness;
  afterEach(() => h?.close());

  it('a tracker identity is found in chat by its e-mail address, and the link is remembered', async () => {
    const lookups: string[] = [];
    h = await createHarness('sqlite', {
      settings: { admins: ['local:alice'] },
      // The local chat has no directory of addresses; Slack's users.lookupByEmail stands here.
      chatWrapper: (chat) => ({
        ...chat,
        personByEmail: async (email) => {
          lookups.push(email);
          return email === 'ana@acme.test' ? 'local:ana' : undefined;
        },
      }),
    });
    const task = (key: string, email: string, accountId: string) => ({
      task: {
        id: key,
        title: key,
        open: true,
        assignees: [{ id: accountId, name: accountId, email }],
        dueAt: null,
      },
    });
    const record = (payload: ReturnType<typeof task>) =>
      jiraSource.record(h.deps, { source: 'jira', channel: 'local:general', at: h.clock.now(), payload });
    await record(task('PLAT-1', 'ana@acme.test', 'acc-ana'));
    await record(task('PLAT-2', 'ana@acme.test', 'acc-ana'));
    await record(task('PLAT-3', 'nobody@acme.test', 'acc-zed'));
    assert.equal((await h.deps.stores.tasks.get('jira', 'PLAT-1'))?.assignee, 'local:ana');
    assert.equal((await h.deps.stores.tasks.get('jira', 'PLAT-2'))?.assignee, 'local:ana');
    assert.equal((await h.deps.stores.tasks.get('jira', 'PLAT-3'))?.assignee, undefined);
    assert.deepEqual(lookups, ['ana@acme.test', 'nobody@acme.test'], 'a found person is not looked up again');
    await h.as('alice').handle('/teammate people');
    assert.match(h.printed(), /@ana — jira:acc-ana \(found by e-mail address\)/);
  });

  it('a task whose assignee nobody links is still nudged, the card names whom it could not reach, and linking gives it to them', async () => {
    h = await createHarness('sqlite', { settings: { admins: ['local:alice'] } });
    const due = new Date(h.clock.now().getTime() + day).toISOString();
    await githubSource.record(h.deps, {
      source: 'github',
      channel: 'local:general',
      at: h.clock.now(),
      payload: {
        what: 'task',
        task: {
          id: 'acme/api#7',
          title: 'Cache invalidation',
          open: true,
          assignees: [{ id: 'zed-dev', name: 'zed-dev' }],
          milestone: 'acme/api/milestones/1',
          dueAt: new Date(due),
        },
      },
    });
    await h.advance(day + 60 * 60_000);
    const [nudge] = await h.deps.stores.ledger.recent({ limit: 5, status: ['pending'] });
    assert.ok(nudge, 'the overdue task is nudged although nobody in chat is its assignee');
    assert.match(plainText(nudge.rationale), /could not reach “zed-dev”: no one in chat is linked to them in github/);
    assert.match(h.printed(), /\/teammate people link @someone github:zed-dev/);

    await h.as('alice').handle('/teammate people link @zed github:zed-dev');
    assert.match(h.printed(), /Linked @zed to github:zed-dev\. 1 open task or deal is now with them\./);
    assert.equal((await h.deps.stores.tasks.get('github', 'acme/api#7'))?.assignee, 'local:zed');
    await h.as('bob').handle('/teammate people link @bob github:zed-dev');
    assert.match(h.printed(), /Only admins can change that/);
    await h.as('alice').handle('/teammate people link @yan github:zed-dev');
    assert.match(h.printed(), /github:zed-dev was linked to @zed before/);
    await h.as('alice').handle('/teammate people unlink github:zed-dev');
    assert.match(h.printed(), /Unlinked github:zed-dev\./);
  });
});
