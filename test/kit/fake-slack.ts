import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketMode } from './fake-socket-mode.js';

// A stand-in for Slack's servers: the Web API methods Teammate calls, answering with Slack's JSON shapes (see
// ../shared/fixtures/slack/slack-api-specs/extracted-web-api-examples), its error codes, 429s with Retry-After
// and 5xx when told to, response_url endpoints, and Socket Mode. It records every call for assertions.

export type TCall = { method: string; args: Record<string, unknown>; token?: string };
export type TFakeMessage = {
  channel: string;
  ts: string;
  text: string;
  user: string;
  thread_ts?: string;
  blocks?: unknown[];
  /** Message metadata (chat.postMessage `metadata`), returned by history only with include_all_metadata. */
  metadata?: unknown;
};
type TFailure = { error: string; needed?: string } | { status: number; retryAfter?: number };
type TResult = Record<string, unknown>;

export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-test-token';
export const BOT_USER = 'UBOT0001';
export const TEAM_URL = 'https://teammate-test.slack.com/';
const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

export class FakeSlack {
  readonly calls: TCall[] = [];
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  readonly messages = new Map<string, TFakeMessage>();
  readonly channels = new Map<string, { name: string; topic: string; member: boolean }>();
  readonly users = new Map<string, { name: string; real_name: string }>();
  readonly pins = new Set<string>();
  readonly reactions = new Set<string>();
  readonly scheduled = new Map<string, { channel: string; text: string; post_at: number }>();
  readonly homes = new Map<string, unknown>();
  readonly socket = new FakeSocketMode();
  #failures = new Map<string, TFailure[]>();
  #counter = 0;
  #server: Server | undefined;
  #waiters: { test: () => boolean; resolve: () => void }[] = [];
  url = '';

  constructor() {
    this.channels.set('C0GENERAL', { name: 'general', topic: 'Everything', member: true });
    this.channels.set('C0RANDOM', { name: 'random', topic: '', member: false });
    for (const [id, name] of [
      ['U0ALICE', 'alice'],
      ['U0BOB', 'bob'],
      ['U0CAROL', 'carol'],
    ] as const) {
      this.users.set(id, { name, real_name: name[0]?.toUpperCase() + name.slice(1) });
    }
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(name: string): string {
    return `${this.url}/response/${name}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.socket.attach(this.#server);
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.socket.close();
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  /** The next `times` calls of `method` fail this way (Slack error code, or HTTP status with Retry-After). */
  fail(method: string, failure: TFailure, times = 1): void {
    this.#failures.set(method, [
      ...(this.#failures.get(method) ?? []),
      ...Array.from({ length: times }, () => failure),
    ]);
  }

  callsOf(method: string): TCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `test` holds (checked after every call and response). */
  waitFor(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.#waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  #notify(): void {
    const ready = this.#waiters.filter((w) => w.test());
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
  }

  #ts(): string {
    // Real timestamps: seconds now, and a counter that keeps them unique and increasing.
    this.#counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.#counter).padStart(6, '0')}`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/response/')) {
      this.responses.push({ path, body: JSON.parse(raw || '{}') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return this.#notify();
    }
    const method = path.replace(/^\/api\//, '');
    const args: Record<string, unknown> = {};
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    const fields = isJson ? Object.entries(JSON.parse(raw || '{}')) : [...new URLSearchParams(raw).entries()];
    for (const [key, value] of fields)
      args[key] = typeof value === 'string' && JSON_FIELDS.has(key) ? JSON.parse(value) : value;
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || (args.token as string | undefined);
    this.calls.push({ method, args, ...(token ? { token } : {}) });
    const failure = this.#failures.get(method)?.shift();
    let status = 200;
    let body: TResult;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (failure && 'status' in failure) {
      status = failure.status;
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      body = { ok: false, error: status === 429 ? 'ratelimited' : 'fatal_error' };
    } else if (failure) {
      body = {
        ok: false,
        error: failure.error,
        ...(failure.needed ? { needed: failure.needed, provided: 'chat:write' } : {}),
      };
    } else {
      const expected = method === 'apps.connections.open' ? APP_TOKEN : BOT_TOKEN;
      body =
        token === expected ? this.#method(method, args) : { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    }
    res.writeHead(status, headers).end(JSON.stringify(body));
    this.#notify();
  }

  #channel(id: unknown): { error?: string; channel?: { name: string; topic: string; member: boolean } } {
    const channel = typeof id === 'string' ? this.channels.get(id) : undefined;
    if (typeof id === 'string' && id.startsWith('D')) return { channel: { name: id, topic: '', member: true } };
    if (!channel) return { error: 'channel_not_found' };
    return channel.member ? { channel } : { error: 'not_in_channel' };
  }

  #method(method: string, a: Record<string, unknown>): TResult {
    const ok = (result: TResult = {}) => ({ ok: true, ...result });
    const err = (error: string) => ({ ok: false, error });
    const key = (channel: unknown, ts: unknown) => `${channel}/${ts}`;
    const needChannel = () => this.#channel(a.channel).error;
    switch (method) {
      case 'auth.test':
        return ok({
          url: TEAM_URL,
          team: 'Teammate Test',
          user: 'teammate',
          team_id: 'T0TEST',
          user_id: BOT_USER,
          bot_id: 'B0BOT',
          is_enterprise_install: false,
        });
      case 'apps.connections.open':
        return ok({ url: this.socket.url(this.url) });
      case 'chat.postMessage': {
        const problem = needChannel();
        if (problem) return err(problem);
        if (a.thread_ts !== undefined && !this.messages.has(key(a.channel, a.thread_ts)))
          return err('thread_not_found');
        const message: TFakeMessage = {
          channel: String(a.channel),
          ts: this.#ts(),
          text: String(a.text ?? ''),
          user: BOT_USER,
          ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
          ...(a.blocks ? { blocks: a.blocks as unknown[] } : {}),
          ...(a.metadata ? { metadata: a.metadata } : {}),
        };
        this.messages.set(key(message.channel, message.ts), message);
        return ok({
          channel: message.channel,
          ts: message.ts,
          message: { type: 'message', bot_id: 'B0BOT', ...message },
        });
      }
      case 'chat.update': {
        const message = this.messages.get(key(a.channel, a.ts));
        if (!message) return err('message_not_found');
        Object.assign(message, { text: String(a.text ?? ''), blocks: a.blocks as unknown[] | undefined });
        return ok({
          channel: message.channel,
          ts: message.ts,
          text: message.text,
          message: { type: 'message', ...message },
        });
      }
      case 'chat.delete':
        return this.messages.delete(key(a.channel, a.ts))
          ? ok({ channel: a.channel, ts: a.ts })
          : err('message_not_found');
      case 'chat.postEphemeral':
        return needChannel() ? err(needChannel() as string) : ok({ message_ts: this.#ts() });
      case 'chat.scheduleMessage': {
        const problem = needChannel();
        if (problem) return err(problem);
        const postAt = Number(a.post_at);
        if (postAt * 1000 < Date.now() - 60_000 * 60 * 24 * 365) return err('time_in_past');
        const id = `Q${String(this.scheduled.size + 1).padStart(8, '0')}`;
        this.scheduled.set(id, { channel: String(a.channel), text: String(a.text), post_at: postAt });
        return ok({
          channel: a.channel,
          scheduled_message_id: id,
          post_at: postAt,
          message: { text: a.text, type: 'delayed_message' },
        });
      }
      case 'chat.deleteScheduledMessage':
        return this.scheduled.delete(String(a.scheduled_message_id)) ? ok() : err('invalid_scheduled_message_id');
      case 'conversations.history':
      case 'conversations.replies': {
        const found = this.#channel(a.channel);
        if (found.error) return err(found.error);
        const limit = Number(a.limit ?? 100);
        const all = [...this.messages.values()]
          .filter((m) => m.channel === a.channel)
          .filter((m) =>
            method === 'conversations.replies'
              ? m.ts === a.ts || m.thread_ts === a.ts
              : !m.thread_ts || m.thread_ts === m.ts,
          )
          .sort((x, y) => Number(x.ts) - Number(y.ts));
        // Like Slack: history newest first, replies oldest first (the parent first).
        const page = method === 'conversations.history' ? all.reverse().slice(0, limit) : all.slice(0, limit);
        return ok({
          messages: page.map((m) => ({
            type: 'message',
            user: m.user,
            text: m.text,
            ts: m.ts,
            ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
            ...(m.user === BOT_USER ? { bot_id: 'B0BOT' } : {}),
            ...(m.metadata && String(a.include_all_metadata) === 'true' ? { metadata: m.metadata } : {}),
          })),
          has_more: false,
        });
      }
      case 'conversations.open':
        return ok({ channel: { id: `D0${String(a.users).replace(/^U0?/, '')}` } });
      case 'conversations.info': {
        const channel = this.channels.get(String(a.channel));
        if (!channel) return err('channel_not_found');
        return ok({
          channel: {
            id: a.channel,
            name: channel.name,
            is_channel: true,
            is_member: channel.member,
            topic: { value: channel.topic, creator: 'U0ALICE', last_set: 0 },
          },
        });
      }
      case 'conversations.setTopic': {
        const found = this.#channel(a.channel);
        if (found.error || !found.channel) return err(found.error ?? 'channel_not_found');
        found.channel.topic = String(a.topic);
        return ok({ channel: { id: a.channel, name: found.channel.name, topic: { value: found.channel.topic } } });
      }
      case 'reactions.add':
      case 'reactions.remove': {
        if (!this.messages.has(key(a.channel, a.timestamp))) return err('message_not_found');
        const reaction = `${key(a.channel, a.timestamp)}/${a.name}`;
        if (method === 'reactions.remove') return this.reactions.delete(reaction) ? ok() : err('no_reaction');
        if (this.reactions.has(reaction)) return err('already_reacted');
        this.reactions.add(reaction);
        return ok();
      }
      case 'pins.add':
      case 'pins.remove': {
        if (!this.messages.has(key(a.channel, a.timestamp))) return err('message_not_found');
        const pin = key(a.channel, a.timestamp);
        if (method === 'pins.remove') return this.pins.delete(pin) ? ok() : err('no_pin');
        if (this.pins.has(pin)) return err('already_pinned');
        this.pins.add(pin);
        return ok();
      }
      case 'users.info': {
        const user = this.users.get(String(a.user));
        return user
          ? ok({
              user: {
                id: a.user,
                name: user.name,
                real_name: user.real_name,
                profile: { display_name: user.name, real_name: user.real_name },
              },
            })
          : err('user_not_found');
      }
      case 'views.open':
        return ok({ view: { id: `V${this.#ts()}`, ...(a.view as object) } });
      case 'views.publish':
        this.homes.set(String(a.user_id), a.view);
        return ok({ view: { id: `V${this.#ts()}`, ...(a.view as object) } });
      default:
        return err('unknown_method');
    }
  }

  /** Adds a message as if a person had posted it (so the bot can thread, react and pin on it). */
  seedMessage(channel: string, user: string, text: string, threadTs?: string): TFakeMessage {
    const message = { channel, ts: this.#ts(), text, user, ...(threadTs ? { thread_ts: threadTs } : {}) };
    this.messages.set(`${channel}/${message.ts}`, message);
    return message;
  }
}
