import { z } from 'zod';

export const ZPlatform = z.enum(['local', 'slack', 'teams']);
export type TPlatform = z.infer<typeof ZPlatform>;

const base = {
  /** Deterministic id of the inbound event (`platform:event_id`); the database rejects a second delivery. */
  id: z.string().min(1),
  platform: ZPlatform,
  at: z.coerce.date(),
};

/** A normalized event from any source. Adapters parse their wire format at the edge and produce these. */
export const ZSignal = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('message'),
    channel: z.string().min(1),
    user: z.string().min(1),
    text: z.string(),
    ts: z.string().min(1),
    threadTs: z.string().min(1).optional(),
    /** Set by the adapter for messages written by bots, including this one. */
    fromBot: z.boolean().default(false),
  }),
  z.object({
    ...base,
    type: z.literal('reaction'),
    channel: z.string().min(1),
    user: z.string().min(1),
    emoji: z.string().min(1),
    itemTs: z.string().min(1),
    added: z.boolean(),
  }),
  z.object({
    ...base,
    type: z.literal('message_edited'),
    channel: z.string().min(1),
    user: z.string().min(1),
    text: z.string(),
    ts: z.string().min(1),
    threadTs: z.string().min(1).optional(),
  }),
  z.object({ ...base, type: z.literal('message_deleted'), channel: z.string().min(1), ts: z.string().min(1) }),
  /** Someone addressed the bot by name (Slack's app_mention); the same text also arrives as a message. */
  z.object({
    ...base,
    type: z.literal('mention'),
    channel: z.string().min(1),
    user: z.string().min(1),
    text: z.string(),
    ts: z.string().min(1),
    threadTs: z.string().min(1).optional(),
  }),
  z.object({
    ...base,
    type: z.literal('member_joined'),
    channel: z.string().min(1),
    user: z.string().min(1),
  }),
  /** Someone opened the bot's home (Slack's App Home): show them what waits for them. */
  z.object({ ...base, type: z.literal('home_opened'), user: z.string().min(1) }),
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
      return `${signal.platform}:${signal.channel}:${signal.threadTs ?? signal.ts}`;
    case 'message_deleted':
      return `${signal.platform}:${signal.channel}:${signal.ts}`;
    case 'reaction':
      return `${signal.platform}:${signal.channel}:${signal.itemTs}`;
    case 'member_joined':
      return `${signal.platform}:${signal.channel}`;
    case 'home_opened':
      return `${signal.platform}:@${signal.user}`;
  }
}

/** The thread a message belongs to: its parent's ts, or its own when it starts one. */
export function threadOf(message: Pick<TMessageSignal, 'ts' | 'threadTs'>): string {
  return message.threadTs ?? message.ts;
}
