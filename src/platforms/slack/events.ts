import { z } from 'zod';
import { toKey } from '../../core/identity.js';
import type { TSignal } from '../../core/signal.js';
import { fromSlackText } from './inbound-text.js';

const slack = (id: string) => toKey('slack', id);

// The Slack payloads Teammate consumes, parsed at the edge. Fields we do not use are allowed and ignored, so new
// fields Slack adds do not break us; missing or mistyped ones that we use reject the event.

const ZTs = z.string().regex(/^\d+\.\d+$/, 'expected a Slack timestamp such as 1583636399.000700');

export const ZEnvelope = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  event_time: z.number().int().positive(),
  team_id: z.string().optional(),
  event: z.object({ type: z.string() }).passthrough(),
});
export type TEnvelope = z.infer<typeof ZEnvelope>;

const ZPlainMessage = z.object({
  type: z.literal('message'),
  subtype: z.enum(['thread_broadcast', 'file_share', 'me_message', 'bot_message']).optional(),
  channel: z.string().min(1),
  user: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: ZTs,
  thread_ts: ZTs.optional(),
});

const ZChanged = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: z.string().min(1),
  message: z.object({
    user: z.string().min(1).optional(),
    bot_id: z.string().optional(),
    text: z.string().default(''),
    ts: ZTs,
    thread_ts: ZTs.optional(),
  }),
});

const ZDeleted = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_deleted'),
  channel: z.string().min(1),
  deleted_ts: ZTs,
});

const ZMention = z.object({
  type: z.literal('app_mention'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string().default(''),
  ts: ZTs,
  thread_ts: ZTs.optional(),
});

const ZReaction = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string().min(1),
  reaction: z.string().min(1),
  item: z.object({ type: z.string(), channel: z.string().min(1).optional(), ts: ZTs.optional() }),
});

const ZJoined = z.object({
  type: z.literal('member_joined_channel'),
  user: z.string().min(1),
  channel: z.string().min(1),
});
const ZHome = z.object({ type: z.literal('app_home_opened'), user: z.string().min(1), tab: z.string().optional() });

export type TSlackEventResult =
  | { kind: 'signal'; signal: TSignal }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; error: z.ZodError };

/**
 * One Events API delivery → one signal, under the deterministic id `slack:<event_id>` (so a retried delivery is
 * the same signal). The bot's own messages are ignored; other bots' are kept, marked `fromBot`.
 */
export function toSignal(envelope: TEnvelope, botUserId: string): TSlackEventResult {
  const { event } = envelope;
  const base = {
    id: `slack:${envelope.event_id}`,
    platform: 'slack' as const,
    at: new Date(envelope.event_time * 1000),
  };
  const parse = <T>(schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; error: z.ZodError } => {
    const parsed = schema.safeParse(event);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error };
  };
  const subtype = (event as { subtype?: unknown }).subtype;
  switch (event.type) {
    case 'message': {
      if (subtype === 'message_changed') {
        const p = parse(ZChanged);
        if (!p.ok) return { kind: 'invalid', error: p.error };
        const m = p.value.message;
        if (!m.user || m.user === botUserId) return { kind: 'ignored', reason: 'an edit by a bot' };
        const threadTs = m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : undefined;
        return {
          kind: 'signal',
          signal: {
            ...base,
            type: 'message_edited',
            channel: slack(p.value.channel),
            user: slack(m.user),
            text: fromSlackText(m.text),
            messageId: m.ts,
            ...(threadTs ? { thread: threadTs } : {}),
          },
        };
      }
      if (subtype === 'message_deleted') {
        const p = parse(ZDeleted);
        if (!p.ok) return { kind: 'invalid', error: p.error };
        return {
          kind: 'signal',
          signal: { ...base, type: 'message_deleted', channel: slack(p.value.channel), messageId: p.value.deleted_ts },
        };
      }
      if (subtype !== undefined && !ZPlainMessage.shape.subtype.unwrap().options.includes(subtype as never)) {
        return { kind: 'ignored', reason: `message subtype ${String(subtype)}` };
      }
      const p = parse(ZPlainMessage);
      if (!p.ok) return { kind: 'invalid', error: p.error };
      const m = p.value;
      if (m.user === botUserId) return { kind: 'ignored', reason: 'the bot’s own message' };
      const author = m.user ?? m.bot_id;
      if (!author) return { kind: 'ignored', reason: 'a message without an author' };
      const threadTs = m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : undefined;
      return {
        kind: 'signal',
        signal: {
          ...base,
          type: 'message',
          channel: slack(m.channel),
          user: slack(author),
          text: fromSlackText(m.text),
          messageId: m.ts,
          ...(threadTs ? { thread: threadTs } : {}),
          fromBot: m.bot_id !== undefined || m.subtype === 'bot_message',
        },
      };
    }
    case 'app_mention': {
      const p = parse(ZMention);
      if (!p.ok) return { kind: 'invalid', error: p.error };
      const m = p.value;
      const threadTs = m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : undefined;
      return {
        kind: 'signal',
        signal: {
          ...base,
          type: 'mention',
          channel: slack(m.channel),
          user: slack(m.user),
          text: fromSlackText(m.text),
          messageId: m.ts,
          ...(threadTs ? { thread: threadTs } : {}),
        },
      };
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const p = parse(ZReaction);
      if (!p.ok) return { kind: 'invalid', error: p.error };
      const { item } = p.value;
      if (item.type !== 'message' || !item.channel || !item.ts)
        return { kind: 'ignored', reason: `a reaction to a ${item.type}` };
      return {
        kind: 'signal',
        signal: {
          ...base,
          type: 'reaction',
          channel: slack(item.channel),
          user: slack(p.value.user),
          emoji: p.value.reaction,
          messageId: item.ts,
          added: p.value.type === 'reaction_added',
        },
      };
    }
    case 'member_joined_channel': {
      const p = parse(ZJoined);
      if (!p.ok) return { kind: 'invalid', error: p.error };
      return {
        kind: 'signal',
        signal: { ...base, type: 'member_joined', channel: slack(p.value.channel), user: slack(p.value.user) },
      };
    }
    case 'app_home_opened': {
      const p = parse(ZHome);
      if (!p.ok) return { kind: 'invalid', error: p.error };
      if (p.value.tab && p.value.tab !== 'home') return { kind: 'ignored', reason: `the ${p.value.tab} tab` };
      return { kind: 'signal', signal: { ...base, type: 'home_opened', user: slack(p.value.user) } };
    }
    default:
      return { kind: 'ignored', reason: `event type ${event.type}` };
  }
}
