import {
  type Activity,
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  type ConnectorClient,
  GovernmentConstants,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { TBotFrameworkSetting, TTeamsConfig } from '../../config.js';
import { ConnectorCallError, retryAfterMs, type TConnector, type TInbound, type TReference } from './connector.js';

// The only file that knows the Bot Framework SDK (botbuilder 4.23, archived by Microsoft at the end of 2025). Everything
// else in this folder speaks TConnector, so swapping the SDK (the Teams SDK or the Microsoft 365 Agents SDK) is
// writing this file again; see docs/teams.md.

type TCloud = Record<Exclude<TBotFrameworkSetting, 'ChannelService' | 'ValidateAuthority' | 'CallerId'>, string>;

const publicCloud: TCloud = {
  ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
  ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
  ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
  OAuthUrl: AuthenticationConstants.OAuthUrl,
};
const usGovernment: TCloud = {
  ToBotFromChannelOpenIdMetadataUrl: GovernmentConstants.ToBotFromChannelOpenIdMetadataUrl,
  ToBotFromChannelTokenIssuer: GovernmentConstants.ToBotFromChannelTokenIssuer,
  ToBotFromEmulatorOpenIdMetadataUrl: GovernmentConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  ToChannelFromBotLoginUrl: GovernmentConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: GovernmentConstants.ToChannelFromBotOAuthScope,
  OAuthUrl: GovernmentConstants.OAuthUrl,
};

/**
 * botbuilder's settings: the ones the environment gives, and the cloud's default for every other one. (botbuilder
 * itself drops all its defaults as soon as one setting is given, so a single override would break the rest.)
 */
export function botFrameworkSettings(config: TTeamsConfig): ConfigurationBotFrameworkAuthenticationOptions {
  const given = config.botFramework;
  const cloud = given.ChannelService === GovernmentConstants.ChannelService ? usGovernment : publicCloud;
  return {
    ...cloud,
    ...given,
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppTenantId: config.tenantId ?? '',
    // Without an app id nothing is authenticated; botbuilder insists on an id only for the single-tenant type.
    MicrosoftAppType: config.appId ? config.appType : 'MultiTenant',
  };
}

/** Outbound tokens from a function instead of MSAL (tests, whose Microsoft is a local stand-in). */
class TokenCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly token: (audience: string) => Promise<string>,
  ) {
    super();
  }
  async isValidAppId(appId: string) {
    return appId === this.appId;
  }
  async isAuthenticationDisabled() {
    return this.appId === '';
  }
  async createCredentials(_appId: string, audience: string | undefined) {
    const token = this.token;
    return {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(request: T): Promise<T> {
        request.headers.set('authorization', `Bearer ${await token(audience ?? '')}`);
        return request;
      },
    };
  }
}

class Adapter extends CloudAdapter {
  run(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/** An HTTP status and a message out of whatever the connector client threw. */
function failureOf(error: unknown): { status?: number; retryAfter?: string; message: string } {
  const e = error as {
    statusCode?: number;
    response?: { status?: number; headers?: { get?(name: string): string | undefined } };
    message?: string;
  };
  const status = e?.statusCode ?? e?.response?.status;
  const retryAfter = e?.response?.headers?.get?.('retry-after');
  return {
    ...(status ? { status } : {}),
    ...(retryAfter ? { retryAfter } : {}),
    message: e?.message ?? String(error),
  };
}

/**
 * botbuilder's HTTP pipeline retries 429s and 5xx by itself (Azure core's default retry policy, three more tries).
 * Outbound owns retries (order per conversation, Retry-After, a bounded count, an error in words), so the SDK's
 * are taken out of the client's pipeline: otherwise every attempt of ours would be four.
 */
function withoutSdkRetries(client: ConnectorClient): ConnectorClient {
  const inner = (
    client as unknown as { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } }
  ).client;
  inner?.pipeline?.removePolicy({ phase: 'Retry' });
  return client;
}

/** The conversation of a stored reference, as the Bot Framework names its fields. */
const conversationOf = (to: TReference) => ({
  id: to.conversationId,
  isGroup: to.conversationType !== 'personal',
  conversationType: to.conversationType,
  name: '',
  ...(to.tenantId ? { tenantId: to.tenantId } : {}),
});

type TRawAccount = { id?: string; name?: string; aadObjectId?: string };

/** A channel account as the connector answers it, with only the fields Teammate reads (none without an id). */
function accountOf(raw: TRawAccount): { id: string; name?: string; aadObjectId?: string } | undefined {
  if (!raw.id) return undefined;
  return {
    id: raw.id,
    ...(raw.name ? { name: raw.name } : {}),
    ...(raw.aadObjectId ? { aadObjectId: raw.aadObjectId } : {}),
  };
}

/** The Bot Framework connector through botbuilder's CloudAdapter. */
export function botFrameworkConnector(
  config: TTeamsConfig,
  options: { outboundToken?: (audience: string) => Promise<string> } = {},
): TConnector {
  const settings = botFrameworkSettings(config);
  const appId = config.appId ?? '';
  const auth = new ConfigurationBotFrameworkAuthentication(
    settings,
    options.outboundToken ? new TokenCredentialsFactory(appId, options.outboundToken) : undefined,
  );
  const adapter = new Adapter(auth);
  const audience = String(settings.ToChannelFromBotOAuthScope);

  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      const failure = failureOf(error);
      throw new ConnectorCallError(operation, failure.status, retryAfterMs(failure.retryAfter), failure.message);
    }
  };
  const reference = (to: TReference) => ({
    channelId: 'msteams',
    serviceUrl: to.serviceUrl,
    conversation: conversationOf(to),
    bot: { id: to.botId, name: to.botName ?? '' },
  });
  /** The connector client for a conversation, with its credentials, inside a proactive turn. */
  const withClient = <T>(to: TReference, fn: (client: ConnectorClient) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      adapter
        .continueConversationAsync(appId, reference(to), async (context) => {
          const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
          resolve(await fn(withoutSdkRetries(client)));
        })
        .catch(reject);
    });
  const outgoing = (to: TReference, activity: Record<string, unknown>): Partial<Activity> => ({
    ...(activity as Partial<Activity>),
    channelId: 'msteams',
    serviceUrl: to.serviceUrl,
    from: { id: to.botId, name: to.botName ?? '' },
    conversation: conversationOf(to),
  });

  return {
    async handle(request: TInbound) {
      let started = false;
      let answer: { status: number; body?: unknown } | undefined;
      try {
        const invoke = await adapter.run(
          request.authorization,
          request.activity as unknown as Activity,
          async (context) => {
            started = true;
            const result = await request.logic(context.activity);
            if (context.activity.type === ActivityTypes.Invoke) {
              await context.sendActivity({
                type: ActivityTypes.InvokeResponse,
                value: { status: result?.status ?? 200, body: result?.body },
              });
            }
            answer = result;
          },
        );
        return invoke ? { status: invoke.status, body: invoke.body } : (answer ?? { status: 200 });
      } catch (error) {
        // Before the logic ran, the only thing that can fail is the request's authentication (CloudAdapter answers
        // some of those with a 500, such as a bad signature under a known key): every one of them is a 401.
        if (!started) return { status: 401, body: { error: 'unauthorized', detail: failureOf(error).message } };
        throw error;
      }
    },
    async send(to, activity) {
      return call('sending a message', () =>
        withClient(to, async (client) => {
          const sent = await client.conversations.sendToConversation(to.conversationId, outgoing(to, activity));
          return { id: sent.id ?? '' };
        }),
      );
    },
    async update(to, id, activity) {
      await call('updating a message', () =>
        withClient(to, (client) =>
          client.conversations.updateActivity(to.conversationId, id, { ...outgoing(to, activity), id }),
        ),
      );
    },
    async remove(to, id) {
      await call('deleting a message', () =>
        withClient(to, (client) => client.conversations.deleteActivity(to.conversationId, id)),
      );
    },
    async member(to, teamsId) {
      try {
        const found = await call('looking up a member', () =>
          withClient(to, (client) => client.conversations.getConversationMember(to.conversationId, teamsId)),
        );
        return accountOf(found as TRawAccount);
      } catch (error) {
        if (error instanceof ConnectorCallError && error.status === 404) return undefined;
        throw error;
      }
    },
    async *members(to) {
      let continuationToken: string | undefined;
      do {
        const token = continuationToken;
        const page = await call('listing members', () =>
          withClient(to, (client) =>
            client.conversations.getConversationPagedMembers(
              to.conversationId,
              // The SDK's type makes the token required; the first page has none.
              (token ? { pageSize: 200, continuationToken: token } : { pageSize: 200 }) as {
                pageSize: number;
                continuationToken: string;
              },
            ),
          ),
        );
        yield (page.members ?? []).flatMap((m) => accountOf(m) ?? []);
        continuationToken = page.continuationToken || undefined;
      } while (continuationToken);
    },
    async createPersonal(to, user) {
      return call('opening a personal chat', async () => {
        let id: string | undefined;
        await adapter.createConversationAsync(
          appId,
          'msteams',
          to.serviceUrl,
          audience,
          {
            isGroup: false,
            bot: { id: to.botId, name: to.botName ?? '' },
            members: [{ id: user, name: '' }],
            tenantId: to.tenantId,
            channelData: { tenant: { id: to.tenantId } },
            activity: undefined as never,
          },
          async (context) => {
            id = context.activity.conversation?.id;
          },
        );
        if (!id) throw new Error('the connector answered without a conversation id');
        return { ...to, conversationId: id, conversationType: 'personal' as const };
      });
    },
  };
}
