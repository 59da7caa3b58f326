import { z } from 'zod';

// What the Teams adapter needs of the Bot Framework, in its own words: authenticate and run an inbound activity, and
// send, update and delete activities in a conversation it has a reference to. bot-framework.ts implements it with
// botbuilder; another SDK would implement the same type.

/** How to reach a conversation without an incoming message (the parts of a Bot Framework conversation reference). */
export const ZReference = z.object({
  serviceUrl: z.url({ protocol: /^https?$/ }),
  conversationId: z.string().min(1),
  conversationType: z.enum(['personal', 'groupChat', 'channel']),
  tenantId: z.string().optional(),
  botId: z.string().min(1),
  botName: z.string().optional(),
  /** The conversation's name, when Teams said it (channel names come with some activities only). */
  name: z.string().optional(),
  /** The team a channel belongs to (its id, 19:…), for links to its messages. */
  teamId: z.string().optional(),
});
export type TReference = z.infer<typeof ZReference>;

/** What the bot answers to one activity: the HTTP status and, for invokes, the body Teams shows. */
export type TAnswer = { status: number; body?: unknown };

export type TInbound = {
  /** The Authorization header as it came ('' when there was none). */
  authorization: string;
  /** The request body, an object; the logic parses it. */
  activity: Record<string, unknown>;
  /** Runs once the request is authenticated; what it returns is the answer to an invoke. */
  logic(activity: unknown): Promise<TAnswer | undefined>;
};

export type TConnector = {
  /** Authenticates the request and runs its logic; an authentication failure answers 401 and runs nothing. */
  handle(request: TInbound): Promise<TAnswer>;
  send(to: TReference, activity: Record<string, unknown>): Promise<{ id: string }>;
  update(to: TReference, id: string, activity: Record<string, unknown>): Promise<void>;
  remove(to: TReference, id: string): Promise<void>;
  /** Who a Teams id (29:…) is in a conversation: their AAD object id and name; undefined when Teams does not know. */
  member(to: TReference, teamsId: string): Promise<{ id: string; name?: string; aadObjectId?: string } | undefined>;
  /** Everyone in a team or chat, page by page (what a bot added somewhere learns its people from). */
  members(to: TReference): AsyncIterable<{ id: string; name?: string; aadObjectId?: string }[]>;
  /** Opens (or finds) the personal chat with a user (a Teams id, 29:…) in the reference's tenant. */
  createPersonal(to: TReference, user: string): Promise<TReference>;
};

/** A connector call that failed, with the HTTP status and Retry-After when there was an answer. */
export class ConnectorCallError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(`${operation} failed${status ? ` (${status})` : ''}: ${message}`);
  }
}

/** Retry-After (seconds or an HTTP date) in milliseconds. */
export const retryAfterMs = (value: string | undefined): number | undefined => {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};
