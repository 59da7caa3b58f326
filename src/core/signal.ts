import { z } from 'zod';
import { ZKey, ZPlatform } from './identity.js';
import { ZRich } from './text/rich-text.js';

/** What a calendar signal says about one occurrence of a meeting. */
export const ZOccurrenceSummary = z.object({
  key: z.string().min(1),
  uid: z.string().min(1),
  title: z.string(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  recurring: z.boolean(),
});

/** A task as a tracker describes it; `assignee` is a person's key (`slack:U123`). */
export const ZTaskFields = z.object({
  id: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(500),
  assignee: ZKey.nullish(),
  due: z.coerce.date().nullish(),
  status: z.enum(['open', 'done']).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
});
export type TTaskFields = z.infer<typeof ZTaskFields>;

/** A deal as a CRM describes it. */
export const ZDealFields = z.object({
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(500),
  stage: z.string().trim().min(1).max(100),
  owner: ZKey.nullish(),
  value: z.string().max(100).optional(),
  lastActivityAt: z.coerce.date(),
  url: z.url({ protocol: /^https?$/ }).optional(),
});
export type TDealFields = z.infer<typeof ZDealFields>;

const base = {
  /** Deterministic id of the inbound event (`platform:event_id`); the database rejects a second delivery. */
  id: z.string().min(1),
  platform: ZPlatform,
  at: z.coerce.date(),
};
/** A message's id within its conversation, as its platform gives it (Slack's ts, a Teams activity id). */
export const ZMessageId = z.string().min(1).max(200);
/** Where a message is: its conversation, its id, and the thread (the id of the thread's first message) it is in. */
const place = { channel: ZKey, messageId: ZMessageId, thread: ZMessageId.optional() };

/** A normalized event from any source. Adapters parse their wire format at the edge and produce these. */
export const ZSignal = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('message'),
    ...place,
    user: ZKey,
    /** What they wrote, parsed by the adapter: the core never reads a platform's markup. */
    text: ZRich,
    /** Set by the adapter for messages written by bots, including this one. */
    fromBot: z.boolean().default(false),
  }),
  z.object({
    ...base,
    type: z.literal('reaction'),
    channel: ZKey,
    messageId: ZMessageId,
    user: ZKey,
    emoji: z.string().min(1),
    added: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('message_edited'), ...place, user: ZKey, text: ZRich }),
  z.object({ ...base, type: z.literal('message_deleted'), channel: ZKey, messageId: ZMessageId }),
  /** Someone addressed the bot by name (Slack's app_mention); the same text also arrives as a message. */
  z.object({ ...base, type: z.literal('mention'), ...place, user: ZKey, text: ZRich }),
  z.object({ ...base, type: z.literal('member_joined'), channel: ZKey, user: ZKey }),
  /** Someone opened the bot's home (Slack's App Home): show them what waits for them. */
  z.object({ ...base, type: z.literal('home_opened'), user: ZKey }),
  /** A calendar feed changed (the poller compares each fetch with what it stored), or a meeting starts soon. */
  z.object({
    ...base,
    type: z.literal('calendar'),
    change: z.enum(['added', 'changed', 'cancelled', 'starting_soon']),
    channel: ZKey,
    feedId: z.number().int(),
    occurrence: ZOccurrenceSummary,
  }),
  /** A task tracker's webhook: a task was created, assigned, given a due date or done. */
  z.object({
    ...base,
    type: z.literal('task'),
    event: z.enum(['created', 'assigned', 'due', 'done', 'updated']),
    channel: ZKey,
    source: z.string().min(1),
    task: ZTaskFields,
  }),
  /** A CRM's webhook: a deal's stage, owner or last activity changed. */
  z.object({
    ...base,
    type: z.literal('deal'),
    channel: ZKey,
    source: z.string().min(1),
    deal: ZDealFields,
  }),
]);
export type TSignal = z.infer<typeof ZSignal>;
export type TMessageSignal = Extract<TSignal, { type: 'message' }>;

/**
 * The conversation a signal belongs to: a thread (a message and its replies, reactions to it), or a person. The
 * inbox keeps the order of signals within one conversation and may interleave different conversations.
 */
export function conversationOf(signal: TSignal): string {
  switch (signal.type) {
    case 'message':
    case 'message_edited':
    case 'mention':
      return `${signal.channel}/${signal.thread ?? signal.messageId}`;
    case 'message_deleted':
    case 'reaction':
      return `${signal.channel}/${signal.messageId}`;
    case 'member_joined':
      return signal.channel;
    case 'home_opened':
      return `@${signal.user}`;
    case 'calendar':
      return `calendar:${signal.feedId}:${signal.occurrence.uid}`;
    case 'task':
      return `task:${signal.source}:${signal.task.id}`;
    case 'deal':
      return `deal:${signal.source}:${signal.deal.id}`;
  }
}

/** The thread a message belongs to: the id of its first message, or its own id when it starts one. */
export function threadOf(message: Pick<TMessageSignal, 'messageId' | 'thread'>): string {
  return message.thread ?? message.messageId;
}
