import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { signHubSpot } from '../../src/connectors/hubspot/hubspot-signature.js';
import { silentLogger } from '../../src/core/logger.js';
import { startRuntime, type TRuntime } from '../../src/runtime.js';
import { signBody } from '../../src/sources/webhooks/signature.js';
import { freshDatabaseUrl } from '../helpers/databases.js';
import { startSlackBot, type TSlackHarness } from '../helpers/slack-harness.js';
import { startTeamsBot, type TTeamsHarness } from '../helpers/teams-harness.js';
import { postSigned } from '../kit/signed-requests.js';
import { APP_ID, BOB, channelMessage } from '../kit/teams-activities.js';

// Everything a sender can send, signed or not, is answered below 500, crashes nothing and changes nothing: the
// shapes below are thrown at every HTTP endpoint (issue 12). Senders retry 5xx, so a 5xx for a body that will
// never parse is a retry storm; a 4xx (or a 200 that drops it) is the right answer.

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** Bodies as raw bytes: JSON of every wrong shape, and bytes that are not JSON or not UTF-8 at all. */
const jsonBodies: [string, string | Buffer][] = [
  ['null', 'null'],
  ['an empty body', ''],
  ['an empty object', '{}'],
  ['an array', '[1,2,3]'],
  ['an empty array', '[]'],
  ['a string', '"hello"'],
  ['a number', '42'],
  ['true', 'true'],
  ['not JSON', '{"type": '],
  ['deeply nested objects', deep(5_000)],
  ['deeply nested arrays', deepArray(50_000)],
  ['huge', `{"text":"${'x'.repeat(3 * 1024 * 1024)}"}`],
  ['larger than any limit', `{"text":"${'x'.repeat(6 * 1024 * 1024)}"}`],
  ['non-UTF-8 bytes', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])],
  ['NUL-laden', '{"type":"\u0000","text":"a\u0000b","event":{"type":"message\u0000"}}'],
  ['a lone surrogate', '{"text":"\\ud800"}'],
];

/** Slack's three request kinds with fields missing or of the wrong type. */
const slackEvents: [string, unknown][] = [
  ['an event_callback without an event', { type: 'event_callback', team_id: 'T0TEST', event_id: 'Ev1' }],
  ['an event that is null', { type: 'event_callback', team_id: 'T0TEST', event_id: 'Ev2', event: null }],
  ['an event that is a string', { type: 'event_callback', team_id: 'T0TEST', event_id: 'Ev3', event: 'message' }],
  [
    'a message whose text is a number',
    {
      type: 'event_callback',
      team_id: 'T0TEST',
      event_id: 'Ev4',
      event: { type: 'message', channel: 'C0GENERAL', user: 'U0BOB', text: 5, ts: '1.2' },
    },
  ],
  [
    'a message whose fields are objects',
    {
      type: 'event_callback',
      team_id: 'T0TEST',
      event_id: { $ne: 1 },
      event: { type: 'message', channel: {}, user: [], ts: {} },
    },
  ],
  ['an unknown envelope type', { type: 'totally_new', payload: 1 }],
  ['a type that is a number', { type: 5 }],
  ['a URL check without a challenge', { type: 'url_verification' }],
];
const slackInteractions: [string, unknown][] = [
  ['null', null],
  ['an array', []],
  ['block_actions with nothing else', { type: 'block_actions' }],
  [
    'block_actions without a user',
    {
      type: 'block_actions',
      team: { id: 'T0TEST' },
      actions: [{ action_id: 'approve', value: '1' }],
      container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '1.2' },
    },
  ],
  [
    'block_actions whose user is a string',
    { type: 'block_actions', user: 'U0BOB', team: { id: 'T0TEST' }, actions: 'approve' },
  ],
  [
    'block_actions whose actions are null',
    { type: 'block_actions', user: { id: 'U0BOB' }, team: { id: 'T0TEST' }, actions: null },
  ],
  ['a view submission without a view', { type: 'view_submission', user: { id: 'U0BOB' }, team: { id: 'T0TEST' } }],
  [
    'a view submission with a view of the wrong type',
    { type: 'view_submission', user: { id: 'U0BOB' }, team: { id: 'T0TEST' }, view: 'x' },
  ],
  ['a shortcut without a callback', { type: 'shortcut', user: { id: 'U0BOB' }, team: { id: 'T0TEST' } }],
  ['an unknown type', { type: 'brand_new_thing', user: { id: 'U0BOB' } }],
];
const slackForms: [string, string][] = [
  ['a payload that is not JSON', 'payload=%7Bnot+json'],
  ['a payload that is null', 'payload=null'],
  ['an empty payload', 'payload='],
  ['a command without a user', 'command=%2Fteammate&text=status&team_id=T0TEST&channel_id=C0GENERAL'],
  ['a command without a channel', 'command=%2Fteammate&text=status&team_id=T0TEST&user_id=U0BOB'],
  [
    'a command whose text is huge',
    `command=%2Fteammate&team_id=T0TEST&user_id=U0BOB&channel_id=C0GENERAL&text=${'x'.repeat(200_000)}`,
  ],
  ['a command named otherwise', 'command=%2Ftm&text=frobnicate&team_id=T0TEST&user_id=U0BOB&channel_id=C0GENERAL'],
  ['fields repeated', 'payload=1&payload=2&command=a&command=b'],
  ['NUL in a command', 'command=%2Fteammate&text=status%00&team_id=T0TEST&user_id=U0BOB%00&channel_id=C0GENERAL'],
];

/**
 * Sends a request as a sender would. A body larger than the endpoint takes may see the connection closed as soon as
 * the server has answered 413 (before the client finished sending), which fetch reports as a failure: that counts
 * as refused. The next request may then meet that closed keep-alive connection: it is sent again once, as every
 * sender does after a network error.
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  return sendWith(() => fetch(url, init), typeof init.body === 'string' ? init.body.length : 0);
}

async function sendWith(attempt: () => Promise<Response>, size: number): Promise<Response> {
  try {
    return await attempt();
  } catch (error) {
    if (size > 4 * 1024 * 1024) return new Response(null, { status: 413 });
    try {
      return await attempt();
    } catch {
      throw error;
    }
  }
}

/** Every 5xx of a run, reported together so one failure shows them all. */
const serverErrors: string[] = [];
function noServerError(what: string, response: Response): void {
  if (response.status >= 500) serverErrors.push(`${what}: answered ${response.status}`);
}
function assertNoServerErrors(): void {
  const found = serverErrors.splice(0);
  assert.deepEqual(found, [], `${found.length} bodies were answered 5xx`);
}

describe('every endpoint answers anything a sender can send below 500, and nothing happens', () => {
  describe('/slack/events', () => {
    let h: TSlackHarness;
    before(async () => {
      h = await startSlackBot('sqlite');
    });
    after(async () => {
      await h?.close();
    });

    it('signed and unsigned, JSON of every wrong shape, broken bytes, forms and payloads', async () => {
      const bodies: [string, string | Buffer, string][] = [
        ...jsonBodies.map(([what, body]): [string, string | Buffer, string] => [what, body, 'application/json']),
        ...slackEvents.map(([what, body]): [string, string, string] => [
          what,
          JSON.stringify(body),
          'application/json',
        ]),
        ...slackInteractions.map(([what, body]): [string, string, string] => [
          `interaction: ${what}`,
          new URLSearchParams({ payload: JSON.stringify(body) }).toString(),
          'application/x-www-form-urlencoded',
        ]),
        ...slackForms.map(([what, body]): [string, string, string] => [
          what,
          body,
          'application/x-www-form-urlencoded',
        ]),
        ...jsonBodies.map(([what, body]): [string, string | Buffer, string] => [
          `${what} as text/plain`,
          body,
          'text/plain',
        ]),
      ];
      for (const [what, body, contentType] of bodies) {
        const text = typeof body === 'string' ? body : body.toString('latin1');

        // Signed over the exact bytes sent.
        const signed = await sendWith(() => postSigned(h.eventsUrl, text, contentType, {}), text.length);
        noServerError(`signed ${what}`, signed);
        const unsigned = await send(h.eventsUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
        noServerError(`unsigned ${what}`, unsigned);
        assert.ok(unsigned.status >= 400, `unsigned ${what} is refused (${unsigned.status})`);
      }
      assertNoServerErrors();
      await h.settle();
      const health = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
      assert.equal(health.status, 200, 'the bot is still up');
      const stores = h.runtime.teammate.deps.stores;
      assert.deepEqual(await stores.ledger.recent({ limit: 5 }), [], 'nothing was proposed');
      assert.deepEqual(
        h.fake.calls.filter((c) => c.method.startsWith('chat.')).map((c) => c.method),
        [],
        'nothing was posted',
      );
    });
  });

  describe('/webhooks/:source', () => {
    let runtime: TRuntime;
    let base: string;
    let drop: () => Promise<void>;
    before(async () => {
      const db = await freshDatabaseUrl('sqlite');
      drop = db.drop;
      runtime = await startRuntime({
        config: loadConfig({
          DATABASE_URL: db.url,
          PORT: '0',
          HOST: '127.0.0.1',
          TEAMMATE_WEBHOOK_SECRET: 'fuzz-secret',
          TEAMMATE_DEFAULT_CHANNEL: 'general',
          HUBSPOT_CLIENT_SECRET: 'fuzz-secret',
        }),
        log: silentLogger,
        version: 'test',
        http: true,
        heartbeat: false,
      });
      const address = runtime.server?.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    after(async () => {
      await runtime?.close();
      await drop?.();
    });

    it('signed and unsigned, for every source, known or not', async () => {
      const shapes: [string, string | Buffer][] = [
        ...jsonBodies,
        ['a task without a task', JSON.stringify({ event: 'assigned' })],
        ['a task of the wrong types', JSON.stringify({ event: 5, task: { id: {}, title: [], due: 'tomorrow' } })],
        ['a deal of the wrong types', JSON.stringify({ deal: { id: null, name: 1, lastActivityAt: 'yesterday' } })],
      ];
      for (const source of ['tasks', 'deals', 'unknown-source', '..%2F..%2Fetc']) {
        for (const [what, body] of shapes) {
          const signed = await send(`${base}/webhooks/${source}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-teammate-signature': signBody(body, 'fuzz-secret') },
            body,
          });
          noServerError(`${source}: signed ${what}`, signed);
          const unsigned = await send(`${base}/webhooks/${source}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          noServerError(`${source}: unsigned ${what}`, unsigned);
          assert.ok(unsigned.status >= 400, `${source}: unsigned ${what} is refused`);
        }
      }
      // The tools' own endpoints, signed as each tool signs (so the body reaches its schema), under every event name.
      const tools: [string, (body: string | Buffer) => Record<string, string>][] = [
        ...['issues', 'issue_comment', 'milestone', 'ping', 'push', ''].map(
          (event): [string, (body: string | Buffer) => Record<string, string>] => [
            'github',
            (body) => ({ 'x-github-event': event, 'x-hub-signature-256': signBody(body, 'fuzz-secret') }),
          ],
        ),
        ['jira', (body) => ({ 'x-hub-signature': signBody(body, 'fuzz-secret') })],
        [
          'hubspot',
          (body) => {
            const timestamp = String(Date.now());
            const uri = `${base}/webhooks/hubspot`;
            const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
            return {
              'x-hubspot-request-timestamp': timestamp,
              'x-hubspot-signature-v3': signHubSpot('fuzz-secret', 'POST', uri, text, timestamp),
            };
          },
        ],
      ];
      const toolShapes: [string, string | Buffer][] = [
        ...shapes,
        ['an issue of the wrong types', JSON.stringify({ action: 1, issue: { number: 'one' }, repository: {} })],
        ['an issue without its repository', JSON.stringify({ action: 'opened', issue: { number: 1, title: 'x' } })],
        [
          'an issue with dates that are not dates',
          JSON.stringify({
            action: 'opened',
            issue: {
              number: 1,
              title: 'x',
              state: 'open',
              html_url: 'https://github.com/a/b/issues/1',
              updated_at: 'yesterday',
              milestone: { number: 1, title: 'v1', due_on: '2026-13-45T99:00:00Z' },
            },
            repository: { full_name: 'a/b' },
          }),
        ],
        [
          'a Jira event from the far future',
          JSON.stringify({ webhookEvent: 'jira:issue_created', timestamp: 1e20, issue: { key: 'A-1', fields: {} } }),
        ],
        [
          'HubSpot events at no time',
          JSON.stringify([{ eventId: 1, subscriptionType: 'deal.creation', objectId: 1, occurredAt: 1e300 }]),
        ],
        [
          'a Jira issue with a bad key',
          JSON.stringify({ webhookEvent: 'jira:issue_created', issue: { key: '../x', fields: {} } }),
        ],
        ['HubSpot events of the wrong types', JSON.stringify([{ eventId: {}, subscriptionType: 5, objectId: null }])],
        ['an empty HubSpot batch', '[]'],
      ];
      for (const [source, sign] of tools) {
        for (const [what, body] of toolShapes) {
          const signed = await send(`${base}/webhooks/${source}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...sign(body) },
            body,
          });
          noServerError(`${source}: signed ${what}`, signed);
        }
      }
      assertNoServerErrors();
      await runtime.teammate.drain();
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      assert.deepEqual(await runtime.teammate.deps.stores.tasks.open('local:general'), []);
      assert.equal((await runtime.teammate.deps.stores.inbox.failed(1)).total, 0, 'nothing stored that cannot be read');
    });
  });

  describe('/api/messages', () => {
    let h: TTeamsHarness;
    before(async () => {
      h = await startTeamsBot('sqlite');
    });
    after(async () => {
      await h?.close();
    });

    it('authenticated and not, activities of every wrong shape', async () => {
      const good = channelMessage({ serviceUrl: h.connector.serviceUrl, from: BOB, text: 'Is the VPN down?' });
      const activities: [string, string | Buffer][] = [
        ...jsonBodies,
        ['a message without from', JSON.stringify({ ...good, from: undefined })],
        ['a message whose from is a string', JSON.stringify({ ...good, from: 'bob' })],
        ['a message without a conversation', JSON.stringify({ ...good, conversation: undefined })],
        ['a message whose text is an object', JSON.stringify({ ...good, text: { a: 1 } })],
        ['a message whose entities are not a list', JSON.stringify({ ...good, entities: 'mention' })],
        [
          'an invoke without a value',
          JSON.stringify({ ...good, type: 'invoke', name: 'adaptiveCard/action', value: undefined }),
        ],
        [
          'an invoke whose action data is a string',
          JSON.stringify({
            ...good,
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb: 'approve', data: 'x' } },
          }),
        ],
        ['an unknown activity type', JSON.stringify({ ...good, type: 'brandNew' })],
        ['a type that is a number', JSON.stringify({ ...good, type: 7 })],
      ];
      for (const [what, body] of activities) {
        const token = h.issuer.channelToken(APP_ID, h.connector.serviceUrl);
        for (const authorization of [`Bearer ${token}`, undefined]) {
          const response = await send(`${h.baseUrl}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
            body,
          });
          noServerError(`${authorization ? 'authenticated' : 'anonymous'} ${what}`, response);
          if (!authorization) assert.ok(response.status >= 400, `anonymous ${what} is refused (${response.status})`);
        }
      }
      assertNoServerErrors();
      await h.settle();
      assert.equal((await fetch(`${h.baseUrl}/healthz`)).status, 200);
      assert.deepEqual(await h.runtime.teammate.deps.stores.ledger.recent({ limit: 5 }), []);
      assert.deepEqual(h.connector.posted(), [], 'nothing was posted');
    });
  });
});
