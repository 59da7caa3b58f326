import type { ChatPort, TButton, TOutbound } from '../../src/core/chat-port.js';
import type { Clock } from '../../src/core/clock.js';
import { AppError, AppErrorCode } from '../../src/core/errors.js';
import { nativeId, ownId, type TKey, toKey } from '../../src/core/identity.js';
import type { TMessageRef } from '../../src/core/message-ref.js';
import type { Teammate } from '../../src/core/teammate.js';
import { addressedIn, plainDoc, plainText } from '../../src/core/text/plain.js';
import type { TRich } from '../../src/core/text/rich-text.js';
import type { PlatformAdapter } from '../../src/platforms/adapter.js';

// A third chat platform, written from the adapter contract alone to show that the core needs nothing else: an
// in-memory chat that posts, edits, deletes and sends direct messages, and has none of the optional capabilities
// (no reactions, pins, topics, scheduled messages, private replies, home screen or history). Its wire format is its
// own: a message is plain text plus the people it notifies, like a Teams activity's text and mention entities.

export const MEMO = 'memo';
const BOT = 'teammate-bot';

export type TMemoMessage = {
  id: string;
  conversation: string;
  user: string;
  thread?: string;
  text: string;
  /** Whom the message notifies: only people the bot chose to mention, never anyone named in quoted text. */
  notifies: string[];
  buttons: TButton[];
  deleted: boolean;
};

const key = (id: string): TKey => toKey(MEMO, id);

const own = (k: TKey): string => ownId(k, MEMO, `is not on ${MEMO}`);

/** The platform's rendering: plain text, a card as its title, fields and numbered buttons below the text. */
function render(message: TOutbound): Pick<TMemoMessage, 'text' | 'notifies' | 'buttons'> {
  const card = message.card;
  const line = (content: TRich) => plainText(content);
  const text = card
    ? [
        line(card.title),
        plainDoc(card.body),
        ...card.fields.map((f) => `${f.label}: ${line(f.value)}`),
        card.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('  '),
        ...(card.context ? [line(card.context)] : []),
      ].join('\n')
    : plainDoc(message.body);
  return { text, notifies: addressedIn(message.body).map(nativeId), buttons: card?.buttons ?? [] };
}

/** The memo workspace: its messages, the people who type in it, and its adapter. */
export class MemoryPlatform {
  readonly messages = new Map<string, TMemoMessage>();
  #next = 1;
  #core: Teammate | undefined;
  readonly #clock: Clock;
  #pending = new Set<Promise<unknown>>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  #store(message: Omit<TMemoMessage, 'id' | 'deleted'>): TMemoMessage {
    const stored = { ...message, id: `n${this.#next++}`, deleted: false };
    this.messages.set(stored.id, stored);
    return stored;
  }

  #find(ref: TMessageRef): TMemoMessage {
    const found = this.messages.get(ref.id);
    if (!found || found.deleted || found.conversation !== own(ref.conversation))
      throw new AppError(AppErrorCode.chat, { message: `message ${ref.id} not found` });
    return found;
  }

  #ref(message: TMemoMessage): TMessageRef {
    return {
      platform: MEMO,
      conversation: key(message.conversation),
      id: message.id,
      ...(message.thread ? { thread: message.thread } : {}),
    };
  }

  #started(): Teammate {
    if (!this.#core) throw new Error(`${MEMO} has not been started`);
    return this.#core;
  }

  /** Work the platform acknowledged and is still doing (adapters report it through idle()). */
  async #track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    try {
      return await work;
    } finally {
      this.#pending.delete(work);
    }
  }

  readonly chat: ChatPort = {
    platform: MEMO,
    botUser: key(BOT),
    post: async (target, message) =>
      this.#ref(
        this.#store({ conversation: own(target.channel), user: BOT, thread: target.thread, ...render(message) }),
      ),
    update: async (ref, message) => {
      Object.assign(this.#find(ref), render(message));
    },
    remove: async (ref) => {
      this.#find(ref).deleted = true;
    },
    sendDm: async (user, message) =>
      this.#ref(this.#store({ conversation: `dm-${own(user)}`, user: BOT, ...render(message) })),
  };

  readonly adapter: PlatformAdapter = {
    platform: MEMO,
    chat: this.chat,
    start: async (core) => {
      this.#core = core;
    },
    idle: async () => {
      await Promise.allSettled([...this.#pending]);
    },
    stop: async () => {
      await this.adapter.idle();
      this.#core = undefined;
    },
  };

  /** Someone writes in a conversation (or a thread of it); resolves once the core has handled it. */
  async say(user: string, conversation: string, text: string, thread?: string): Promise<TMemoMessage> {
    const posted = this.#store({ conversation, user, thread, text, notifies: [], buttons: [] });
    await this.#track(
      this.#started().receiveAndWait({
        id: `${MEMO}:${posted.id}`,
        type: 'message',
        platform: MEMO,
        at: this.#clock.now(),
        channel: key(conversation),
        user: key(user),
        // This platform has no markup: what people type is text, and stays text.
        text: [{ type: 'text', text }],
        messageId: posted.id,
        ...(thread ? { thread } : {}),
        fromBot: false,
      }),
    );
    return posted;
  }

  /** Someone presses a button of a message; the core's private reply is returned (this platform shows it only to them). */
  async click(user: string, messageId: string, label: string, reason?: string): Promise<string> {
    const button = this.messages.get(messageId)?.buttons.find((b) => b.label === label);
    if (!button) throw new Error(`message ${messageId} has no button "${label}"`);
    const reply = await this.#track(
      this.#started().handleInteraction({
        platform: MEMO,
        user: key(user),
        action: button.action,
        entryId: button.entryId,
        reason,
      }),
    );
    return render(reply).text;
  }

  /** The platform's command box: `/teammate <text>` in a conversation. */
  async command(user: string, conversation: string, text: string): Promise<string> {
    const reply = await this.#track(
      this.#started().handleCommand({ platform: MEMO, channel: key(conversation), user: key(user), text }),
    );
    return render(reply).text;
  }

  /** What is on screen in a conversation, oldest first. */
  visible(conversation: string): TMemoMessage[] {
    return [...this.messages.values()].filter((m) => m.conversation === conversation && !m.deleted);
  }
}
