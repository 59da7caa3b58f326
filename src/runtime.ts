import type { Server } from 'node:http';
import type { RetryOptions } from '@slack/web-api';
import { openAiLlm } from './brain/openai-llm.js';
import type { TConfig } from './config.js';
import { defaultCatalogue } from './core/actions/catalogue.js';
import { CircuitBreaker } from './core/brain/circuit-breaker.js';
import type { ChatPort } from './core/chat-port.js';
import { AdjustableClock } from './core/clock.js';
import type { CoreDeps } from './core/deps.js';
import { allDetectors } from './core/detectors/all-detectors.js';
import { qualify, type TPlatform } from './core/identity.js';
import type { Logger } from './core/logger.js';
import type { TSignal } from './core/signal.js';
import { createTeammate, type Teammate } from './core/teammate.js';
import { localChatPort } from './platforms/local/chat-port.js';
import { Transcript } from './platforms/local/transcript.js';
import { LocalWorld } from './platforms/local/world.js';
import { createSlackAdapter, type TSlackAdapter } from './platforms/slack/slack-adapter.js';
import { heartbeatSeconds, startHeartbeat } from './schedule/heartbeat.js';
import { Scheduler } from './schedule/scheduler.js';
import { createTick } from './schedule/tick.js';
import { closeServer, createHttpApp, listen } from './server/http-server.js';
import { createMetrics } from './server/metrics.js';
import { createCalendarPoller } from './sources/calendar/calendar-poller.js';
import { syncConfiguredCalendars } from './sources/calendar/configured-feeds.js';
import { mountWebhooks } from './sources/webhooks/webhook-route.js';
import { parseDatabaseUrl, redactUrl } from './store/database-url.js';
import { openDatabase } from './store/open-database.js';

export type TRuntimeOptions = {
  config: TConfig;
  log: Logger;
  version: string;
  /** Where the local chat's transcript goes; undefined when nobody watches (service mode). */
  write?: (line: string) => void;
  color?: boolean;
  /** A fixed start for the clock, for reproducible scripts. */
  startAt?: Date;
  http: boolean;
  heartbeat: boolean;
  /** Web API retries (tests make them fast). */
  slackRetry?: RetryOptions;
};

export type TRuntime = {
  teammate: Teammate;
  world: LocalWorld;
  transcript: Transcript;
  clock: AdjustableClock;
  server?: Server;
  slack?: TSlackAdapter;
  scheduler: Scheduler;
  databaseLabel: string;
  /** The core's tick and the local world's scheduled messages. */
  tick(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The composition root's body: database (migrated), adapters, core, HTTP server and heartbeat. main.ts adds the
 * process concerns (arguments, the terminal, signals, exit codes); tests start this directly.
 */
export async function startRuntime(options: TRuntimeOptions): Promise<TRuntime> {
  const { config, log } = options;
  const database = parseDatabaseUrl(config.databaseUrl);
  const databaseLabel =
    database.kind === 'sqlite' ? `SQLite ${database.file}` : `PostgreSQL ${redactUrl(database.url)}`;
  const opened = await openDatabase(database, log);
  const clock = new AdjustableClock(options.startAt);
  const world = new LocalWorld();
  const transcript = new Transcript(options.write ?? (() => undefined), { color: options.color ?? false });
  world.onEvent((event) => transcript.render(event));
  const breaker = new CircuitBreaker();
  const llmState = () => (config.llm ? breaker.state : 'none');
  const metrics = createMetrics({ llmState });
  let slack: TSlackAdapter | undefined;
  // Sources deliver into the core's inbox; the core is created after the HTTP app, so they reach it through this.
  let teammate: Teammate | undefined;
  const receive = (signal: TSignal) => {
    if (!teammate) throw new Error('the core is not running yet');
    return teammate.receive(signal);
  };
  const primary: TPlatform = config.slack ? 'slack' : 'local';
  // Platform endpoints are mounted while the HTTP app is built, before its 404 handler.
  const httpApp = await createHttpApp(
    { ready: opened.ping, registry: metrics.registry, log, llmState },
    async (app) => {
      if (config.slack)
        slack = await createSlackAdapter({ config: config.slack, log, httpApp: app, retry: options.slackRetry });
      mountWebhooks(app, { config: config.webhooks, platform: primary, receive, now: () => clock.now(), log });
    },
  );
  const calendars = createCalendarPoller({
    calendar: opened.stores.calendar,
    receive,
    clock,
    log,
    options: { pollMs: config.calendars.pollMs, allowPrivate: config.calendars.allowPrivate },
  });
  const scheduler = new Scheduler({ store: opened.stores.jobs, clock, log, timers: options.heartbeat });
  const chats = new Map<TPlatform, ChatPort>([['local', localChatPort(world, clock)]]);
  if (slack) chats.set('slack', slack.chat);
  const deps: CoreDeps = {
    stores: opened.stores,
    chats,
    catalogue: defaultCatalogue,
    clock,
    log,
    metrics: metrics.port,
    calendars,
    ...(config.llm ? { brain: { llm: openAiLlm(config.llm), breaker, budget: config.llm.budget } } : {}),
    settings: {
      admins: config.admins.map((admin) => qualify(admin, primary)),
      defaultTimeZone: config.timeZone,
      unansweredAfterMs: config.unansweredAfterMs,
      readBotMessages: config.readBotMessages,
      executionLeaseMs: 120_000,
      runtime: {
        version: options.version,
        database: database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        startedAt: clock.now(),
      },
    },
  };
  const core = createTeammate(deps, allDetectors);
  teammate = core;
  slack?.attach(core);
  await syncConfiguredCalendars(deps, config, primary);
  const tick = createTick({ deps, teammate: core, world, calendars, scheduler }, { waitForJobs: false });
  // Finish what a previous run left half-done before taking new work.
  await tick();
  const server = options.http ? await listen(httpApp, config.port, config.host) : undefined;
  await slack?.start();
  const heartbeat = options.heartbeat
    ? startHeartbeat(heartbeatSeconds(config.unansweredAfterMs), tick, log)
    : undefined;
  return {
    teammate: core,
    scheduler,
    world,
    transcript,
    clock,
    server,
    slack,
    databaseLabel,
    tick,
    async close() {
      await heartbeat?.stop();
      await scheduler.stop();
      await slack?.stop();
      if (server) await closeServer(server);
      await opened.close();
    },
  };
}
