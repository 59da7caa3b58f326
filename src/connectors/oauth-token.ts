import { z } from 'zod';
import { AppErrorCode } from '../core/errors.js';
import type { ConnectorHttp } from './connector-http.js';

const ZToken = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().default(3600) });
const ZOAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

/** What an OAuth error means for the people who run Teammate, by its RFC 6749 code. */
const MEANING: Record<string, string> = {
  invalid_grant: 'the grant was revoked or has expired',
  invalid_client: 'the client id or secret is wrong or has expired',
  unauthorized_client: 'the client may not use this grant (for Google: domain-wide delegation is not set up for it)',
  invalid_scope: 'the calendar permission was not granted',
  access_denied: 'access was denied',
};

/**
 * An OAuth 2.0 access token from a token endpoint, kept until a minute before it expires. A refused grant (revoked,
 * expired, a missing scope) is a configuration error in words, naming what to set; `invalidate` drops the token
 * after an API answered 401, so the next call asks for a new one.
 */
export class OAuthToken {
  private current?: { token: string; until: number };

  constructor(
    private readonly options: {
      http: ConnectorHttp;
      url: string;
      /** The form to post (the grant), made fresh for each request (a JWT assertion carries its own time). */
      form: () => Record<string, string>;
      /** The variables that hold the credentials, named when they are refused. */
      variables: string;
      now: () => Date;
    },
  ) {}

  async get(): Promise<string> {
    const now = this.options.now().getTime();
    if (this.current && this.current.until > now) return this.current.token;
    const { http, url, variables } = this.options;
    const response = await http.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(this.options.form()).toString(),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const refused = ZOAuthError.safeParse(body);
      const code = refused.success ? refused.data.error : `HTTP ${response.status}`;
      const detail = refused.success && refused.data.error_description ? `: ${refused.data.error_description}` : '';
      const meaning = MEANING[code] ?? 'the credentials were refused';
      throw http.failed(
        `${http.label} refused Teammate's credentials (${code}${detail.slice(0, 200)}): ${meaning}; check ${variables}`,
        undefined,
        AppErrorCode.config,
      );
    }
    const token = ZToken.safeParse(body);
    if (!token.success) {
      throw http.failed(`${http.label}'s token endpoint answered something that is not a token`);
    }
    this.current = { token: token.data.access_token, until: now + (token.data.expires_in - 60) * 1000 };
    return token.data.access_token;
  }

  invalidate(): void {
    this.current = undefined;
  }
}

/** A call with the token: a 401 (an expired or revoked token) asks for a new one once, then answers as it is. */
export async function withToken(
  token: OAuthToken,
  http: ConnectorHttp,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const call = async () =>
    http.fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${await token.get()}` },
    });
  const response = await call();
  if (response.status !== 401) return response;
  token.invalidate();
  return call();
}
