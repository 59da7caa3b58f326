import type { Server } from 'node:http';
import type { RetryOptions } from '@slack/web-api';
import { assemble } from './assemble.js';
import { openAiLlm } from './brain/openai-llm.js';
import type { TConfig } from './config.js';
import { createConnectors, type TConnectorOptions } from './connectors/connectors.js';
import { createDealPoller } from './connectors/hubspot/deal-poller.js';
import { hashAgentToken } from './core/agents/agent-token.js';
import { CircuitBreaker } from './core/brain/circuit-breaker.js';
import { AdjustableClock } from './core/clock.js';
import type { CoreDeps } from './core/deps.js';
import type { Logger } from './core/logger.js';
import type { Teammate } from './core/teammate.js';
import { mountMcp } from './mcp/route.js';
import { agentUndoWebhooks } from './mcp/undo-webhook.js';
import type { PlatformAdapter } from './platforms/adapter.js';
import { createLocalAdapter } from './platforms/local/local-adapter.js';
import { LocalSession } from './platforms/local/session.js';
import { Transcript } from './platforms/local/transcript.js';
import { LocalWorld } from './platforms/local/world.js';
import { createSlackAdapter, SLACK_ENDPOINT, type TSlackAdapter } from './platforms/slack/slack-adapter.js';
import { createTeamsAdapter, TEAMS_ENDPOINT, type TTeamsOptions } from './platforms/teams/teams-adapter.js';
import { configuredPlatforms, resolveRouting, type TRouting } from './routing.js';
import { heartbeatSeconds, startHeartbeat } from './schedule/heartbeat.js';
import type { Scheduler } from './schedule/scheduler.js';
import { closeServer, createHttpApp, listen, notConfigured } from './server/http-server.js';
import { createMetrics } from './server/metrics.js';
import { syncConfiguredCalendars } from './sources/calendar/configured-feeds.js';
import { mountWebhooks } from './sources/webhooks/webhook-route.js';
import { parseDatabaseUrl, redactUrl } from './store/database-url.js';
import { openDatabase, openRehearsalDatabase } from './store/open-database.js';

export type TRuntimeOptions = {
  config: TConfig;
  log: Logger;
  version: string;
  /**
   * The local chat, when someone uses it (a terminal, a script, a test): where its transcript goes. Without it the
   * local chat is built only when no other platform is configured (a service with no credentials).
   */
  local?: { write(line: string): void; color?: boolean };
  /**
   * A rehearsal (a script without --keep): the database is a scratch copy of the configured one's configuration,
   * discarded on close (openRehearsalDatabase).
   */
  rehearsal?: boolean;
  /** A fixed start for the clock, for reproducible scripts. */
  startAt?: Date;
  /** With startAt: time moves only when advanced (a script's /wait), not with the wall clock. */
  frozenClock?: boolean;
  http: boolean;
  heartbeat: boolean;
  /** Web API retries (tests make them fast). */
  slackRetry?: RetryOptions;
  /** The connectors' HTTP (tests make rate-limit waits short). */
  connectors?: TConnectorOptions;
  /** Teams' outbound tokens and retries (tests, whose Microsoft is a local stand-in). */
  teams?: Pick<TTeamsOptions, 'outboundToken' | 'retry' | 'invokeBudgetMs'>;
};

export type TRuntime = {
  teammate: Teammate;
  deps: CoreDeps;
  adapters: readonly PlatformAdapter[];
  /** The local chat's workspace and transcript, when the local chat runs. */
  local?: { world: LocalWorld; transcript: Transcript };
  slack?: TSlackAdapter;
  routing: TRouting;
  clock: AdjustableClock;
  server?: Server;
  scheduler: Scheduler;
  databaseLabel: string;
  /** Every heartbeat's work, waiting for the scheduled runs it starts (what scripts and tests step through). */
  tick(): Promise<void>;
  close(): Promise<void>;
};

/** Someone at the local chat's keyboard (the terminal, a script, a test); the runtime must run the local chat. */
export function localSession(runtime: TRuntime, who: { user?: string; channel?: string } = {}): LocalSession {
  if (!runtime.local) throw new Error('the local chat is not running: start the runtime with the local option');
  return new LocalSession({
    teammate: runtime.teammate,
    world: runtime.local.world,
    transcript: runtime.local.transcript,
    clock: runtime.clock,
    tick: runtime.tick,
    ...who,
  });
}

/**
 * The composition root's body: database (migrated), adapters, the assembled core, HTTP server and heartbeat.
 * main.ts adds the process concerns (arguments, the terminal, signals, exit codes); tests start this directly.
 */
export async function startRuntime(options: TRuntimeOptions): Promise<TRuntime> {
  const { config, log } = options;
  const platforms = configuredPlatforms(config, options.local !== undefined);
  // Ids and targets are checked before anything connects: a wrong one stops the start with the variable's name.
  const routing = resolveRouting(config, platforms);
  for (const warning of routing.warnings) log.warn({}, warning);
  const database = parseDatabaseUrl(config.databaseUrl);
  const teamLabel = database.kind === 'sqlite' ? `SQLite ${database.file}` : `PostgreSQL ${redactUrl(database.url)}`;
  const databaseLabel = options.rehearsal ? `a scratch SQLite file, configured from ${teamLabel}` : teamLabel;
  const opened = options.rehearsal ? await openRehearsalDatabase(database, log) : await openDatabase(database, log);
  const clock = new AdjustableClock(options.startAt, { frozen: options.frozenClock ?? false });
  const adapters: PlatformAdapter[] = [];
  let slack: TSlackAdapter | undefined;
  let local: TRuntime['local'];
  try {
    if (config.slack) {
      slack = await createSlackAdapter({ config: config.slack, log, retry: options.slackRetry });
      adapters.push(slack);
    }
    if (config.teams) {
      adapters.push(
        createTeamsAdapter({
          config: config.teams,
          log,
          addresses: opened.stores.addresses,
          now: () => clock.now(),
          ...options.teams,
        }),
      );
    }
  } catch (error) {
    await opened.close();
    throw error;
  }
  if (platforms.includes('local')) {
    const world = new LocalWorld();
    const transcript = new Transcript(options.local?.write ?? (() => undefined), {
      color: options.local?.color ?? false,
      run: world.run,
    });
    world.onEvent((event) => transcript.render(event));
    adapters.push(createLocalAdapter(world, clock));
    local = { world, transcript };
  }
  const breaker = new CircuitBreaker();
  const llmState = () => (config.llm ? breaker.state : 'none');
  const metrics = createMetrics({
    llmState,
    failedDeliveries: async () => (await opened.stores.inbox.failed(0)).total,
  });
  const configuredAgents = await Promise.all(
    config.agents.configured.map(async (a) => ({ name: a.name, tokenHash: await hashAgentToken(a.token) })),
  );
  const connectors = {
    ...(await createConnectors(config.connectors, { now: () => clock.now(), ...options.connectors })),
    agentUndo: agentUndoWebhooks({
      allowPrivate: config.agents.webhooksAllowPrivate,
      tokenHash: async (agent) =>
        configuredAgents.find((a) => a.name === agent)?.tokenHash ?? (await opened.stores.agents.tokenHash(agent)),
    }),
  };
  const pollers = [...connectors.crms.values()].map((crm) =>
    createDealPoller({
      crm,
      channel: routing.sourceChannels.get(crm.tool) ?? routing.defaultChannel,
      everyMs: config.connectors.hubspot?.pollMs ?? 15 * 60_000,
      receive: (signal) => opened.stores.inbox.enqueue(signal, clock.now()),
      clock,
      log,
    }),
  );
  const assembly = assemble({
    stores: opened.stores,
    connectors,
    pollers,
    adapters,
    clock,
    log,
    metrics: metrics.port,
    calendars: { pollMs: config.calendars.pollMs, allowPrivate: config.calendars.allowPrivate },
    ...(config.llm ? { brain: { llm: openAiLlm(config.llm), breaker, budget: config.llm.budget } } : {}),
    timers: options.heartbeat,
    settings: {
      admins: routing.admins,
      defaultTimeZone: config.timeZone,
      unansweredAfterMs: config.unansweredAfterMs,
      readBotMessages: config.readBotMessages,
      executionLeaseMs: 120_000,
      agents: configuredAgents,
      runtime: {
        version: options.version,
        database: options.rehearsal ? 'SQLite (a rehearsal)' : database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        startedAt: clock.now(),
      },
    },
  });
  const { core } = assembly;
  // Platform endpoints are mounted while the HTTP app is built, before its 404 handler.
  const httpApp = await createHttpApp({ ready: opened.ping, registry: metrics.registry, log, llmState }, (app) => {
    for (const adapter of adapters) adapter.routes?.(app);
    // Endpoints of platforms this process does not serve say what would turn them on.
    if (config.slack?.mode !== 'http') {
      notConfigured(
        app,
        SLACK_ENDPOINT,
        config.slack
          ? 'Slack runs in Socket Mode here: its events arrive over the socket, not on /slack/events'
          : 'Slack is not configured here: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
      );
    }
    if (!config.teams) {
      notConfigured(
        app,
        TEAMS_ENDPOINT,
        'Teams is not configured here: set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (or TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS=1 for local development)',
      );
    }
    mountMcp(app, {
      deps: assembly.deps,
      ...(routing.defaultChannel ? { defaultChannel: routing.defaultChannel } : {}),
      requestsPerMinute: config.agents.requestsPerMinute,
      metrics: metrics.mcp,
    });
    mountWebhooks(app, {
      sources: config.webhooks.sources,
      secrets: config.webhooks.secrets,
      sharedSecret: config.webhooks.sharedSecret,
      routing,
      receive: (signal) => core.receive(signal),
      now: () => clock.now(),
      log,
    });
  });
  await syncConfiguredCalendars(assembly.deps, routing.calendars);
  // Finish what a previous run left half-done before taking new work.
  await assembly.tick();
  // Adapters take events before the server listens, so nothing arrives that no listener would handle.
  for (const adapter of adapters) await adapter.start(core);
  const server = options.http ? await listen(httpApp, config.port, config.host) : undefined;
  const heartbeat = options.heartbeat
    ? startHeartbeat(heartbeatSeconds(config.unansweredAfterMs), () => assembly.tick(), log)
    : undefined;
  return {
    teammate: core,
    deps: assembly.deps,
    adapters,
    local,
    slack,
    routing,
    scheduler: assembly.scheduler,
    clock,
    server,
    databaseLabel,
    tick: () => assembly.tick({ waitForJobs: true }),
    async close() {
      await heartbeat?.stop();
      await assembly.scheduler.stop();
      for (const adapter of adapters) await adapter.stop();
      if (server) await closeServer(server);
      await opened.close();
    },
  };
}
