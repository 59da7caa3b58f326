import { z } from 'zod';
import type { TKey, TPlatform } from './identity.js';
import type { TMessageRef } from './message-ref.js';
import type { TDoc, TRich } from './text/rich-text.js';

/** Where a message goes: a conversation, optionally a thread in it (the id of the thread's first message). */
export type TChatTarget = { channel: TKey; thread?: string };

export const ZButtonAction = z.enum(['approve', 'reject', 'why', 'undo', 'answer']);
export type TButtonAction = z.infer<typeof ZButtonAction>;
/**
 * What a button carries back when clicked; adapters serialize it and parse it again with this schema. `choice`: which
 * of a question's answers (an agent's ask_human) the button gives.
 */
export const ZButtonValue = z.object({
  action: ZButtonAction,
  entryId: z.number().int().positive(),
  choice: z.number().int().min(0).max(9).optional(),
});
export type TButtonValue = z.infer<typeof ZButtonValue>;
export type TButton = TButtonValue & { label: string; style?: 'primary' | 'danger' };

/** A platform-neutral card: adapters render it as Block Kit, an Adaptive Card or numbered text buttons. */
export type TCard = {
  title: TRich;
  body: TDoc;
  fields: { label: string; value: TRich }[];
  buttons: TButton[];
  context?: TRich;
  /**
   * The people whose decision the buttons ask for (an approval's approvers), for platforms that keep the card
   * current for them (Teams' refresh.userIds); everyone else who clicks is answered privately.
   */
  deciders?: readonly TKey[];
};
/**
 * A message: its body (also what notifications and platforms without cards show) and, maybe, a card. A `refusal`
 * (you may not do that) is for the person who asked alone: platforms without private replies in a channel send it
 * to them directly, never to the channel.
 */
/**
 * A message the core sends. `entryId`: the ledger entry whose action this message carries out; platforms that can
 * attach data to a message keep it there (Slack message metadata), so after a crash Teammate finds its own message
 * (`findOwn`) instead of posting again or giving up.
 */
export type TOutbound = { body: TDoc; card?: TCard; refusal?: true; entryId?: number };

/** A personal home screen (Slack's App Home), platform-neutral: adapters that have one render it. */
export type THomeBlock =
  | { kind: 'header'; text: string }
  | { kind: 'text'; body: TDoc }
  | { kind: 'card'; card: TCard }
  | { kind: 'divider' };

/** One message of a conversation as context for the model: its author and its text as plain text. */
export type THistoryMessage = { user: TKey; text: string; id: string; fromBot: boolean };

/**
 * Everything the core asks of a chat platform. Each method throws an AppError with code `chat_error` on failure.
 * Posting, updating, deleting and direct messages are what every platform does; the rest are capabilities, present
 * only where the platform has them (see `capabilitiesOf`), and action kinds name the ones they need.
 */
export type ChatPort = {
  readonly platform: TPlatform;
  /** The bot's own user key, to ignore its messages and recognise its threads. */
  readonly botUser: TKey;
  post(target: TChatTarget, message: TOutbound): Promise<TMessageRef>;
  update(ref: TMessageRef, message: TOutbound): Promise<void>;
  remove(ref: TMessageRef): Promise<void>;
  sendDm(user: TKey, message: TOutbound): Promise<TMessageRef>;
  /** A message only `user` sees (Slack ephemeral); without it, private replies go by direct message. */
  postPrivate?(target: TChatTarget, user: TKey, message: TOutbound): Promise<void>;
  reactions?: {
    add(ref: TMessageRef, emoji: string): Promise<void>;
    remove(ref: TMessageRef, emoji: string): Promise<void>;
  };
  pins?: { add(ref: TMessageRef): Promise<void>; remove(ref: TMessageRef): Promise<void> };
  topic?: { get(channel: TKey): Promise<string>; set(channel: TKey, topic: string): Promise<void> };
  scheduling?: {
    schedule(target: TChatTarget, message: TOutbound, postAt: Date): Promise<{ id: string }>;
    cancel(channel: TKey, id: string): Promise<void>;
  };
  /** Shows `user` their home screen. */
  home?: { publish(user: TKey, home: readonly THomeBlock[]): Promise<void> };
  /** The latest messages of a thread (with `thread`) or of a channel, oldest first: context for the model. */
  history?(channel: TKey, options: { thread?: string; limit: number }): Promise<THistoryMessage[]>;
  /**
   * The bot's recent message that carries out ledger entry `entryId` in this place (a channel or thread, or its
   * direct messages with a person), if there is one.
   */
  findOwn?(target: TChatTarget | { user: TKey }, entryId: number): Promise<TMessageRef | undefined>;
  /** The member with this e-mail address, where the platform can look it up (Slack's users.lookupByEmail). */
  personByEmail?(email: string): Promise<TKey | undefined>;
};
