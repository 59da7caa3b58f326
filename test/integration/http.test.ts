import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { startRuntime, type TRuntime } from '../../src/runtime.js';
import { closeServer, createHttpApp, listen } from '../../src/server/http-server.js';
import { freshDatabaseUrl } from '../helpers/databases.js';
import { says, typed } from '../helpers/text.js';

describe('the HTTP server', () => {
  let runtime: TRuntime;
  let base: string;
  let drop: () => Promise<void>;

  before(async () => {
    const db = await freshDatabaseUrl('sqlite');
    drop = db.drop;
    const config = loadConfig({
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      TEAMMATE_UNANSWERED_AFTER: '60s',
      TEAMMATE_TIMEZONE: 'UTC',
    });
    runtime = await startRuntime({ config, log: silentLogger, version: 'test', http: true, heartbeat: false });
    const address = runtime.server?.address() as AddressInfo | undefined;
    assert.ok(address, 'the server listens');
    base = `http://127.0.0.1:${address.port}`;
  });

  after(async () => {
    await runtime.close();
    await drop();
  });

  it('reports health and readiness', async () => {
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', database: 'ok', llm: 'none' });
  });

  it('exposes proposals, decisions, executions, undos and approval latency in Prometheus text', async () => {
    const world = runtime.local?.world;
    assert.ok(world, 'with no platform configured, the local chat runs');
    world.post('general', 'bob', says('x'), runtime.clock.now());
    await runtime.teammate.receiveAndWait({
      id: 'local:q',
      type: 'message',
      platform: 'local',
      channel: 'local:general',
      user: 'local:bob',
      text: typed('where is it?'),
      messageId: world.coreId('m1'),
      at: runtime.clock.now(),
      fromBot: false,
    });
    runtime.clock.advance(61_000);
    await runtime.tick();
    await runtime.teammate.handleInteraction({
      platform: 'local',
      user: 'local:alice',
      action: 'approve',
      entryId: 1,
    });
    await runtime.teammate.handleInteraction({
      platform: 'local',
      user: 'local:alice',
      action: 'undo',
      entryId: 1,
    });
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /teammate_proposals_total\{kind="post_message",origin="detector"\} 1/);
    assert.match(text, /^teammate_inbox_failed 0$/m, 'the dead letters are counted');
    assert.match(text, /teammate_decisions_total\{kind="post_message",mode="approve"\} 1/);
    assert.match(text, /teammate_executions_total\{kind="post_message",outcome="executed"\} 1/);
    assert.match(text, /teammate_undos_total\{kind="post_message",outcome="undone"\} 1/);
    assert.match(text, /teammate_approval_latency_seconds_count\{kind="post_message"\} 1/);
    assert.match(text, /process_resident_memory_bytes/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${base}/nope`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'not_found', message: 'no route for GET /nope' });
  });

  it('says what to set when a sender reaches a platform or webhooks that are not configured here', async () => {
    const post = (path: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const webhook = await post('/webhooks/tasks');
    assert.equal(webhook.status, 401);
    assert.deepEqual(await webhook.json(), {
      error: 'not_configured',
      message:
        'webhooks are not configured: set TEAMMATE_WEBHOOK_SECRET (or TEAMMATE_WEBHOOK_SECRET_TASKS for this source)',
    });
    const slack = await post('/slack/events');
    assert.equal(slack.status, 401);
    assert.match(
      ((await slack.json()) as { message: string }).message,
      /^Slack is not configured here: set SLACK_BOT_TOKEN/,
    );
    const teams = await post('/api/messages');
    assert.equal(teams.status, 401);
    assert.match(
      ((await teams.json()) as { message: string }).message,
      /^Teams is not configured here: set MICROSOFT_APP_ID/,
    );
  });

  it('reports 503 with the reason when the database is unreachable', async () => {
    const app = await createHttpApp({
      ready: () => Promise.reject(new Error('connection refused')),
      registry: new Registry(),
      log: silentLogger,
    });
    const server = await listen(app, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), { status: 'unavailable', database: 'connection refused' });
    } finally {
      await closeServer(server);
    }
  });
});
