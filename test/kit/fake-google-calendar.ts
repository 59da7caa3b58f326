import { createVerify, generateKeyPairSync } from 'node:crypto';
import { startJsonServer, type TJsonAnswer } from './json-server.js';

// A stand-in for Google's OAuth token endpoint and Calendar API v3, answering in the shapes Google documents:
// - the token endpoint (https://developers.google.com/identity/protocols/oauth2/service-account#httprest and
//   https://developers.google.com/identity/protocols/oauth2/web-server#offline): `{ access_token, expires_in,
//   token_type }`, and `{ error: "invalid_grant", error_description: "Token has been expired or revoked." }` for a
//   revoked refresh token; a service account's JWT is checked for real (RS256 signature with the key's public half,
//   iss, aud, scope, sub, exp);
// - events.list with singleEvents=true (https://developers.google.com/calendar/api/v3/reference/events/list):
//   `{ kind: "calendar#events", summary, items, nextPageToken | nextSyncToken }`, instances as the Events resource
//   (https://developers.google.com/calendar/api/v3/reference/events#resource) with `recurringEventId`,
//   `originalStartTime`, `iCalUID`, `attendees[].responseStatus`, and the incremental sync of
//   https://developers.google.com/calendar/api/guides/sync (410 `fullSyncRequired` for an unknown token);
// - events.get and events.patch with If-Match (412 `conditionNotMet`) and `sendUpdates`
//   (https://developers.google.com/calendar/api/v3/reference/events/patch);
// - errors as `{ error: { code, message, errors: [{ domain, reason, message }], status } }`
//   (https://developers.google.com/calendar/api/guides/errors).

type TInstance = {
  id: string;
  etag: string;
  status: 'confirmed' | 'cancelled';
  summary: string;
  start: string;
  end: string;
  responses: Record<string, 'accepted' | 'declined' | 'needsAction' | 'tentative'>;
  version: number;
};

const error = (code: number, reason: string, message: string, status: string): TJsonAnswer => ({
  status: code,
  body: { error: { code, message, errors: [{ domain: 'global', reason, message }], status } },
});
const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

export async function startFakeGoogleCalendar(options: {
  calendar: string;
  series: { id: string; summary: string; firstStart: string; weeks: number; organizer: string };
  responses: TInstance['responses'];
  /** The person a service account must act for (domain-wide delegation). */
  subject?: string;
}) {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccount = {
    type: 'service_account',
    project_id: 'teammate-tests',
    private_key_id: 'k1',
    private_key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'teammate@teammate-tests.iam.gserviceaccount.com',
    client_id: '100000000000000000001',
  };
  const authorizedUser = {
    type: 'authorized_user',
    client_id: '1234-abcd.apps.googleusercontent.com',
    client_secret: 'GOCSPX-test-secret',
    refresh_token: '1//0g-test-refresh-token',
  };
  const tokens = new Set<string>();
  const state = { version: 1, revoked: false, issued: 0, jwts: [] as Record<string, unknown>[] };
  const instances = new Map<string, TInstance>();
  const { series } = options;
  for (let week = 0; week < series.weeks; week++) {
    const start = new Date(new Date(series.firstStart).getTime() + week * 7 * 86_400_000);
    const id = `${series.id}_${stamp(start.toISOString())}`;
    instances.set(id, {
      id,
      etag: `"${3_181_161_784_712_000 + week}"`,
      status: 'confirmed',
      summary: series.summary,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      responses: { ...options.responses },
      version: 1,
    });
  }
  const resource = (i: TInstance) => ({
    kind: 'calendar#event',
    etag: i.etag,
    id: i.id,
    status: i.status,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(i.id).toString('base64url')}`,
    created: '2026-10-01T09:00:00.000Z',
    updated: '2026-11-01T09:00:00.000Z',
    summary: i.summary,
    creator: { email: series.organizer },
    organizer: { email: series.organizer, displayName: 'Alice' },
    start: { dateTime: i.start, timeZone: 'UTC' },
    end: { dateTime: i.end, timeZone: 'UTC' },
    recurringEventId: series.id,
    originalStartTime: { dateTime: i.start, timeZone: 'UTC' },
    iCalUID: `${series.id}@google.com`,
    sequence: 0,
    attendees: Object.entries(i.responses).map(([email, responseStatus]) => ({
      email,
      ...(email === series.organizer ? { organizer: true } : {}),
      responseStatus,
    })),
    reminders: { useDefault: true },
    eventType: 'default',
  });
  /** In a list, a cancelled instance is only its id, status and original start; events.get gives all of it. */
  const listed = (i: TInstance) =>
    i.status === 'cancelled'
      ? {
          kind: 'calendar#event',
          etag: i.etag,
          id: i.id,
          status: 'cancelled',
          recurringEventId: series.id,
          originalStartTime: { dateTime: i.start },
        }
      : resource(i);
  const authorized = (headers: Record<string, string | string[] | undefined>) =>
    tokens.has(String(headers.authorization ?? '').replace(/^Bearer /, ''));
  const unauthenticated = error(
    401,
    'authError',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    'UNAUTHENTICATED',
  );
  let server: Awaited<ReturnType<typeof startJsonServer>>;
  const issue = (): TJsonAnswer => {
    const token = `ya29.test-${++state.issued}`;
    tokens.add(token);
    return { status: 200, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
  };
  const verifyJwt = (assertion: string): string | undefined => {
    const [head = '', body = '', signature = ''] = assertion.split('.');
    const ok = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(keys.publicKey, Buffer.from(signature, 'base64url'));
    if (!ok) return 'Invalid JWT Signature.';
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    state.jwts.push(claims);
    if (claims.iss !== serviceAccount.client_email) return 'Invalid issuer.';
    if (claims.aud !== `${server.url}/token`) return 'Invalid JWT: audience.';
    if (claims.scope !== 'https://www.googleapis.com/auth/calendar.events') return 'Invalid scope.';
    if (options.subject && claims.sub !== options.subject)
      return 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.';
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp - claims.iat > 3600)
      return 'Invalid JWT: Token must be a short-lived token (60 minutes).';
    return undefined;
  };
  const calendarPath = `/calendar/v3/calendars/${encodeURIComponent(options.calendar)}/events`;
  server = await startJsonServer([
    {
      method: 'POST',
      path: /^\/token$/,
      answer: ({ body }) => {
        const form = new URLSearchParams(typeof body === 'string' ? body : '');
        if (form.get('grant_type') === 'refresh_token') {
          if (state.revoked || form.get('refresh_token') !== authorizedUser.refresh_token)
            return {
              status: 400,
              body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
            };
          return issue();
        }
        if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
          const problem = verifyJwt(form.get('assertion') ?? '');
          if (problem?.startsWith('Client is unauthorized'))
            return { status: 401, body: { error: 'unauthorized_client', error_description: problem } };
          return problem ? { status: 400, body: { error: 'invalid_grant', error_description: problem } } : issue();
        }
        return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' } };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${calendarPath}$`),
      answer: ({ headers, query }) => {
        if (!authorized(headers)) return unauthenticated;
        const sync = query.get('syncToken');
        if (sync !== null && !/^sync-\d+$/.test(sync))
          return error(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.', 'GONE');
        const since = sync === null ? 0 : Number(sync.slice('sync-'.length));
        const from = query.get('timeMin') ?? '';
        const to = query.get('timeMax') ?? '9999';
        const all = [...instances.values()].filter((i) =>
          sync === null ? i.start >= from && i.start < to : i.version > since,
        );
        const size = Number(query.get('maxResults') ?? 250);
        const offset = Number(query.get('pageToken') ?? 0);
        const page = all.slice(offset, offset + size);
        const more = offset + size < all.length;
        return {
          status: 200,
          body: {
            kind: 'calendar#events',
            etag: `"p3${state.version}"`,
            summary: options.calendar,
            updated: '2026-11-01T09:00:00.000Z',
            timeZone: 'UTC',
            accessRole: 'owner',
            defaultReminders: [],
            items: page.map(listed),
            ...(more ? { nextPageToken: String(offset + size) } : { nextSyncToken: `sync-${state.version}` }),
          },
        };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${calendarPath}/([^/]+)$`),
      answer: ({ headers, params: [id = ''] }) => {
        if (!authorized(headers)) return unauthenticated;
        const instance = instances.get(decodeURIComponent(id));
        return instance ? { status: 200, body: resource(instance) } : error(404, 'notFound', 'Not Found', 'NOT_FOUND');
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(`^${calendarPath}/([^/]+)$`),
      answer: ({ headers, params: [id = ''], body }) => {
        if (!authorized(headers)) return unauthenticated;
        const instance = instances.get(decodeURIComponent(id));
        if (!instance) return error(404, 'notFound', 'Not Found', 'NOT_FOUND');
        if (headers['if-match'] && headers['if-match'] !== instance.etag)
          return error(412, 'conditionNotMet', 'Precondition Failed', 'FAILED_PRECONDITION');
        const change = body as { status?: 'confirmed' | 'cancelled' };
        if (change.status) instance.status = change.status;
        return { status: 200, body: resource(touch(instance)) };
      },
    },
  ]);
  function touch(instance: TInstance): TInstance {
    state.version++;
    instance.version = state.version;
    instance.etag = `"${Number(instance.etag.replace(/"/g, '')) + 1000}"`;
    return instance;
  }
  return {
    ...server,
    serviceAccount: { ...serviceAccount, token_uri: `${server.url}/token` },
    authorizedUser: { ...authorizedUser, token_uri: `${server.url}/token` },
    apiUrl: `${server.url}/calendar/v3`,
    instances,
    jwts: state.jwts,
    /** Someone edits an instance in Google Calendar (a new title). */
    edit(id: string, summary: string) {
      const instance = instances.get(id);
      if (!instance) throw new Error(`no instance ${id}`);
      instance.summary = summary;
      touch(instance);
    },
    /** The person revokes Teammate's access (myaccount.google.com → Security → Third-party access). */
    revoke() {
      state.revoked = true;
      tokens.clear();
    },
  };
}
