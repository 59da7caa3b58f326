import { createSign, generateKeyPairSync, type KeyObject, randomUUID, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for Microsoft's token services, so that the bot's real JWT validation (botbuilder's) runs in tests:
// - the Bot Framework's OpenID metadata document and key set, as at
//   https://login.botframework.com/v1/.well-known/openidconfiguration (each key endorsed for the `msteams` channel),
//   and tokens signed like the ones Teams sends the bot (RS256; iss https://api.botframework.com; aud = the app id;
//   a `serviceurl` claim), per https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication;
// - tokens for the bot's outbound calls (what MSAL would fetch from Entra ID), which the connector stand-in checks.

export const CHANNEL_ISSUER = 'https://api.botframework.com';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export type TTokenClaims = {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
  kid?: string;
};

export class BotFrameworkIssuer {
  readonly #channelKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A key the metadata does not publish: tokens signed with it must be refused. */
  readonly #strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly #loginKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly kid = `test-${randomUUID()}`;
  #server?: Server;
  url = '';

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    const jwk = this.#channelKey.publicKey.export({ format: 'jwk' });
    this.#server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.end(
          JSON.stringify({
            issuer: CHANNEL_ISSUER,
            authorization_endpoint: 'https://invalid.botframework.com',
            jwks_uri: `${this.url}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
      } else if (req.url === '/v1/.well-known/keys') {
        res.end(
          JSON.stringify({
            keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #sign(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const body = b64url(JSON.stringify(payload));
    const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key);
    return `${header}.${body}.${b64url(signature)}`;
  }

  /** A token as Teams sends it to the bot; each claim can be made wrong. */
  channelToken(appId: string, serviceUrl: string, claims: TTokenClaims = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return this.#sign(
      {
        iss: claims.iss ?? CHANNEL_ISSUER,
        aud: claims.aud ?? appId,
        serviceurl: claims.serviceurl ?? serviceUrl,
        nbf: now - 60,
        iat: now - 60,
        exp: now + (claims.expiresIn ?? 3600),
      },
      this.#channelKey.privateKey,
      claims.kid ?? this.kid,
    );
  }

  /** The same claims, signed by a key the metadata does not publish, under the published key id. */
  forgedToken(appId: string, serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    return this.#sign(
      { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 },
      this.#strangerKey.privateKey,
      this.kid,
    );
  }

  /** The outbound token the bot puts on its calls to the connector (in place of MSAL's). */
  readonly outboundToken = async (audience: string): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return this.#sign({ aud: audience, iss: 'local-login', exp: now + 3600 }, this.#loginKey.privateKey, 'login');
  };

  /** Whether a bearer token on an outbound call is one this issuer gave the bot. */
  isOutboundToken(token: string): boolean {
    const [header, body, signature] = token.split('.');
    if (!header || !body || !signature) return false;
    return verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${body}`),
      this.#loginKey.publicKey,
      Buffer.from(signature, 'base64url'),
    );
  }
}
