import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { startRuntime, type TRuntime } from '../../src/runtime.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from '../kit/fake-slack.js';
import { SIGNING_SECRET, slackClient } from '../kit/signed-requests.js';
import { freshDatabaseUrl, type TDatabaseKind } from './databases.js';
import { assertNoRawValidation } from './raw-validation.js';

export type TSlackHarness = {
  fake: FakeSlack;
  runtime: TRuntime;
  eventsUrl: string;
  client: ReturnType<typeof slackClient>;
  /** Waits until every stored signal is processed and every click or command has been answered. */
  settle(): Promise<void>;
  close(): Promise<void>;
};

/** The whole bot (real Bolt, real signature checks, real database) with a fake Slack in front of its Web API calls. */
export async function startSlackBot(
  kind: TDatabaseKind,
  options: { mode?: 'http' | 'socket'; admins?: string[]; env?: Record<string, string> } = {},
): Promise<TSlackHarness> {
  const fake = await new FakeSlack().start();
  const db = await freshDatabaseUrl(kind);
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    TEAMMATE_TIMEZONE: 'UTC',
    TEAMMATE_LOCAL_CHAT: 'off',
    TEAMMATE_ADMINS: (options.admins ?? ['U0ALICE']).join(','),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    ...(options.mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    ...options.env,
  });
  const runtime = await startRuntime({
    config,
    log: silentLogger,
    version: 'test',
    http: true,
    heartbeat: false,
    slackRetry: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
  });
  const address = runtime.server?.address() as AddressInfo;
  const eventsUrl = `http://127.0.0.1:${address.port}/slack/events`;
  return {
    fake,
    runtime,
    eventsUrl,
    client: slackClient(eventsUrl),
    async settle() {
      for (let i = 0; i < 3; i++) {
        await runtime.teammate.drain();
        await runtime.slack?.idle();
      }
    },
    async close() {
      await runtime.close();
      await fake.stop();
      await db.drop();
      assertNoRawValidation(
        fake.calls.map((call) => JSON.stringify(call.args)),
        'the bot on Slack',
      );
    },
  };
}
