import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/core/logger.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { openDatabase } from '../../src/store/open-database.js';
import { freshDatabaseUrl } from '../helpers/databases.js';
import { startBot, startedUrl, waitFor } from '../helpers/process.js';
import { BOT_TOKEN, FakeSlack } from '../kit/fake-slack.js';
import { SIGNING_SECRET, slackClient } from '../kit/signed-requests.js';
import { blockAction, buttonValue, messageEvent } from '../kit/slack-payloads.js';

const QUESTIONS = 24;

// Two bot processes on one PostgreSQL database behind one (fake) Slack, as an operator would run replicas (issue
// 12): every event delivered two or three times to both at once, one poisoned event among the good ones, one
// process killed with SIGKILL half-way through and started again, every approval clicked twice on both at once.
// What must hold: one card per question, no event lost, no action run twice, every good event processed.
describe('two processes, one database: duplicates, a kill -9, double clicks and a poisoned event', () => {
  it('one card per question, every action once, nothing lost', { timeout: 360_000 }, async () => {
    const slack = await new FakeSlack().start();
    const db = await freshDatabaseUrl('postgres');
    const env = {
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      TEAMMATE_LOCAL_CHAT: 'off',
      TEAMMATE_ADMINS: 'U0ALICE',
      TEAMMATE_UNANSWERED_AFTER: '3s',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
    const start = async () => {
      const bot = startBot([], { env, stdin: 'ignore' });
      const url = await startedUrl(bot, 60_000);
      return { bot, client: slackClient(`${url}/slack/events`) };
    };
    let a = await start();
    const b = await start();
    try {
      const events = Array.from({ length: QUESTIONS }, (_, i) => {
        const text = `Is service ${i} healthy?`;
        const seeded = slack.seedMessage('C0GENERAL', 'U0BOB', text);
        return messageEvent({ channel: 'C0GENERAL', user: 'U0BOB', text, ts: seeded.ts });
      });
      // A poisoned one: its text holds NUL and half an emoji, and it asks too.
      const poisonedText = 'Is the \u0000 \ud83d build green?';
      const poisoned = messageEvent({
        channel: 'C0GENERAL',
        user: 'U0BOB',
        text: poisonedText,
        ts: slack.seedMessage('C0GENERAL', 'U0BOB', 'Is the build green?').ts,
      });
      const all = [...events.slice(0, 12), poisoned, ...events.slice(12)];
      const deliver = async (event: Record<string, unknown>, i: number) => {
        const copies = i % 2 === 0 ? 3 : 2;
        const answers = await Promise.all(
          Array.from({ length: copies }, (_, n) =>
            (n % 2 === 0 ? a : b).client
              .event(event, n > 0 ? { retryNum: n } : {})
              .then((response) => response.status)
              .catch(() => 'cut off' as const),
          ),
        );
        return answers;
      };
      // Everything arrives at both at once; the first process is killed while the deliveries are in flight.
      const inFlight = Promise.all(all.map((e, i) => deliver(e, i)));
      await new Promise((resolve) => setTimeout(resolve, 30));
      a.bot.child.kill('SIGKILL');
      const statuses = (await inFlight).flat();
      await a.bot.exit;
      for (const status of statuses) {
        assert.ok(status === 200 || status === 'cut off', `a delivery answered ${status}`);
      }
      // Slack delivers again what was not acknowledged: here every event, to the restarted process.
      a = await start();
      await Promise.all(all.map((e) => a.client.event(e, { retryNum: 3 })));

      const cards = () => slack.callsOf('chat.postMessage').filter((c) => /approval needed/i.test(String(c.args.text)));
      await waitFor(() => (cards().length >= QUESTIONS + 1 ? true : undefined), 'a card per question', 120_000);
      // A little longer: a duplicate card would show up now.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.equal(cards().length, QUESTIONS + 1, 'one card per question, the poisoned one included');

      // Alice approves each card twice, on both processes at once.
      const posted = [...slack.messages.values()].filter((m) => buttonValue(m.blocks, 'teammate_approve'));
      assert.equal(posted.length, QUESTIONS + 1);
      await Promise.all(
        posted.flatMap((card) =>
          [a, b, a, b].map((p, n) =>
            p.client.interaction(
              blockAction({
                user: 'U0ALICE',
                channel: card.channel,
                messageTs: card.ts,
                threadTs: card.thread_ts,
                actionId: 'teammate_approve',
                value: buttonValue(card.blocks, 'teammate_approve'),
                responseUrl: slack.responseUrl(`click-${card.ts}-${n}`),
                blocks: card.blocks,
              }),
            ),
          ),
        ),
      );
      const nudges = () =>
        slack
          .callsOf('chat.postMessage')
          .filter((c) => /^<@U0BOB>'s question has been waiting/.test(String(c.args.text)));
      // 100 clicks at once on two processes: on a loaded two-core machine this phase has taken over a minute.
      await waitFor(() => (nudges().length >= QUESTIONS + 1 ? true : undefined), 'every nudge posted', 150_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.equal(nudges().length, QUESTIONS + 1, 'each approved action ran once');

      const opened = await openDatabase(parseDatabaseUrl(db.url), silentLogger);
      try {
        const entries = await opened.stores.ledger.recent({ limit: 100 });
        assert.equal(entries.length, QUESTIONS + 1);
        assert.ok(
          entries.every((e) => e.status === 'executed'),
          entries.map((e) => e.status).join(','),
        );
        for (const entry of entries) {
          const runs = (await opened.stores.ledger.events(entry.id)).filter((e) => e.to === 'executing');
          assert.equal(runs.length, 1, `A-${entry.id} was claimed once`);
        }
        assert.equal((await opened.stores.inbox.failed(10)).total, 0, 'no event was given up');
      } finally {
        await opened.close();
      }
    } finally {
      a.bot.child.kill('SIGTERM');
      b.bot.child.kill('SIGTERM');
      await Promise.all([a.bot.exit, b.bot.exit]);
      await slack.stop();
      await db.drop();
    }
  });
});
