import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { startRuntime, type TRuntime } from '../../src/runtime.js';
import { signBody } from '../../src/sources/webhooks/signature.js';
import { databaseKinds, freshDatabaseUrl } from '../helpers/databases.js';
import { assertNoRawValidation } from '../helpers/raw-validation.js';

const SECRET = 'shared-webhook-secret';
const CRM_SECRET = 'crm-only-secret';

for (const kind of databaseKinds) {
  describe(`signed webhooks over HTTP, on ${kind}`, () => {
    let runtime: TRuntime;
    let base: string;
    let drop: () => Promise<void>;

    before(async () => {
      const db = await freshDatabaseUrl(kind);
      drop = db.drop;
      const config = loadConfig({
        DATABASE_URL: db.url,
        PORT: '0',
        HOST: '127.0.0.1',
        TEAMMATE_TIMEZONE: 'UTC',
        TEAMMATE_WEBHOOK_SECRET: SECRET,
        TEAMMATE_WEBHOOK_SECRET_CRM: CRM_SECRET,
        TEAMMATE_WEBHOOK_SOURCES: 'crm=deal, tracker=task',
        TEAMMATE_DEFAULT_CHANNEL: 'general',
        TEAMMATE_WEBHOOK_CHANNEL_TRACKER: '#eng',
      });
      runtime = await startRuntime({ config, log: silentLogger, version: 'test', http: true, heartbeat: false });
      base = `http://127.0.0.1:${(runtime.server?.address() as AddressInfo | undefined)?.port}`;
    });
    /** Every answer a sender read, scanned for raw validation messages at the end. */
    const answers: string[] = [];
    after(async () => {
      await runtime.close();
      await drop();
      assertNoRawValidation(answers, 'the webhook endpoint');
    });

    const post = async (source: string, body: string, headers: Record<string, string> = {}, query = '') => {
      const response = await fetch(`${base}/webhooks/${source}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      answers.push(await response.clone().text());
      return response;
    };
    const signed = (
      source: string,
      value: unknown,
      secret = SECRET,
      headers: Record<string, string> = {},
      query = '',
    ) => {
      const body = JSON.stringify(value);
      return post(source, body, { 'x-teammate-signature': signBody(body, secret), ...headers }, query);
    };
    const task = (id: string) => ({
      event: 'assigned',
      task: {
        id,
        title: 'Fix login',
        assignee: 'bob',
        due: '2026-11-30T17:00:00Z',
        url: 'https://tracker.example/T-1',
      },
    });

    it('a signed task event is queued, processed and remembered; a redelivery is recognised', async () => {
      const response = await signed('tasks', task('T-1'), SECRET, { 'x-teammate-delivery': 'delivery-1' });
      assert.equal(response.status, 202);
      assert.deepEqual(await response.json(), { status: 'queued', id: 'webhook:tasks:delivery-1' });
      await runtime.teammate.drain();
      const stored = await runtime.teammate.deps.stores.tasks.get('tasks', 'T-1');
      assert.equal(stored?.assignee, 'local:bob', 'a bare id is read on the platform the events go to');
      assert.equal(stored?.dueAt?.toISOString(), '2026-11-30T17:00:00.000Z');
      assert.equal(stored?.channel, 'local:general');
      const again = await signed('tasks', task('T-1'), SECRET, { 'x-teammate-delivery': 'delivery-1' });
      assert.deepEqual(await again.json(), { status: 'duplicate', id: 'webhook:tasks:delivery-1' });
      // Fields left out keep their values; null clears them.
      await signed('tasks', { event: 'updated', task: { id: 'T-1', title: 'Fix login (SSO)' } });
      await signed('tasks', { event: 'assigned', task: { id: 'T-1', title: 'Fix login (SSO)', assignee: null } });
      await runtime.teammate.drain();
      const changed = await runtime.teammate.deps.stores.tasks.get('tasks', 'T-1');
      assert.equal(changed?.title, 'Fix login (SSO)');
      assert.equal(changed?.assignee, undefined);
      assert.equal(changed?.dueAt?.toISOString(), '2026-11-30T17:00:00.000Z');
    });

    it('a bad, missing or other-source signature is refused with 401 and nothing is stored', async () => {
      const body = JSON.stringify(task('T-forged'));
      for (const signature of [undefined, 'sha256=00', signBody(body, 'wrong-secret'), signBody(`${body} `, SECRET)]) {
        const response = await post('tasks', body, signature ? { 'x-teammate-signature': signature } : {});
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as { error: string }).error, 'bad_signature');
      }
      // The CRM has its own secret: the shared one does not open it.
      const deal = {
        deal: { id: 'D-1', name: 'Acme', stage: 'proposal', owner: 'erin', lastActivityAt: '2026-11-20T10:00:00Z' },
      };
      assert.equal((await signed('crm', deal, SECRET)).status, 401);
      await runtime.teammate.drain();
      assert.equal(await runtime.teammate.deps.stores.tasks.get('tasks', 'T-forged'), undefined);
      assert.equal((await signed('crm', deal, CRM_SECRET, {}, '?channel=sales')).status, 202);
      assert.equal((await signed('tracker', task('J-1'), SECRET)).status, 202);
      await runtime.teammate.drain();
      assert.equal((await runtime.teammate.deps.stores.tasks.get('tracker', 'J-1'))?.title, 'Fix login');
    });

    it('a tool whose webhook is not configured says what to set', async () => {
      const response = await post('hubspot', '[]', {
        'x-hubspot-signature-v3': 'x',
        'x-hubspot-request-timestamp': '1',
      });
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), {
        error: 'not_configured',
        message:
          'HubSpot is not configured: set HUBSPOT_CLIENT_SECRET (the client secret of the HubSpot app that sends the webhooks; and HUBSPOT_ACCESS_TOKEN to read and change deals)',
      });
      // GitHub takes the shared secret, as every source does, but only in GitHub's own signature header.
      const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
      const teammateSigned = await post('github', body, {
        'x-teammate-signature': signBody(body, SECRET),
        'x-github-event': 'ping',
      });
      assert.equal(teammateSigned.status, 401);
      const githubSigned = await post('github', body, {
        'x-hub-signature-256': signBody(body, SECRET),
        'x-github-event': 'ping',
      });
      assert.equal(githubSigned.status, 202);
    });

    it('a delivery goes to its own channel, else its source’s, else the default; one nobody runs gets 400', async () => {
      await signed('tracker', task('J-2'));
      await signed('tracker', { ...task('J-3'), channel: '#release' });
      await signed('tasks', task('T-9'), SECRET, {}, '?channel=local%3Aops');
      await runtime.teammate.drain();
      const channels = await Promise.all(
        [
          ['tracker', 'J-2'],
          ['tracker', 'J-3'],
          ['tasks', 'T-9'],
        ].map(async ([source = '', id = '']) => (await runtime.teammate.deps.stores.tasks.get(source, id))?.channel),
      );
      assert.deepEqual(channels, ['local:eng', 'local:release', 'local:ops']);
      // When it happened at the source, when the body says so.
      await signed('tracker', { ...task('J-4'), at: '2026-11-20T10:00:00Z' });
      await runtime.teammate.drain();
      const dated = await runtime.teammate.deps.stores.tasks.get('tracker', 'J-4');
      assert.equal(dated?.createdAt.toISOString(), '2026-11-20T10:00:00.000Z');
      const elsewhere = await signed('tasks', { ...task('T-10'), channel: 'slack:C0GENERAL' });
      assert.equal(elsewhere.status, 400);
      assert.deepEqual(await elsewhere.json(), {
        error: 'invalid_body',
        message: 'channel: slack:C0GENERAL is on slack, which is not running here (running: local)',
      });
    });

    it('an invalid body gets 400 naming the field; an unknown source 404; a huge body 413', async () => {
      const cases: [unknown, RegExp][] = [
        [{ event: 'assigned', task: { id: 'T-2' } }, /^task\.title: is missing$/],
        [
          { event: 'exploded', task: { id: 'T-2', title: 'x' } },
          /^event: expected created or assigned or due or done or updated \(got "exploded"\)$/,
        ],
        [
          { event: 'due', task: { id: 'T-2', title: 'x', due: 'next-ish' } },
          /^task\.due: expected a date and time such as 2026-12-01T17:00:00Z$/,
        ],
      ];
      for (const [value, field] of cases) {
        const response = await signed('tasks', value);
        assert.equal(response.status, 400);
        const body = (await response.json()) as { error: string; message: string };
        assert.equal(body.error, 'invalid_body');
        assert.match(body.message, field);
        assert.doesNotMatch(body.message, /Invalid|received|expected date/, 'in words, not validation jargon');
      }
      const notJson = 'not json';
      const bad = await post('tasks', notJson, { 'x-teammate-signature': signBody(notJson, SECRET) });
      assert.deepEqual([bad.status, ((await bad.json()) as { error: string }).error], [400, 'invalid_json']);
      assert.equal((await signed('nonsense', task('X'))).status, 404);
      const huge = JSON.stringify({ pad: 'x'.repeat(400_000) });
      const tooLarge = await post('tasks', huge, { 'x-teammate-signature': signBody(huge, SECRET) });
      assert.equal(tooLarge.status, 413);
    });
  });
}

describe('a webhook with nowhere to go', () => {
  it('gets 400 naming the settings that would place it, and nothing is stored', async () => {
    const db = await freshDatabaseUrl('sqlite');
    const config = loadConfig({ DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', TEAMMATE_WEBHOOK_SECRET: SECRET });
    const runtime = await startRuntime({ config, log: silentLogger, version: 'test', http: true, heartbeat: false });
    try {
      const body = JSON.stringify({ event: 'created', task: { id: 'T-1', title: 'Fix login' } });
      const response = await fetch(
        `http://127.0.0.1:${(runtime.server?.address() as AddressInfo | undefined)?.port}/webhooks/tasks`,
        { method: 'POST', headers: { 'x-teammate-signature': signBody(body, SECRET) }, body },
      );
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        error: 'invalid_body',
        message:
          'channel: say which channel (in the body, ?channel=, TEAMMATE_WEBHOOK_CHANNEL_TASKS or TEAMMATE_DEFAULT_CHANNEL)',
      });
      await runtime.teammate.drain();
      assert.equal(await runtime.teammate.deps.stores.tasks.get('tasks', 'T-1'), undefined);
    } finally {
      await runtime.close();
      await db.drop();
    }
  });
});

describe('webhook configuration', () => {
  it('names a wrong source mapping', () => {
    assert.throws(
      () => loadConfig({ TEAMMATE_WEBHOOK_SOURCES: 'linear=ticket' }),
      /expected name=task or name=deal \(got "linear=ticket"\)/,
    );
  });
  it('reads calendars from TEAMMATE_CALENDARS, each with an optional channel', () => {
    const config = loadConfig({ TEAMMATE_CALENDARS: 'https://cal.example/team.ics #eng; ./ops.ics' });
    assert.deepEqual(config.calendars.feeds, [
      { source: 'https://cal.example/team.ics', channel: 'eng' },
      { source: './ops.ics' },
    ]);
  });
});
