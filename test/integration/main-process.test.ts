import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { openDatabase } from '../../src/store/open-database.js';
import { databaseKinds, freshDatabaseUrl } from '../helpers/databases.js';
import { httpUrlIn, projectRoot, startBot, startedUrl, waitFor } from '../helpers/process.js';
import { BOT_TOKEN, FakeSlack } from '../kit/fake-slack.js';

const loop = join(projectRoot, 'examples', 'approval-loop.txt');

describe('the bot as a process (npm start)', () => {
  for (const kind of databaseKinds) {
    it(`with --keep, plays the example conversation against the database and keeps it all in the ledger, on ${kind}`, async () => {
      const db = await freshDatabaseUrl(kind);
      try {
        const run = startBot(['--script', loop, '--keep', '--start-at', '2026-11-23T09:00:00Z'], {
          env: { DATABASE_URL: db.url },
        });
        const { code, stdout, stderr } = await run.exit;
        assert.equal(code, 0, stderr);
        for (const line of [
          '#general · bob (m1): Does anyone know where the deploy runbook lives?',
          '  ┌ A-1 · Approval needed: post in a thread in #general',
          '  You are not an approver for A-1. Its approvers are: admins.',
          "#general › m1 · Teammate (m3): @bob's question has been waiting 1h without a reply. Can anyone here help?",
          '  Approved A-1: approved by @alice · done: posted in #general.',
          '  A-1 is no longer waiting for a decision',
          '  • Trigger: @bob asked a question in #general and nobody replied for 1h (2026-11-23 09:00 UTC)',
          '#general › m1 · Teammate deleted m3',
          '  A-1 is already undone (by @alice at 2026-11-23 10:00 UTC).',
          '  • post_message: 1/1 approved (100 %)',
        ]) {
          assert.ok(stdout.includes(line), `missing: ${line}\n---\n${stdout}`);
        }
        const opened = await openDatabase(parseDatabaseUrl(db.url), silentLogger);
        try {
          const entry = await opened.stores.ledger.get(1);
          assert.equal(entry?.status, 'undone');
          assert.equal(entry?.decidedBy, 'local:alice');
          assert.equal(entry?.undoneBy, 'local:alice');
          assert.deepEqual(
            (await opened.stores.ledger.votes(1)).map((v) => v.userId),
            ['local:alice'],
          );
          assert.equal((await opened.stores.ledger.events(1)).length, 7);
        } finally {
          await opened.close();
        }
        // Kept a second time on the same database: the new run's messages are its own (m1 again, but not the
        // first run's m1), so its question gets its card and its clicks decide it.
        const again = await startBot(['--script', loop, '--keep', '--start-at', '2026-11-23T09:00:00Z'], {
          env: { DATABASE_URL: db.url },
        }).exit;
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /#general › m1 · Teammate \(m2\):\n {2}┌ A-2 · Approval needed/);
        assert.match(again.stdout, /Approved A-2: approved by @alice · done: posted in #general\./);
        assert.match(again.stdout, /A-1 is already undone/, 'the script names A-1, which is the first run’s');
      } finally {
        await db.drop();
      }
    });
  }

  it('a script is a rehearsal: the same transcript on its first and third run against one database, which follows the policies there and keeps none of it', async () => {
    const db = await freshDatabaseUrl('sqlite');
    try {
      // The team's own configuration, typed on piped input (which plays against the database).
      const setup = await startBot([], {
        env: { DATABASE_URL: db.url },
        input: '/teammate policy set post_message approve expires=2d\n',
      }).exit;
      assert.equal(setup.code, 0, setup.stderr);
      const transcripts: string[] = [];
      const scratch = mkdtempSync(join(tmpdir(), 'teammate-tmp-'));
      for (const run of [1, 2, 3]) {
        // As the README says it: the script's own /start-at line fixes its clock.
        const { code, stdout, stderr } = await startBot(['--script', loop], {
          env: { DATABASE_URL: db.url, TMPDIR: scratch },
        }).exit;
        assert.equal(code, 0, `run ${run}: ${stderr}`);
        transcripts.push(stdout);
      }
      const [first] = transcripts;
      assert.match(first ?? '', /^\(a rehearsal: the local chat alone, on a scratch copy of your policies/);
      assert.match(first ?? '', /\(the clock starts at 2026-11-23T09:00:00\.000Z and moves only with \/wait\)/);
      assert.match(first ?? '', /\(1h pass; it is now 2026-11-23T10:00:00\.000Z\)/);
      assert.match(first ?? '', /Deadline: expires in 2d \(2026-11-25 10:00 UTC\)/, 'the team’s policy row applies');
      assert.match(first ?? '', /Approved A-1: approved by @alice/);
      assert.match(first ?? '', /Teammate 0\.\d+\.\d+ · up 1h · local · SQLite \(a rehearsal\)/);
      assert.equal(transcripts[2], first);
      assert.deepEqual(
        readdirSync(scratch).filter((name) => name.startsWith('teammate-')),
        [],
        'each rehearsal removed its scratch database',
      );
      rmSync(scratch, { recursive: true, force: true });
      const opened = await openDatabase(parseDatabaseUrl(db.url), silentLogger);
      try {
        assert.deepEqual(await opened.stores.ledger.recent({ limit: 5 }), [], 'the rehearsals left no entries');
        assert.equal((await opened.stores.policy.list()).length, 1, 'and the policy row as it was');
      } finally {
        await opened.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('a rehearsal runs the local chat alone: a configured Slack is neither reached nor needed', async () => {
    const db = await freshDatabaseUrl('sqlite');
    try {
      const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' };
      const rehearsed = await startBot(['--script', '-'], {
        env: { DATABASE_URL: db.url, ...slack },
        input: '/teammate admins list\n',
      }).exit;
      assert.equal(rehearsed.code, 0, rehearsed.stderr);
      assert.match(rehearsed.stdout, /Admins: @alice \(configuration\)/);
      assert.equal(rehearsed.stderr, '', 'nothing tried to reach Slack');
    } finally {
      await db.drop();
    }
  });

  it('a script whose /start-at line does not parse stops before it starts, with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teammate-script-'));
    try {
      const script = join(dir, 'bad.txt');
      writeFileSync(script, '# bad\n/start-at next monday\nhello?\n');
      const { code, stderr, stdout } = await startBot(['--script', script]).exit;
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(
        stderr,
        `teammate: --script ${script}: "/start-at next monday" needs an ISO date-time, such as /start-at 2026-11-23T09:00:00Z\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--keep without --script is a usage error', async () => {
    const { code, stderr } = await startBot(['--keep'], { input: '' }).exit;
    assert.equal(code, 2);
    assert.equal(
      stderr,
      'teammate: --keep goes with --script (input piped without --script always plays against your database)\n',
    );
  });

  it('plays a script piped on stdin', async () => {
    const db = await freshDatabaseUrl('sqlite');
    try {
      const { code, stdout, stderr } = await startBot([], {
        env: { DATABASE_URL: db.url, LOG_LEVEL: 'debug' },
        input: 'hello?\n/teammate why A-7\n',
      }).exit;
      assert.equal(code, 0);
      assert.match(stdout, /#general · alice \(m1\): hello\?/);
      assert.match(stdout, /There is no action A-7\./);
      // The transcript owns stdout; the log (even at debug) goes to stderr.
      assert.doesNotMatch(stdout, /^\{"level"/m);
      assert.match(stderr, /^\{"level":\d+,.*"msg":"teammate started"/m);
    } finally {
      await db.drop();
    }
  });

  it('creates ./data/teammate.db on first start with nothing configured, and reads ./.env under the environment', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'teammate-fresh-'));
    try {
      const { code, stderr, stdout } = await startBot([], { cwd, input: '/teammate admins list\n' }).exit;
      assert.equal(code, 0, stderr);
      assert.ok(existsSync(join(cwd, 'data', 'teammate.db')));
      assert.match(stdout, /Admins: @alice \(configuration\)/);
      writeFileSync(join(cwd, '.env'), 'TEAMMATE_ADMINS=zoe\nTEAMMATE_UNANSWERED_AFTER=soon\n');
      const withEnv = await startBot([], {
        cwd,
        input: '/teammate admins list\n',
        env: { TEAMMATE_UNANSWERED_AFTER: '2h' },
      }).exit;
      assert.equal(withEnv.code, 0, withEnv.stderr);
      assert.match(withEnv.stdout, /Admins: @zoe \(configuration\)/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('without a terminal or a script, serves HTTP until SIGTERM', async () => {
    const db = await freshDatabaseUrl('sqlite');
    try {
      const run = startBot([], { env: { DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1' }, stdin: 'ignore' });
      const url = await startedUrl(run);
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      const started = JSON.parse(
        run
          .stdout()
          .split('\n')
          .find((l) => l.includes('teammate started')) ?? '{}',
      );
      assert.equal(started.chat, 'none');
      assert.equal(started.level, 30);
      run.child.kill('SIGTERM');
      assert.equal((await run.exit).code, 0);
    } finally {
      await db.drop();
    }
  });

  it('serves Teams without an app id only when told to, and says loudly that nothing is authenticated', async () => {
    const db = await freshDatabaseUrl('sqlite');
    try {
      const run = startBot([], {
        env: { DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS: '1' },
        stdin: 'ignore',
      });
      const url = await startedUrl(run);
      const warning = run
        .stdout()
        .split('\n')
        .find((l) => l.includes('TEAMS REQUESTS ARE NOT AUTHENTICATED'));
      assert.ok(warning, run.stdout());
      assert.equal(JSON.parse(warning).level, 40, 'a warning');
      const started = JSON.parse(
        run
          .stdout()
          .split('\n')
          .find((l) => l.includes('teammate started')) ?? '{}',
      );
      assert.deepEqual(started.platforms, ['teams'], 'Teams alone: no local chat in a service');
      assert.equal(started.teams, 'unauthenticated');
      const activity = {
        type: 'installationUpdate',
        id: 'i1',
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/',
        from: { id: '29:a' },
        recipient: { id: '28:b' },
        conversation: { id: 'a:1' },
      };
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      assert.equal(response.status, 200, 'taken without a token');
      run.child.kill('SIGTERM');
      assert.equal((await run.exit).code, 0);
    } finally {
      await db.drop();
    }
  });

  it('`npm start` stops the bot when it gets SIGTERM: the signal reaches the bot, which frees its port', async () => {
    const db = await freshDatabaseUrl('sqlite');
    try {
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TEAMMATE_TIMEZONE: 'UTC',
          DATABASE_URL: db.url,
          PORT: '0',
          HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      npm.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => npm.on('close', (code) => resolve(code)));
      const url = await waitFor(() => httpUrlIn(out), 'the started log line');
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      npm.kill('SIGTERM');
      assert.equal(await exited, 0, 'the bot stopped cleanly');
      await assert.rejects(fetch(`${url}/healthz`), 'nothing listens on the port any more');
    } finally {
      await db.drop();
    }
  });

  it('says which database it cannot reach, with the password hidden, and exits non-zero', async () => {
    const { code, stderr, stdout } = await startBot(['--script', loop], {
      env: { DATABASE_URL: 'postgres://root:hunter2@127.0.0.1:1/teammate' },
    }).exit;
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(
      lines[0] ?? '',
      /^teammate: cannot use the database at postgres:\/\/root:\*\*\*@127\.0\.0\.1:1\/teammate: .*ECONNREFUSED/,
    );
    assert.ok(!`${stdout}${stderr}`.includes('hunter2'));
  });

  it('says it in one line with a log file too, where the log is still opening when the start fails', async () => {
    for (const run of [1, 2, 3]) {
      const { code, stderr } = await startBot([], {
        env: {
          DATABASE_URL: 'postgres://root@127.0.0.1:1/teammate',
          TEAMMATE_LOCAL_CHAT: 'off',
          LOG_FILE: `${tmpdir()}/teammate-fail-${process.pid}-${run}.log`,
        },
      }).exit;
      assert.equal(code, 1);
      assert.deepEqual(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^teammate: cannot use the database at postgres:\/\/root@127\.0\.0\.1:1\/teammate: /);
    }
  });

  it('a Slack that cannot be reached, and a token Slack refuses, are each one line naming the cause', async () => {
    const fake = await new FakeSlack().start();
    try {
      const slack = (token: string, apiUrl: string) =>
        startBot([], {
          env: {
            DATABASE_URL: `file:${tmpdir()}/teammate-slack-${process.pid}-${token.length}.db`,
            TEAMMATE_LOCAL_CHAT: 'off',
            PORT: '0',
            SLACK_BOT_TOKEN: token,
            SLACK_SIGNING_SECRET: 'secret',
            SLACK_API_URL: apiUrl,
          },
        }).exit;
      const refused = await slack('xoxb-wrong', fake.apiUrl);
      assert.equal(refused.code, 1);
      assert.deepEqual(refused.stderr.trim().split('\n'), [
        'teammate: Slack did not accept SLACK_BOT_TOKEN: invalid_auth (the bot token is not valid)',
      ]);
      const unreachable = await slack(BOT_TOKEN, 'http://127.0.0.1:1/api/');
      assert.equal(unreachable.code, 1);
      assert.deepEqual(unreachable.stderr.trim().split('\n').length, 1, unreachable.stderr);
      assert.match(unreachable.stderr, /^teammate: cannot reach Slack at http:\/\/127\.0\.0\.1:1\/api\/ \(/);
    } finally {
      await fake.stop();
    }
  });

  it('a log file that cannot be written, and a port already taken, are each one line naming the cause', async () => {
    const db = await freshDatabaseUrl('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'teammate-log-'));
    try {
      // A log "directory" that is a file.
      const blocker = join(dir, 'not-a-dir');
      writeFileSync(blocker, '');
      const log = await startBot([], {
        env: { DATABASE_URL: db.url, TEAMMATE_LOCAL_CHAT: 'off', PORT: '0', LOG_FILE: join(blocker, 'teammate.log') },
      }).exit;
      assert.equal(log.code, 1);
      assert.deepEqual(log.stderr.trim().split('\n').length, 1, log.stderr);
      assert.match(log.stderr, /^teammate: cannot write the log file .*not-a-dir\/teammate\.log: EEXIST/);

      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const port = String((taken.address() as AddressInfo).port);
        const busy = await startBot([], {
          env: { DATABASE_URL: db.url, TEAMMATE_LOCAL_CHAT: 'off', PORT: port, HOST: '127.0.0.1' },
        }).exit;
        assert.equal(busy.code, 1);
        assert.deepEqual(busy.stderr.trim().split('\n'), [
          `teammate: listen EADDRINUSE: address already in use 127.0.0.1:${port}: set PORT to a free port`,
        ]);
      } finally {
        taken.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it('names a bad setting and a bad flag', async () => {
    const bad = await startBot([], { env: { TEAMMATE_UNANSWERED_AFTER: 'soon', DATABASE_URL: 'mysql://x' } }).exit;
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /^teammate: invalid configuration: DATABASE_URL: DATABASE_URL must start with file: \(SQLite\) or postgres:\/\/ \(PostgreSQL\); TEAMMATE_UNANSWERED_AFTER: expected a duration such as 90s, 15m or 2h \(got "soon"\)\n$/,
    );
    const flag = await startBot(['--frobnicate']).exit;
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /Unknown option '--frobnicate'[\s\S]*Usage: npm start/);
    const db = await freshDatabaseUrl('sqlite');
    try {
      const script = await startBot(['--script', '/nonexistent/script.txt'], { env: { DATABASE_URL: db.url } }).exit;
      assert.equal(script.code, 2);
      assert.equal(script.stderr, 'teammate: --script: there is no file /nonexistent/script.txt\n');
    } finally {
      await db.drop();
    }
  });
});
