import { z } from 'zod';
import { type TKey, type TPlatform, ZKey, ZPlatform } from './identity.js';

/** Where a message goes: a conversation, optionally a thread in it (the id of the thread's first message). */
export type TChatTarget = { channel: TKey; thread?: string };
/**
 * A message that exists on a platform, enough to update, delete, react to or pin it. The core stores and passes
 * it whole and never looks inside: an adapter may keep more in it (Teams, its service URL), which is kept too.
 */
export const ZMessageRef = z.looseObject({
  platform: ZPlatform,
  conversation: ZKey,
  id: z.string().min(1),
  thread: z.string().min(1).optional(),
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
  /** The bot's own user key, to ignore its messages and recognise its threads. */
  readonly botUser: TKey;
  mention(user: TKey): string;
  channelLabel(channel: TKey): string;
  permalink(ref: TMessageRef): string | undefined;
  post(target: TChatTarget, message: TOutbound): Promise<TMessageRef>;
  update(ref: TMessageRef, message: TOutbound): Promise<void>;
  remove(ref: TMessageRef): Promise<void>;
  /** A message only `user` sees (Slack ephemeral; a private reply elsewhere). */
  postEphemeral(target: TChatTarget, user: TKey, message: TOutbound): Promise<void>;
  sendDm(user: TKey, message: TOutbound): Promise<TMessageRef>;
  react(ref: TMessageRef, emoji: string): Promise<void>;
  unreact(ref: TMessageRef, emoji: string): Promise<void>;
  pin(ref: TMessageRef): Promise<void>;
  unpin(ref: TMessageRef): Promise<void>;
  topic(channel: TKey): Promise<string>;
  setTopic(channel: TKey, topic: string): Promise<void>;
  scheduleMessage(target: TChatTarget, text: string, postAt: Date): Promise<{ id: string }>;
  cancelScheduledMessage(channel: TKey, id: string): Promise<void>;
  /** Shows `user` their home screen, on platforms that have one. */
  publishHome?(user: TKey, home: readonly THomeBlock[]): Promise<void>;
  /** The latest messages of a thread (with `thread`) or of a channel, oldest first: context for the model. */
  history?(channel: TKey, options: { thread?: string; limit: number }): Promise<THistoryMessage[]>;
};

export type THistoryMessage = { user: TKey; text: string; id: string; fromBot: boolean };
