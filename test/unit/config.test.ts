import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it('runs locally with nothing set: SQLite, port 3000, alice as the local admin', () => {
    const config = loadConfig({ TEAMMATE_TIMEZONE: 'UTC' });
    assert.equal(config.databaseUrl, 'file:./data/teammate.db');
    assert.equal(config.port, 3000);
    assert.deepEqual(config.admins, ['alice']);
    assert.equal(config.unansweredAfterMs, 3_600_000);
    assert.equal(config.localChat, 'auto');
    assert.equal(config.readBotMessages, false);
    assert.equal(loadConfig({ TEAMMATE_READ_BOT_MESSAGES: 'true' }).readBotMessages, true);
    assert.throws(() => loadConfig({ TEAMMATE_READ_BOT_MESSAGES: 'maybe' }), /TEAMMATE_READ_BOT_MESSAGES: /);
    assert.ok(Object.isFrozen(config));
  });

  it('reads every documented variable; blank means unset', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://root@127.0.0.1:5432/test',
      TEAMMATE_ADMINS: ' U1, U2 ,,',
      TEAMMATE_UNANSWERED_AFTER: '90s',
      TEAMMATE_TIMEZONE: 'Europe/Berlin',
      TEAMMATE_LOCAL_CHAT: 'off',
      LOG_LEVEL: '',
      OPENAI_API_KEY: 'sk-1',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      TEAMMATE_LLM_CALLS_PER_CHANNEL: '5',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: 'tenant',
      ToChannelFromBotOAuthScope: 'https://api.botframework.azure.us',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgres://root@127.0.0.1:5432/test');
    assert.deepEqual(config.admins, ['U1', 'U2']);
    assert.equal(config.unansweredAfterMs, 90_000);
    assert.equal(config.timeZone, 'Europe/Berlin');
    assert.equal(config.localChat, 'off');
    assert.equal(config.log.level, 'info');
    assert.deepEqual(config.teams, {
      appId: 'app',
      appPassword: 'secret',
      tenantId: 'tenant',
      appType: 'SingleTenant',
      unauthenticated: false,
      botFramework: { ToChannelFromBotOAuthScope: 'https://api.botframework.azure.us' },
    });
    assert.deepEqual(config.llm, {
      apiKey: 'sk-1',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'gpt-4o-mini',
      stream: false,
      budget: { channelCalls: 5, channelTokens: 100_000, dayCalls: 500, dayTokens: 1_000_000 },
    });
    assert.equal(loadConfig({}).llm, undefined, 'no key, no model: detectors and templates only');
    assert.equal(config.slack, undefined);
  });

  it('reads agents from TEAMMATE_AGENTS (name:token pairs) and refuses weak or malformed ones', () => {
    const token = 'a'.repeat(20);
    const config = loadConfig({ TEAMMATE_AGENTS: ` build-bot:${token}, docs_bot:${token}b ` });
    assert.deepEqual(config.agents.configured, [
      { name: 'build-bot', token },
      { name: 'docs_bot', token: `${token}b` },
    ]);
    assert.equal(config.agents.requestsPerMinute, 30);
    assert.equal(config.agents.webhooksAllowPrivate, false);
    assert.deepEqual(loadConfig({}).agents.configured, []);
    assert.throws(() => loadConfig({ TEAMMATE_AGENTS: 'build-bot:short' }), /TEAMMATE_AGENTS: .*20 characters or more/);
    assert.throws(() => loadConfig({ TEAMMATE_AGENTS: `Build Bot:${token}` }), /TEAMMATE_AGENTS: /);
    assert.throws(() => loadConfig({ TEAMMATE_AGENTS: `a:${token},a:${token}c` }), /a is named twice/);
    assert.throws(
      () => loadConfig({ TEAMMATE_AGENTS: 'build-bot:tooshort-secret' }),
      (error: Error) => !error.message.includes('tooshort-secret'),
      'the error never repeats the token',
    );
  });

  it('chooses the Slack transport from the tokens', () => {
    const http = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's3cr3t',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    assert.deepEqual(http.slack, {
      botToken: 'xoxb-1',
      apiUrl: 'http://127.0.0.1:9/api',
      mode: 'http',
      signingSecret: 's3cr3t',
    });
    assert.deepEqual(http.admins, [], 'nobody is an admin on Slack until TEAMMATE_ADMINS says so');
    const socket = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_SIGNING_SECRET: 's',
      TEAMMATE_ADMINS: 'U1',
    });
    assert.deepEqual(socket.slack, { botToken: 'xoxb-1', mode: 'socket', appToken: 'xapp-1' });
    assert.deepEqual(socket.admins, ['U1']);
    assert.throws(
      () => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }),
      /SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET \(HTTP mode, \/slack\/events\) or SLACK_APP_TOKEN \(Socket Mode\)/,
    );
    assert.throws(() => loadConfig({ SLACK_SIGNING_SECRET: 's' }), /SLACK_BOT_TOKEN is missing/);
    assert.throws(
      () => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' }),
      /SLACK_BOT_TOKEN: a bot token starts with xoxb-/,
    );
    assert.throws(
      () => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }),
      /SLACK_APP_TOKEN: an app-level token starts with xapp-/,
    );
    assert.throws(
      () => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'ftp://x' }),
      /SLACK_API_URL: /,
    );
  });

  it('Teams needs its app registration complete, and runs unauthenticated only without an app id', () => {
    const app = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: 'tenant' };
    assert.equal(loadConfig({}).teams, undefined);
    assert.throws(() => loadConfig({ MICROSOFT_APP_ID: 'app' }), /MICROSOFT_APP_ID needs MICROSOFT_APP_PASSWORD/);
    assert.throws(
      () => loadConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'secret' }),
      /SingleTenant needs MICROSOFT_APP_TENANT_ID/,
    );
    assert.throws(() => loadConfig({ MICROSOFT_APP_PASSWORD: 'secret' }), /MICROSOFT_APP_ID is missing/);
    assert.throws(() => loadConfig({ ...app, MICROSOFT_APP_TYPE: 'Single' }), /MICROSOFT_APP_TYPE/);
    const multi = loadConfig({
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 's',
      MICROSOFT_APP_TYPE: 'MultiTenant',
    });
    assert.equal(multi.teams?.appType, 'MultiTenant');
    assert.deepEqual(loadConfig(app).admins, [], 'nobody is an admin on Teams until TEAMMATE_ADMINS says so');
    assert.equal(loadConfig({ ...app, TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS: '1' }).teams?.unauthenticated, false);
    assert.equal(loadConfig({ TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS: '1' }).teams?.unauthenticated, true);
  });

  it('turns each connector on with its own variables, and says what a half-configured one lacks', () => {
    assert.deepEqual(loadConfig({}).connectors, {});
    const all = loadConfig({
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_API_URL: 'https://github.example.com/api/v3',
      JIRA_BASE_URL: 'https://acme.atlassian.net',
      JIRA_EMAIL: 'bot@acme.test',
      JIRA_API_TOKEN: 'jira',
      HUBSPOT_ACCESS_TOKEN: 'pat',
      HUBSPOT_CLIENT_SECRET: 'client-secret',
      TEAMMATE_HUBSPOT_POLL: '5m',
    });
    assert.deepEqual(all.connectors, {
      github: { token: 'ghp_x', apiUrl: 'https://github.example.com/api/v3' },
      jira: { baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.test', token: 'jira' },
      hubspot: { token: 'pat', pollMs: 300_000 },
    });
    assert.equal(all.webhooks.secrets.get('hubspot'), 'client-secret', 'HubSpot signs with the client secret');
    assert.throws(
      () => loadConfig({ JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_EMAIL: 'bot@acme.test' }),
      /Jira needs JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN together \(missing: JIRA_API_TOKEN\)/,
    );
    assert.throws(() => loadConfig({ GITHUB_API_URL: 'https://github.example.com/api/v3' }), /needs GITHUB_TOKEN/);
    assert.throws(
      () => loadConfig({ TEAMMATE_WEBHOOK_SOURCES: 'jira=task' }),
      /jira is Teammate's Jira connector \(POST \/webhooks\/jira, Jira's own deliveries\); give your source another name/,
    );
    const sources = loadConfig({ TEAMMATE_WEBHOOK_SOURCES: 'linear=task' }).webhooks.sources;
    assert.deepEqual([...sources.keys()], ['tasks', 'deals', 'github', 'jira', 'hubspot', 'linear']);
  });

  it('turns each calendar account on with its variables or files, and says what is missing or unreadable', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'teammate-config-'));
    try {
      const password = join(folder, 'caldav-password');
      await writeFile(password, 'from-a-file\n');
      const google = join(folder, 'google.json');
      await writeFile(
        google,
        JSON.stringify({ type: 'authorized_user', client_id: 'id', client_secret: 's', refresh_token: 'r' }),
      );
      const all = loadConfig({
        CALDAV_URL: 'https://dav.example.com/',
        CALDAV_USERNAME: 'teammate',
        CALDAV_PASSWORD_FILE: password,
        GOOGLE_CALENDAR_CREDENTIALS: google,
        GOOGLE_CALENDAR_SUBJECT: 'lead@example.com',
        MS365_TENANT_ID: 'contoso.onmicrosoft.com',
        MS365_CLIENT_ID: 'app',
        MS365_CLIENT_SECRET: 'secret',
      }).connectors;
      assert.deepEqual(all.caldav, { url: 'https://dav.example.com/', username: 'teammate', password: 'from-a-file' });
      assert.equal(all.google?.credentials.type, 'authorized_user');
      assert.equal(all.google?.subject, 'lead@example.com');
      assert.deepEqual(all.m365, { tenantId: 'contoso.onmicrosoft.com', clientId: 'app', clientSecret: 'secret' });
      assert.throws(
        () => loadConfig({ CALDAV_URL: 'https://dav.example.com/', CALDAV_PASSWORD: 'x' }),
        /CalDAV needs CALDAV_URL, CALDAV_USERNAME, CALDAV_PASSWORD \(missing: CALDAV_USERNAME\)/,
      );
      assert.throws(
        () => loadConfig({ CALDAV_PASSWORD: 'x', CALDAV_PASSWORD_FILE: password }),
        /set CALDAV_PASSWORD or CALDAV_PASSWORD_FILE, not both/,
      );
      assert.throws(
        () => loadConfig({ MS365_CLIENT_SECRET_FILE: join(folder, 'missing') }),
        /MS365_CLIENT_SECRET_FILE: cannot read .*missing/,
      );
      await writeFile(google, '{"type":"service_account","client_email":"x@y"}');
      assert.throws(
        () => loadConfig({ GOOGLE_CALENDAR_CREDENTIALS: google }),
        /GOOGLE_CALENDAR_CREDENTIALS: .* is not a service account key or an authorized user's credentials/,
      );
      assert.throws(
        () => loadConfig({ GOOGLE_CALENDAR_SUBJECT: 'lead@example.com' }),
        /need GOOGLE_CALENDAR_CREDENTIALS/,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('names every variable that is wrong', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          TEAMMATE_UNANSWERED_AFTER: 'soon',
          TEAMMATE_TIMEZONE: 'Mars/Base',
          LOG_LEVEL: 'loud',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['PORT', 'DATABASE_URL', 'TEAMMATE_UNANSWERED_AFTER', 'TEAMMATE_TIMEZONE', 'LOG_LEVEL']) {
          assert.match(error.message, new RegExp(`${name}: `));
        }
        return true;
      },
    );
  });
});
