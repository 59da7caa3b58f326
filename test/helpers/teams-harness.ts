import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { startRuntime, type TRuntime } from '../../src/runtime.js';
import { BotFrameworkIssuer } from '../kit/bot-framework-issuer.js';
import { FakeTeamsConnector } from '../kit/fake-teams-connector.js';
import { APP_ID, executeInvoke, TENANT, type TTeamsPerson } from '../kit/teams-activities.js';
import { freshDatabaseUrl, type TDatabaseKind } from './databases.js';
import { assertNoRawValidation } from './raw-validation.js';

export type TTeamsHarness = {
  issuer: BotFrameworkIssuer;
  connector: FakeTeamsConnector;
  runtime: TRuntime;
  baseUrl: string;
  /**
   * Posts an activity to /api/messages with a valid token (or the given Authorization header, or none). An answer
   * of 5xx throws, with the errors the bot logged: no test expects one.
   */
  send(activity: Record<string, unknown>, authorization?: string | null): Promise<{ status: number; body: unknown }>;
  databaseUrl: string;
  /** Stops the bot only, leaving the database and the stand-ins for a restart. */
  stop(): Promise<void>;
  /** Time passes (an hour unless told), as the heartbeat sees it: the clock moves, a tick runs, its work settles. */
  later(ms?: number): Promise<void>;
  /** Someone presses a button on a card the bot posted (an `adaptiveCard/action` invoke), and the work settles. */
  click(
    who: TTeamsPerson,
    card: { id: string; conversationId: string } | undefined,
    verb: string,
    data?: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown }>;
  /** Waits until every stored signal is processed and every click or command has been answered. */
  settle(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The whole bot (real botbuilder CloudAdapter, real JWT validation against a local key set, real database) with a
 * Bot Connector stand-in as the serviceUrl. `unauthenticated` runs it without an app id, as local development does.
 */
export async function startTeamsBot(
  kind: TDatabaseKind,
  options: {
    unauthenticated?: boolean;
    admins?: string[];
    env?: Record<string, string>;
    /** A database an earlier run used (a restart); the harness then leaves dropping it to the caller. */
    database?: { url: string };
    /** How long a click may work before its invoke is answered anyway. */
    invokeBudgetMs?: number;
    /** The stand-ins an earlier run used (a restart keeps Microsoft's side as it was). */
    issuer?: BotFrameworkIssuer;
    connector?: FakeTeamsConnector;
  } = {},
): Promise<TTeamsHarness> {
  const issuer = options.issuer ?? (await new BotFrameworkIssuer().start());
  const connector =
    options.connector ??
    (await new FakeTeamsConnector((token) =>
      options.unauthenticated ? token === undefined : token !== undefined && issuer.isOutboundToken(token),
    ).start());
  const db = options.database
    ? { url: options.database.url, drop: async () => undefined }
    : await freshDatabaseUrl(kind);
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    TEAMMATE_TIMEZONE: 'UTC',
    TEAMMATE_LOCAL_CHAT: 'off',
    TEAMMATE_ADMINS: (options.admins ?? []).join(','),
    ...(options.unauthenticated
      ? { TEAMMATE_ALLOW_UNAUTHENTICATED_TEAMS: '1' }
      : {
          MICROSOFT_APP_ID: APP_ID,
          MICROSOFT_APP_PASSWORD: 'not-used-outbound-tokens-come-from-the-issuer',
          MICROSOFT_APP_TENANT_ID: TENANT,
          ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
        }),
    ...options.env,
  });
  // Errors are kept, so that a request answered 5xx says why in the test's failure.
  const errors: string[] = [];
  const log = {
    ...silentLogger,
    error: (fields: Record<string, unknown>, message: string) => {
      errors.push(`${message}: ${String((fields.err as Error | undefined)?.stack ?? JSON.stringify(fields))}`);
    },
  };
  const runtime = await startRuntime({
    config,
    log,
    version: 'test',
    http: true,
    heartbeat: false,
    teams: {
      ...(options.unauthenticated ? {} : { outboundToken: issuer.outboundToken }),
      retry: { attempts: 3, minMs: 5, maxMs: 20 },
      ...(options.invokeBudgetMs !== undefined ? { invokeBudgetMs: options.invokeBudgetMs } : {}),
    },
  });
  const address = runtime.server?.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  let stopped: Promise<void> | undefined;
  /** Every answer to an activity (invoke answers carry cards and private messages). */
  const answers: string[] = [];
  const stop = () => {
    stopped ??= runtime.close();
    return stopped;
  };
  const harness: TTeamsHarness = {
    issuer,
    connector,
    runtime,
    baseUrl,
    databaseUrl: db.url,
    stop,
    async send(activity, authorization) {
      const header =
        authorization === undefined
          ? options.unauthenticated
            ? undefined
            : `Bearer ${issuer.channelToken(APP_ID, String(activity.serviceUrl))}`
          : (authorization ?? undefined);
      const response = await fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      answers.push(text);
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      // Nothing a sender sends may be answered 5xx: fail the test there, with what the bot logged.
      if (response.status >= 500) {
        throw new Error(`/api/messages answered ${response.status} ${text}\n${errors.slice(-3).join('\n')}`);
      }
      return { status: response.status, body };
    },
    async later(ms = 3_600_000) {
      runtime.clock.advance(ms);
      await runtime.tick();
      await harness.settle();
    },
    async click(who, card, verb, data = {}) {
      assert.ok(card, 'there is a card to click');
      const response = await harness.send(
        executeInvoke({
          serviceUrl: connector.serviceUrl,
          from: who,
          cardId: card.id,
          conversation: card.conversationId,
          verb,
          data: { teammate: 1, action: verb, entryId: 1, ...data },
        }),
      );
      await harness.settle();
      return response;
    },
    async settle() {
      for (let i = 0; i < 3; i++) {
        await runtime.teammate.drain();
        for (const adapter of runtime.adapters) await adapter.idle();
      }
    },
    async close() {
      await stop();
      if (!options.connector) await connector.stop();
      if (!options.issuer) await issuer.stop();
      await db.drop();
      assertNoRawValidation(
        [...connector.calls.map((call) => JSON.stringify(call.body)), ...answers],
        'the bot on Teams',
      );
    },
  };
  return harness;
}
