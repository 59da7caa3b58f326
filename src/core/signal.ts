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
  /** A delivery from an outside source (a tracker, a CRM); its source type says what it means (see SourceType). */
  z.object({
    ...base,
    type: z.literal('webhook'),
    /** The source's name (`tasks`) and its type (`task`). */
    source: z.string().min(1),
    kind: z.string().min(1),
    channel: ZKey,
    /** The record it is about: events about one record keep their order. */
    key: z.string().min(1),
    payload: z.unknown(),
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
    case 'webhook':
      return `webhook:${signal.source}:${signal.key}`;
  }
}

/** The thread a message belongs to: the id of its first message, or its own id when it starts one. */
export function threadOf(message: Pick<TMessageSignal, 'messageId' | 'thread'>): string {
  return message.thread ?? message.messageId;
}
