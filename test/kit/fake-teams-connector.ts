import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for the Bot Connector service (the `serviceUrl` Teams puts on every activity), on the real REST paths of
// ../../../shared/fixtures/teams/botframework-connector-swagger/ConnectorAPI.json:
//   POST   /v3/conversations                                   CreateConversation  → ConversationResourceResponse
//   POST   /v3/conversations/{conversationId}/activities       SendToConversation  → ResourceResponse
//   POST   /v3/conversations/{conversationId}/activities/{id}  ReplyToActivity     → ResourceResponse
//   PUT    /v3/conversations/{conversationId}/activities/{id}  UpdateActivity      → ResourceResponse
//   DELETE /v3/conversations/{conversationId}/activities/{id}  DeleteActivity
//   GET    /v3/conversations/{conversationId}/members/{id}     GetConversationMember (botframework-connector's client)
//   GET    /v3/conversations/{conversationId}/pagedmembers     GetConversationPagedMembers (pageSize, continuationToken)
// It records every call with whether its bearer token was valid, keeps the messages as Teams would, and can answer
// 429 with Retry-After, as Teams does under load.

export type TConnectorCall = {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  authorized: boolean;
};

export type TStoredActivity = { conversationId: string; activity: Record<string, unknown>; deleted: boolean };

export class FakeTeamsConnector {
  readonly calls: TConnectorCall[] = [];
  readonly activities = new Map<string, TStoredActivity>();
  /** Whether CreateConversation is refused (403), as Teams does for people outside the tenant or app policies. */
  refuseNewConversations = false;
  /** The people Teams knows, by Teams id (what GetConversationMember answers). */
  readonly members = new Map<string, { id: string; name: string; aadObjectId: string }>();
  #server?: Server;
  #next = 1_767_000_000_000;
  #throttle: { remaining: number; retryAfter: string; method?: string } | undefined;
  url = '';

  /** Whether a bearer token is one the bot may use; no token at all is accepted only when this says so. */
  constructor(private readonly checkToken: (token: string | undefined) => boolean) {}

  get serviceUrl(): string {
    return `${this.url}/teams/`;
  }

  /** The next `count` calls (of one method, if given) answer 429 with this Retry-After (seconds). */
  throttle(count: number, retryAfter = '0', method?: 'POST' | 'PUT' | 'DELETE'): void {
    this.#throttle = { remaining: count, retryAfter, ...(method ? { method } : {}) };
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = /^\/teams\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
    const conversationId = match?.[1] ? decodeURIComponent(match[1]) : undefined;
    const activityId = match?.[2] ? decodeURIComponent(match[2]) : undefined;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const call: TConnectorCall = {
      method: req.method ?? '',
      path,
      ...(conversationId ? { conversationId } : {}),
      ...(activityId ? { activityId } : {}),
      body,
      authorized: this.checkToken(bearer),
    };
    this.calls.push(call);
    const paged = /^\/teams\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(path);
    if (paged && req.method === 'GET') {
      if (!call.authorized) return { status: 401, body: { error: { code: 'Unauthorized', message: 'bad token' } } };
      // Pages of at most `pageSize` (and of two here, whatever is asked, so that paging is always exercised).
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const size = Math.min(2, Number(query.get('pageSize') ?? 2));
      const from = Number(query.get('continuationToken') ?? 0);
      const all = [...this.members.values()];
      const next = from + size < all.length ? String(from + size) : undefined;
      return {
        status: 200,
        body: { members: all.slice(from, from + size), ...(next ? { continuationToken: next } : {}) },
      };
    }
    const member = /^\/teams\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (member && req.method === 'GET') {
      if (!call.authorized) return { status: 401, body: { error: { code: 'Unauthorized', message: 'bad token' } } };
      const found = this.members.get(decodeURIComponent(member[2] ?? ''));
      return found
        ? {
            status: 200,
            body: {
              ...found,
              objectId: found.aadObjectId,
              userPrincipalName: `${found.name.toLowerCase()}@example.com`,
            },
          }
        : { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'no such member' } } };
    }
    if (!match) return { status: 404, body: { error: { code: 'NotFound', message: path } } };
    if (!call.authorized) return { status: 401, body: { error: { code: 'Unauthorized', message: 'bad token' } } };
    if (this.#throttle && this.#throttle.remaining > 0 && (this.#throttle.method ?? req.method) === req.method) {
      this.#throttle.remaining -= 1;
      return {
        status: 429,
        headers: { 'retry-after': this.#throttle.retryAfter },
        body: { error: { code: 'Throttled', message: 'Too many requests' } },
      };
    }
    if (req.method === 'POST' && !conversationId && this.refuseNewConversations) {
      return {
        status: 403,
        body: { error: { code: 'Forbidden', message: 'the bot may not start this conversation' } },
      };
    }
    if (req.method === 'POST' && !conversationId) {
      const id = `a:personal-${String(this.#next++)}`;
      return { status: 201, body: { id, activityId: '', serviceUrl: this.serviceUrl } };
    }
    if (!conversationId) return { status: 405 };
    if (req.method === 'POST') {
      const id = String(this.#next++);
      this.activities.set(id, { conversationId, activity: { ...body, id }, deleted: false });
      return { status: 201, body: { id } };
    }
    const stored = activityId ? this.activities.get(activityId) : undefined;
    if (!stored || stored.deleted)
      return { status: 404, body: { error: { code: 'NotFound', message: 'no such activity' } } };
    if (req.method === 'PUT') {
      stored.activity = { ...body, id: activityId };
      return { status: 200, body: { id: activityId } };
    }
    if (req.method === 'DELETE') {
      stored.deleted = true;
      return { status: 200 };
    }
    return { status: 405 };
  }

  callsOf(method: 'GET' | 'POST' | 'PUT' | 'DELETE'): TConnectorCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot posted (not deleted), oldest first. */
  posted(): (TStoredActivity & { id: string })[] {
    return [...this.activities.entries()].filter(([, a]) => !a.deleted).map(([id, a]) => ({ id, ...a }));
  }
}
