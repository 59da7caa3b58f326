import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { signBody } from '../../src/sources/webhooks/signature.js';
import { freshDatabaseUrl } from '../helpers/databases.js';
import { startBot, startedUrl } from '../helpers/process.js';
import { startFakeOpenAi } from '../kit/fake-openai.js';
import { BOT_TOKEN, FakeSlack } from '../kit/fake-slack.js';
import { postSigned } from '../kit/signed-requests.js';
import { envelope, messageEvent } from '../kit/slack-payloads.js';

// The bot started with every secret set, at the most talkative log level, put through what makes it log (events,
// refused requests, a model call that fails, webhooks with a wrong signature, Teams without a valid token): none
// of the secrets may appear in anything it wrote (issue 12).
describe('secrets never reach the log', () => {
  it('every secret set, LOG_LEVEL=trace: none of them is in stdout or stderr', async () => {
    const slack = await new FakeSlack().start();
    const model = await startFakeOpenAi();
    // PostgreSQL with trust auth takes any password: the URL carries one to be hidden.
    const db = await freshDatabaseUrl('postgres');
    const url = new URL(db.url);
    url.password = 'pg-password-3f9c2a';
    const secrets = {
      SLACK_SIGNING_SECRET: 'slack-signing-secret-8d1e0b',
      OPENAI_API_KEY: 'sk-openai-key-5c7a9e',
      TEAMMATE_WEBHOOK_SECRET: 'webhook-secret-2b4d6f',
      TEAMMATE_WEBHOOK_SECRET_CRM: 'crm-secret-9a8b7c',
      MICROSOFT_APP_PASSWORD: 'teams-password-1e2f3a',
      GITHUB_TOKEN: 'ghp_github-token-4d5e6f',
      JIRA_API_TOKEN: 'jira-api-token-7a8b9c',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-hubspot-0d1e2f',
      HUBSPOT_CLIENT_SECRET: 'hubspot-client-secret-3a4b5c',
      CALDAV_PASSWORD: 'caldav-password-6b7c8d',
      MS365_CLIENT_SECRET: 'ms365-client-secret-9e0f1a',
      TEAMMATE_AGENTS: 'build-bot:agent-token-7d8e9f0a1b2c3d4e',
    };
    // Google's credentials come in a file: its client secret and refresh token are secrets too.
    const folder = await mkdtemp(join(tmpdir(), 'teammate-secrets-'));
    const google = {
      type: 'authorized_user',
      client_id: 'client.apps.googleusercontent.com',
      client_secret: 'GOCSPX-google-secret-2c3d4e',
      refresh_token: '1//google-refresh-token-5f6a7b',
      token_uri: 'http://127.0.0.1:9/token',
    };
    await writeFile(join(folder, 'google.json'), JSON.stringify(google));
    const run = startBot([], {
      stdin: 'ignore',
      env: {
        ...secrets,
        DATABASE_URL: url.toString(),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'trace',
        TEAMMATE_LOCAL_CHAT: 'off',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        OPENAI_BASE_URL: model.baseUrl,
        MICROSOFT_APP_ID: '0b6fe6d1-fece-44f7-9a48-56465e2d5ab8',
        MICROSOFT_APP_TENANT_ID: '50612dbb-0237-4969-b378-8d42590f9c00',
        // The tools' APIs point at a port nobody listens on: every call fails, and its failure is logged.
        GITHUB_API_URL: 'http://127.0.0.1:9',
        JIRA_BASE_URL: 'http://127.0.0.1:9',
        JIRA_EMAIL: 'bot@acme.test',
        HUBSPOT_API_URL: 'http://127.0.0.1:9',
        TEAMMATE_DEFAULT_CHANNEL: 'slack:C0GENERAL',
        // So do the calendars' servers and token endpoints: each read fails and is logged (and told in the channel).
        CALDAV_URL: 'http://127.0.0.1:9/',
        CALDAV_USERNAME: 'teammate',
        GOOGLE_CALENDAR_CREDENTIALS: join(folder, 'google.json'),
        MS365_TENANT_ID: 'contoso.onmicrosoft.com',
        MS365_CLIENT_ID: 'app',
        MS365_LOGIN_URL: 'http://127.0.0.1:9',
        TEAMMATE_CALENDARS:
          'caldav:Team #slack:C0GENERAL; google:primary #slack:C0GENERAL; m365:a@b.example #slack:C0GENERAL',
      },
    });
    try {
      const base = await startedUrl(run);
      const events = `${base}/slack/events`;
      const seeded = slack.seedMessage('C0GENERAL', 'U0BOB', 'Is the VPN down?');
      const event = envelope(
        messageEvent({ channel: 'C0GENERAL', user: 'U0BOB', text: 'Is the VPN down?', ts: seeded.ts }),
      );
      await postSigned(events, JSON.stringify(event), 'application/json', { secret: secrets.SLACK_SIGNING_SECRET });
      await postSigned(events, JSON.stringify(event), 'application/json', { secret: 'wrong' });
      // A mention makes a model call, which fails (nothing scripted: the fake answers 500).
      const mention = envelope({
        type: 'app_mention',
        channel: 'C0GENERAL',
        user: 'U0BOB',
        text: '<@U0TEAMMATE> pin it',
        ts: '1700000000.000300',
      });
      await postSigned(events, JSON.stringify(mention), 'application/json', { secret: secrets.SLACK_SIGNING_SECRET });
      for (const source of ['tasks', 'crm', 'github', 'jira', 'hubspot']) {
        const body = JSON.stringify({ event: 'assigned', task: { id: 'T-1', title: 'x' } });
        await fetch(`${base}/webhooks/${source}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-teammate-signature': signBody(body, 'wrong') },
          body,
        });
      }
      await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' },
        body: '{"type":"message"}',
      });
      // An agent's calls, with its token and with a wrong one.
      for (const token of ['agent-token-7d8e9f0a1b2c3d4e', 'agent-token-wrong-0a1b2c3d']) {
        await fetch(`${base}/mcp`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'request_approval', arguments: { action: 'deploy', summary: 'x', wait_seconds: 0 } },
          }),
        });
      }
      await fetch(`${base}/metrics`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      run.child.kill('SIGTERM');
    }
    const { stdout, stderr } = await run.exit;
    await model.close();
    await slack.stop();
    await db.drop();
    await rm(folder, { recursive: true, force: true });
    const written = `${stdout}\n${stderr}`;
    assert.ok(written.split('\n').length > 10, 'the bot logged what it did');
    assert.match(written, /calendar feed failed/, 'the calendars were read, and their failures logged');
    assert.match(
      written,
      /postgres:\/\/root:\*\*\*@127\.0\.0\.1/,
      'the database URL is logged with its password hidden',
    );
    for (const [name, value] of Object.entries({
      ...secrets,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      PASSWORD: 'pg-password-3f9c2a',
      GOOGLE_CLIENT_SECRET: google.client_secret,
      GOOGLE_REFRESH_TOKEN: google.refresh_token,
      AGENT_TOKEN: 'agent-token-7d8e9f0a1b2c3d4e',
      WRONG_AGENT_TOKEN: 'agent-token-wrong-0a1b2c3d',
    })) {
      assert.ok(!written.includes(value), `${name} appears in the log`);
    }
  });
});
