import { createSign } from 'node:crypto';
import { z } from 'zod';

/** The scope Teammate asks for: events only (read them, change them), not calendar settings or sharing. */
export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/calendar.events';
const TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * The two credential files Google's tools write: a service account's key (Cloud console → IAM → Service accounts
 * → Keys → JSON) and an authorized user's refresh token (`gcloud auth application-default login` or an OAuth
 * client of one's own).
 */
export const ZGoogleCredentials = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('service_account'),
    client_email: z.string().min(1),
    private_key: z.string().min(1),
    private_key_id: z.string().optional(),
    token_uri: z.url().optional(),
  }),
  z.object({
    type: z.literal('authorized_user'),
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    refresh_token: z.string().min(1),
    token_uri: z.url().optional(),
  }),
]);
export type TGoogleCredentials = z.infer<typeof ZGoogleCredentials>;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The OAuth grant for a credentials file: a service account signs a JWT (RS256) naming the person it acts for
 * (`sub`, domain-wide delegation); an authorized user trades its refresh token.
 */
export function googleGrant(
  credentials: TGoogleCredentials,
  subject?: string,
): { url: string; form(now: Date): Record<string, string> } {
  const url = credentials.token_uri ?? TOKEN_URL;
  if (credentials.type === 'authorized_user') {
    return {
      url,
      form: () => ({
        grant_type: 'refresh_token',
        client_id: credentials.client_id,
        client_secret: credentials.client_secret,
        refresh_token: credentials.refresh_token,
      }),
    };
  }
  return {
    url,
    form(now) {
      const iat = Math.floor(now.getTime() / 1000);
      const header = {
        alg: 'RS256',
        typ: 'JWT',
        ...(credentials.private_key_id ? { kid: credentials.private_key_id } : {}),
      };
      const claims = {
        iss: credentials.client_email,
        scope: GOOGLE_SCOPE,
        aud: url,
        iat,
        exp: iat + 3600,
        ...(subject ? { sub: subject } : {}),
      };
      const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
      const signature = createSign('RSA-SHA256').update(unsigned).sign(credentials.private_key);
      return {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: `${unsigned}.${base64url(signature)}`,
      };
    },
  };
}
