import { App, SocketModeReceiver } from '@slack/bolt';
import { ErrorCode, type RetryOptions, WebClient } from '@slack/web-api';
import express from 'express';
import type { TSlackConfig } from '../../config.js';
import { Background } from '../../core/background.js';
import { AppError, AppErrorCode } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { PlatformAdapter } from '../adapter.js';
import { slackError } from './api-errors.js';
import { boltLogger } from './bolt-logger.js';
import { slackChatPort, type TSlackIdentity } from './chat-port.js';
import { CheckedExpressReceiver } from './checked-receiver.js';
import { registerListeners } from './listeners.js';
import { SlackNames } from './names.js';
import { SlackRenderer } from './render.js';

/** Production retries: 429s wait for Retry-After; 5xx and network errors back off 1 s, 2 s, 4 s. */
export const slackRetry: RetryOptions = {
  retries: 3,
  factor: 2,
  minTimeout: 1_000,
  maxTimeout: 8_000,
  randomize: true,
};

/** Events, interactivity and slash commands, on one URL (HTTP mode). */
export const SLACK_ENDPOINT = '/slack/events';

export type TSlackAdapter = PlatformAdapter & { readonly mode: TSlackConfig['mode'] };

async function identify(client: WebClient, apiUrl: string): Promise<TSlackIdentity & { botId?: string }> {
  try {
    const auth = await client.auth.test();
    if (!auth.user_id) throw new Error('auth.test answered without a user_id');
    return {
      botUserId: auth.user_id,
      ...(auth.bot_id ? { botId: auth.bot_id } : {}),
      ...(auth.url ? { teamUrl: auth.url } : {}),
    };
  } catch (error) {
    throw new AppError(AppErrorCode.config, { message: startupWords(error, apiUrl), cause: error });
  }
}

/** Why Slack could not be used at start-up, in one line: unreachable, refusing the token, or answering oddly. */
function startupWords(error: unknown, apiUrl: string): string {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: { cause?: unknown } };
  if (e.code === ErrorCode.RequestError) {
    const cause = e.original?.cause as { code?: string; message?: string } | undefined;
    return `cannot reach Slack at ${apiUrl} (${cause?.code ?? cause?.message ?? 'no answer'}): check the network, a proxy, or SLACK_API_URL`;
  }
  if (e.code === ErrorCode.PlatformError && e.data?.error) {
    const failure = slackError('auth.test', error);
    return `Slack did not accept SLACK_BOT_TOKEN: ${e.data.error} (${failure.userMessage.replace(/ \[.*\]$/, '')})`;
  }
  if (e.code === ErrorCode.HTTPError) return `Slack answered auth.test with HTTP ${e.statusCode}: try again later`;
  return `Slack did not answer auth.test: ${slackError('auth.test', error).message}`;
}

/**
 * Slack behind Bolt. HTTP mode serves Bolt's ExpressReceiver at POST /slack/events on the shared HTTP server (events,
 * interactivity and slash commands on one URL; Bolt verifies signatures and timestamps). Socket Mode connects with
 * the app-level token. SLACK_API_URL points every Web API call elsewhere (how the tests put a fake Slack in front of
 * this code). The bot's identity is asked of Slack first (auth.test), so a wrong token stops the start with words.
 */
export async function createSlackAdapter(options: {
  config: TSlackConfig;
  log: Logger;
  retry?: RetryOptions;
}): Promise<TSlackAdapter> {
  const { config, log } = options;
  const logger = boltLogger(log);
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.replace(/\/?$/, '/') } : {}),
    retryConfig: options.retry ?? slackRetry,
    timeout: 15_000,
    logger,
  };
  // The token is checked once, first, with words for what went wrong; Bolt is then told who the bot is, so it never
  // checks on its own (in a promise nobody awaits, an unhandled rejection when Slack is away).
  const identity = await identify(
    new WebClient(config.botToken, clientOptions),
    config.apiUrl ?? 'https://slack.com/api/',
  );
  const known = {
    tokenVerificationEnabled: false,
    botUserId: identity.botUserId,
    ...(identity.botId ? { botId: identity.botId } : {}),
  };
  let app: App;
  let socket: SocketModeReceiver | undefined;
  // HTTP mode: Bolt registers its endpoint on this router, which `routes` mounts on the shared server.
  const router = express.Router();
  if (config.mode === 'http') {
    const receiver = new CheckedExpressReceiver(
      {
        signingSecret: config.signingSecret,
        endpoints: SLACK_ENDPOINT,
        // Respond when the listener returns: events are acknowledged only once they are stored in the inbox.
        processBeforeResponse: true,
        router,
        logger,
        processEventErrorHandler: async ({ error, response }) => {
          if (response.headersSent) return false;
          // The shape was checked (CheckedExpressReceiver), so this is our own failure (the inbox could not store
          // the event): 500, so that Slack delivers it again.
          log.error({ err: error }, 'could not take a Slack request; Slack will retry it');
          response.writeHead(500);
          response.end();
          return false;
        },
      },
      log,
    );
    app = new App({ token: config.botToken, receiver, clientOptions, logger, convoStore: false, ...known });
  } else {
    // Our own receiver, so that stop() can wait for the close handshake (Bolt's stop does not).
    socket = new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions } });
    app = new App({ token: config.botToken, receiver: socket, clientOptions, logger, convoStore: false, ...known });
  }
  const render = new SlackRenderer(new SlackNames(app.client, log), identity.teamUrl);
  const chat = slackChatPort(app.client, render, identity);
  const background = new Background(log);
  return {
    platform: 'slack',
    chat,
    mode: config.mode,
    ...(config.mode === 'http' ? { routes: (http: express.Express) => void http.use(router) } : {}),
    async start(teammate) {
      registerListeners(app, { teammate, chat, botUserId: identity.botUserId, render, background, log });
      if (config.mode === 'socket') await app.start();
    },
    async stop() {
      await background.idle();
      await socket?.client.disconnect();
    },
    idle: () => background.idle(),
  };
}
