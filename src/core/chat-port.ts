import { z } from 'zod';
import type { TPlatform } from './signal.js';

/** Where a message goes: a channel, optionally a thread in it. */
export type TChatTarget = { channel: string; threadTs?: string };
/** A message that exists on a platform, enough to update, delete, react to or pin it. */
export const ZMessageRef = z.object({
  channel: z.string().min(1),
  ts: z.string().min(1),
  threadTs: z.string().optional(),
});
export type TMessageRef = z.infer<typeof ZMessageRef>;

export const ZButtonAction = z.enum(['approve', 'reject', 'why', 'undo']);
export type TButtonAction = z.infer<typeof ZButtonAction>;
/** What a button carries back when clicked; adapters serialize it and parse it again with this schema. */
export const ZButtonValue = z.object({ action: ZButtonAction, entryId: z.number().int().positive() });
export type TButtonValue = z.infer<typeof ZButtonValue>;
export type TButton = TButtonValue & { label: string; style?: 'primary' | 'danger' };

/**
 * A platform-neutral card: adapters render it as Block Kit, an Adaptive Card or numbered text buttons.
 * Text uses Slack-style markup (*bold*, _italic_, `code`, <url|label>), which the other renderers translate.
 */
export type TCard = {
  title: string;
  lines: string[];
  fields: { label: string; value: string }[];
  buttons: TButton[];
  context?: string;
};
export type TOutbound = { text: string; card?: TCard };

/** A personal home screen (Slack's App Home), platform-neutral: adapters that have one render it. */
export type THomeBlock =
  | { kind: 'header'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: TCard }
  | { kind: 'divider' };

/** Everything the core asks of a chat platform. Each method throws an AppError with code `chat_error` on failure. */
export type ChatPort = {
  readonly platform: TPlatform;
  /** The bot's own user id, to ignore its messages and recognise its threads. */
  readonly botUserId: string;
  mention(user: string): string;
  channelLabel(channel: string): string;
  permalink(ref: TMessageRef): string | undefined;
  post(target: TChatTarget, message: TOutbound): Promise<TMessageRef>;
  update(ref: TMessageRef, message: TOutbound): Promise<void>;
  remove(ref: TMessageRef): Promise<void>;
  /** A message only `user` sees (Slack ephemeral; a private reply elsewhere). */
  postEphemeral(target: TChatTarget, user: string, message: TOutbound): Promise<void>;
  sendDm(user: string, message: TOutbound): Promise<TMessageRef>;
  react(ref: TMessageRef, emoji: string): Promise<void>;
  unreact(ref: TMessageRef, emoji: string): Promise<void>;
  pin(ref: TMessageRef): Promise<void>;
  unpin(ref: TMessageRef): Promise<void>;
  topic(channel: string): Promise<string>;
  setTopic(channel: string, topic: string): Promise<void>;
  scheduleMessage(target: TChatTarget, text: string, postAt: Date): Promise<{ id: string }>;
  cancelScheduledMessage(channel: string, id: string): Promise<void>;
  /** Shows `user` their home screen, on platforms that have one. */
  publishHome?(user: string, home: readonly THomeBlock[]): Promise<void>;
  /** The latest messages of a thread (with `threadTs`) or of a channel, oldest first: context for the model. */
  history?(channel: string, options: { threadTs?: string; limit: number }): Promise<THistoryMessage[]>;
};

export type THistoryMessage = { user: string; text: string; ts: string; fromBot: boolean };
