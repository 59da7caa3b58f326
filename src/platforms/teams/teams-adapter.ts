import express from 'express';
import type { TTeamsConfig } from '../../config.js';
import { Background } from '../../core/background.js';
import { asAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { AddressStore } from '../../core/store-ports.js';
import type { PlatformAdapter } from '../adapter.js';
import { botFrameworkConnector } from './bot-framework.js';
import { teamsChatPort } from './chat-port.js';
import type { TConnector } from './connector.js';
import { TeamsDirectory } from './directory.js';
import { activityHandler } from './handle-activity.js';
import { Outbound, type TRetry, teamsRetry } from './outbound.js';
import { TeamsRenderer } from './render.js';

export const TEAMS_ENDPOINT = '/api/messages';

export type TTeamsOptions = {
  config: TTeamsConfig;
  log: Logger;
  addresses: AddressStore;
  now(): Date;
  /** Outbound Bot Framework tokens from here instead of Microsoft's login service (tests). */
  outboundToken?: (audience: string) => Promise<string>;
  retry?: TRetry;
  invokeBudgetMs?: number;
  /** Another implementation of the Bot Framework (an SDK swap, a test double); botbuilder's CloudAdapter otherwise. */
  connector?: TConnector;
};

/**
 * Microsoft Teams through the Bot Framework: POST /api/messages on the shared HTTP server (every request
 * authenticated unless the configuration says development), activities into the core, and a ChatPort that reaches
 * conversations through the references it remembers. The SDK stays behind TConnector (bot-framework.ts).
 */
export function createTeamsAdapter(options: TTeamsOptions): PlatformAdapter {
  const { config, log } = options;
  const connector =
    options.connector ??
    botFrameworkConnector(config, options.outboundToken ? { outboundToken: options.outboundToken } : {});
  const directory = new TeamsDirectory(options.addresses, options.now);
  const render = new TeamsRenderer(directory);
  const outbound = new Outbound(options.retry ?? teamsRetry, log);
  const background = new Background(log);
  // With an app id, the bot's Teams id is 28:<app id>; without one (development), the first activity says it.
  let botId = config.appId ? `28:${config.appId}` : '';
  const chat = teamsChatPort({ connector, directory, render, outbound, botId: () => botId });
  let handle: ((body: unknown) => Promise<{ status: number; body?: unknown } | undefined>) | undefined;

  const router = express.Router();
  router.post(TEAMS_ENDPOINT, express.json({ limit: '1mb' }), async (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      res.status(400).json({ error: 'bad_request', message: 'expected a Bot Framework activity (a JSON object)' });
      return;
    }
    if (!handle) {
      res.status(503).json({ error: 'starting', message: 'Teammate is starting; try again' });
      return;
    }
    const run = handle;
    try {
      const answer = await connector.handle({
        authorization: req.get('authorization') ?? '',
        activity: body as Record<string, unknown>,
        logic: (activity) => run(activity),
      });
      if (answer.status === 401)
        log.warn({ reason: answer.body }, 'refused a Teams request that failed authentication');
      res.status(answer.status);
      if (answer.body !== undefined) res.json(answer.body);
      else res.end();
    } catch (error) {
      // The activity was authenticated, but storing it failed (the database is away): Teams may send it again.
      log.error({ err: asAppError(error) }, 'could not take a Teams activity');
      res.status(503).json({ error: 'unavailable', message: 'could not store the activity; try again' });
    }
  });

  return {
    platform: 'teams',
    chat,
    routes: (app) => void app.use(router),
    async start(teammate) {
      handle = activityHandler({
        teammate,
        chat,
        directory,
        render,
        background,
        log,
        now: options.now,
        // A single-tenant bot serves its own tenant (Bot Framework sends it no other; this keeps it so).
        ...(config.appType === 'SingleTenant' && config.tenantId ? { tenant: config.tenantId } : {}),
        learnBotId: (id) => {
          if (!botId) botId = id;
        },
        // Asked while an activity waits for its acknowledgement: one try, no queue.
        lookupMember: (to, teamsId) => connector.member(to, teamsId),
        listMembers: (to) => connector.members(to),
        ...(options.invokeBudgetMs !== undefined ? { invokeBudgetMs: options.invokeBudgetMs } : {}),
      });
    },
    idle: () => background.idle(),
    stop: () => background.idle(),
  };
}
