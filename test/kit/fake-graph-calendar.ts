import { startJsonServer, type TJsonAnswer } from './json-server.js';

// A stand-in for the Microsoft identity platform's token endpoint and Microsoft Graph's calendar, answering in the
// shapes Microsoft documents:
// - client credentials (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
//   `{ token_type: "Bearer", expires_in, access_token }`, and for an expired secret `{ error: "invalid_client",
//   error_description: "AADSTS7000222: …", error_codes: [7000222] }`;
// - the calendar view's delta query (https://learn.microsoft.com/graph/api/event-delta): pages of `value` with
//   `@odata.nextLink`, the last with `@odata.deltaLink` (`$deltatoken`), removed events as
//   `{ "@odata.type": "#microsoft.graph.event", id, "@removed": { reason: "deleted" } }`, occurrences as the event
//   resource (https://learn.microsoft.com/graph/api/resources/event) with `type`, `seriesMasterId`,
//   `originalStart`, `start`/`end` as `{ dateTime: "2026-11-23T10:00:00.0000000", timeZone: "UTC" }`,
//   `attendees[].status.response`; 410 with `SyncStateNotFound` for an unknown token;
// - event get and `POST /users/{id}/events/{id}/cancel` `{ Comment }` answered 202 with no body
//   (https://learn.microsoft.com/graph/api/event-cancel); errors as `{ error: { code, message } }`.

type TOccurrence = { id: string; start: string; cancelled: boolean; version: number };
type TResponse = 'accepted' | 'declined' | 'notResponded' | 'tentativelyAccepted' | 'organizer';

const graphError = (status: number, code: string, message: string): TJsonAnswer => ({
  status,
  body: { error: { code, message, innerError: { date: '2026-11-23T09:00:00', 'request-id': 'b1c2d3' } } },
});
const graphTime = (iso: string) => iso.replace('Z', '').replace(/\.\d+$/, '.0000000');

export async function startFakeGraphCalendar(options: {
  tenant: string;
  clientId: string;
  secret: string;
  mailbox: string;
  series: { uid: string; subject: string; firstStart: string; weeks: number; organizer: string };
  responses: Record<string, TResponse>;
}) {
  const tokens = new Set<string>();
  const state = { version: 1, issued: 0, secretExpired: false };
  const master = 'AAMkAGI2TG93AAA=';
  const occurrences = new Map<string, TOccurrence>();
  const cancels: { id: string; comment: unknown }[] = [];
  const { series } = options;
  for (let week = 0; week < series.weeks; week++) {
    const start = new Date(new Date(series.firstStart).getTime() + week * 7 * 86_400_000).toISOString();
    const id = `AAMkAGI2TG93AAB${week}=`;
    occurrences.set(id, { id, start, cancelled: false, version: 1 });
  }
  const address = (email: string) => ({ name: email.split('@')[0] ?? email, address: email });
  const event = (o: TOccurrence) => ({
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': `W/"DwAAABYAAAAQ${o.version}"`,
    id: o.id,
    createdDateTime: '2026-10-01T09:00:00.0000000Z',
    lastModifiedDateTime: '2026-11-01T09:00:00.0000000Z',
    iCalUId: `${series.uid}-${o.start.slice(0, 10)}`,
    subject: series.subject,
    isCancelled: o.cancelled,
    isOrganizer: true,
    showAs: 'busy',
    type: 'occurrence',
    seriesMasterId: master,
    originalStart: o.start.replace('.000Z', 'Z'),
    start: { dateTime: graphTime(o.start), timeZone: 'UTC' },
    end: { dateTime: graphTime(new Date(new Date(o.start).getTime() + 30 * 60_000).toISOString()), timeZone: 'UTC' },
    organizer: { emailAddress: address(series.organizer) },
    attendees: Object.entries(options.responses).map(([email, response]) => ({
      type: 'required',
      status: { response, time: '2026-10-02T09:00:00.0000000Z' },
      emailAddress: address(email),
    })),
  });
  const removed = (o: TOccurrence) => ({
    '@odata.type': '#microsoft.graph.event',
    id: o.id,
    '@removed': { reason: 'deleted' },
  });
  const authorized = (headers: Record<string, string | string[] | undefined>) =>
    tokens.has(String(headers.authorization ?? '').replace(/^Bearer /, ''));
  const unauthorized = graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
  const user = `/v1.0/users/${encodeURIComponent(options.mailbox)}`;
  let base = '';
  const server = await startJsonServer([
    {
      method: 'POST',
      path: new RegExp(`^/${options.tenant}/oauth2/v2.0/token$`),
      answer: ({ body }) => {
        const form = new URLSearchParams(typeof body === 'string' ? body : '');
        if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.secret) {
          return {
            status: 401,
            body: {
              error: 'invalid_client',
              error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${options.clientId}'.`,
              error_codes: [7000215],
            },
          };
        }
        if (state.secretExpired) {
          return {
            status: 401,
            body: {
              error: 'invalid_client',
              error_description: `AADSTS7000222: The provided client secret keys for app '${options.clientId}' are expired. Visit the Azure portal to create new keys for your app.`,
              error_codes: [7000222],
            },
          };
        }
        if (
          form.get('grant_type') !== 'client_credentials' ||
          form.get('scope') !== 'https://graph.microsoft.com/.default'
        ) {
          return {
            status: 400,
            body: { error: 'invalid_request', error_description: 'AADSTS900144: grant_type or scope' },
          };
        }
        const token = `eyJ0eXAiOiJKV1Qi.graph-${++state.issued}`;
        tokens.add(token);
        return {
          status: 200,
          body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
        };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${user}/calendarView/delta$`),
      answer: ({ headers, query }) => {
        if (!authorized(headers)) return unauthorized;
        const delta = query.get('$deltatoken');
        if (delta !== null && !/^d\d+$/.test(delta))
          return graphError(410, 'SyncStateNotFound', 'The sync state generation is not found.');
        const since = delta === null ? undefined : Number(delta.slice(1));
        const from = query.get('startDateTime') ?? '';
        const to = query.get('endDateTime') ?? '9999';
        const all = [...occurrences.values()]
          .filter((o) => (since === undefined ? !o.cancelled && o.start >= from && o.start < to : o.version > since))
          .map((o) => (o.cancelled ? removed(o) : event(o)));
        const size = Number(/odata\.maxpagesize=(\d+)/.exec(String(headers.prefer ?? ''))?.[1] ?? 10);
        const skip = Number(query.get('$skiptoken') ?? 0);
        const page = all.slice(skip, skip + size);
        const more = skip + size < all.length;
        return {
          status: 200,
          headers: more ? {} : { 'preference-applied': `odata.maxpagesize=${size}` },
          body: {
            '@odata.context': `${base}/v1.0/$metadata#Collection(event)`,
            ...(more
              ? {
                  '@odata.nextLink': `${base}${user}/calendarView/delta?$skiptoken=${skip + size}${since === undefined ? `&startDateTime=${from}&endDateTime=${to}` : `&$deltatoken=d${since}`}`,
                }
              : { '@odata.deltaLink': `${base}${user}/calendarView/delta?$deltatoken=d${state.version}` }),
            value: page,
          },
        };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${user}/events/([^/]+)$`),
      answer: ({ headers, params: [id = ''] }) => {
        if (!authorized(headers)) return unauthorized;
        const key = decodeURIComponent(id);
        if (key === master) {
          return {
            status: 200,
            body: { '@odata.etag': 'W/"DwAAABYAAAAQ1"', id: master, iCalUId: series.uid, subject: series.subject },
          };
        }
        const o = occurrences.get(key);
        return o
          ? { status: 200, body: event(o) }
          : graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      },
    },
    {
      method: 'POST',
      path: new RegExp(`^${user}/events/([^/]+)/cancel$`),
      answer: ({ headers, params: [id = ''], body }) => {
        if (!authorized(headers)) return unauthorized;
        const o = occurrences.get(decodeURIComponent(id));
        if (!o) return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        o.cancelled = true;
        o.version = ++state.version;
        cancels.push({ id: o.id, comment: (body as { Comment?: unknown } | undefined)?.Comment });
        return { status: 202 };
      },
    },
  ]);
  base = server.url;
  return {
    ...server,
    graphUrl: `${server.url}/v1.0`,
    loginUrl: server.url,
    master,
    occurrences,
    cancels,
    /** The client secret passes its end date in Entra ID. */
    expireSecret() {
      state.secretExpired = true;
      tokens.clear();
    },
  };
}
