import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startBot, startedUrl } from '../helpers/process.js';
import { BOT_TOKEN, FakeSlack } from '../kit/fake-slack.js';
import { SIGNING_SECRET, slackClient } from '../kit/signed-requests.js';
import { messageEvent } from '../kit/slack-payloads.js';

// A PostgreSQL server of the test's own (initdb in a temp folder, on a free port), so it can be stopped and started
// while the bot runs without disturbing the shared server other tests use (issue 12).
const bin = readdirSync('/usr/lib/postgresql', { withFileTypes: true })
  .map((d) => join('/usr/lib/postgresql', d.name, 'bin'))
  .find((dir) => existsSync(join(dir, 'pg_ctl')));
const asRoot = process.getuid?.() === 0;
const pgCommand = (tool: string, args: string[]) =>
  asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin ?? '', tool), ...args], { stdio: 'pipe' })
    : execFileSync(join(bin ?? '', tool), args, { stdio: 'pipe' });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('PostgreSQL restarted while the bot runs', { skip: bin ? false : 'no PostgreSQL binaries here' }, () => {
  it('keeps serving health, says it is not ready and why, asks Slack to retry, reconnects and loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teammate-pg-'));
    chmodSync(dir, 0o777);
    const data = join(dir, 'data');
    const port = await freePort();
    const start = () =>
      pgCommand('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        'start',
      ]);
    const stop = () => pgCommand('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    pgCommand('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres']);
    start();
    const databaseUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const slack = await new FakeSlack().start();
    const bot = startBot([], {
      stdin: 'ignore',
      env: {
        DATABASE_URL: databaseUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        TEAMMATE_LOCAL_CHAT: 'off',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
    });
    try {
      const base = await startedUrl(bot, 60_000);
      const client = slackClient(`${base}/slack/events`);
      const question = (text: string) =>
        messageEvent({
          channel: 'C0GENERAL',
          user: 'U0BOB',
          text,
          ts: slack.seedMessage('C0GENERAL', 'U0BOB', text).ts,
        });
      assert.equal((await client.event(question('Is the first one fine?'))).status, 200);
      // Processed before the server goes away (an event caught half-way is taken up again when its 60 s inbox
      // lease runs out, which the store tests cover; waiting for that here would only make this test slow).
      const tracked = async () => {
        const opened = await openDatabase(parseDatabaseUrl(databaseUrl), silentLogger);
        try {
          return (await opened.stores.questions.open('slack:C0GENERAL', new Date(0))).length;
        } finally {
          await opened.close();
        }
      };
      for (let i = 0; i < 100 && (await tracked()) < 1; i += 1) await new Promise((r) => setTimeout(r, 100));

      stop();
      assert.equal((await fetch(`${base}/healthz`)).status, 200, 'the process is alive');
      const notReady = await fetch(`${base}/readyz`);
      assert.equal(notReady.status, 503);
      const reason = (await notReady.json()) as { status: string; database: string };
      assert.equal(reason.status, 'unavailable');
      assert.match(reason.database, /reach|connect|ECONNREFUSED/i);
      assert.doesNotMatch(reason.database, /\n|invocation/, 'one line, not Prisma’s message');
      // An event that cannot be stored is not acknowledged: Slack will deliver it again.
      const during = question('Is the second one lost?');
      assert.equal((await client.event(during)).status, 500);

      start();
      const ready = async () => (await fetch(`${base}/readyz`)).status;
      for (let i = 0; i < 100 && (await ready()) !== 200; i += 1) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await ready(), 200, 'ready again once the database is back');
      // Slack's retry of the event that was refused.
      assert.equal((await client.event(during, { retryNum: 1 })).status, 200);
      assert.equal(bot.child.exitCode, null, 'the bot never stopped');

      const opened = await openDatabase(parseDatabaseUrl(databaseUrl), silentLogger);
      try {
        for (let i = 0; i < 100; i += 1) {
          const tracked = await opened.stores.questions.open('slack:C0GENERAL', new Date(0));
          if (tracked.length === 2) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const texts = (await opened.stores.questions.open('slack:C0GENERAL', new Date(0))).map((q) => q.text).sort();
        assert.deepEqual(texts, ['Is the first one fine?', 'Is the second one lost?'], 'nothing was lost');
      } finally {
        await opened.close();
      }
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exit;
      await slack.stop();
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
