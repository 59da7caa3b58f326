import type { TButtonValue, TCard, TOutbound } from '../../core/chat-port.js';
import { BOT_ID, channelLabel, type TLocalMessage, type TWorldEvent } from './world.js';

type TStyle = { color: boolean };
const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;

/** Turns the core's markup into terminal text: <scheme://url|label> → label (url), *bold* → bold, _italic_ → plain. */
export function plainText(text: string, style: TStyle): string {
  const bold = style.color ? ansi(1) : (t: string) => t;
  return text
    .replace(/<([a-z][\w+.-]*:\/\/[^|>\s]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,:;!?]|$)/g, (_m, pre: string, inner: string) => `${pre}${bold(inner)}`)
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,:;!?]|$)/g, '$1$2');
}

/**
 * Renders what happens in the local world as a chat transcript. Buttons get numbers, unique for the session, that
 * `/click N` presses.
 */
export class Transcript {
  readonly #buttons = new Map<number, { value: TButtonValue; channel: string }>();
  #next = 1;
  readonly #write: (line: string) => void;
  readonly #style: TStyle;

  constructor(write: (line: string) => void, style: TStyle) {
    this.#write = write;
    this.#style = style;
  }

  button(number: number): { value: TButtonValue; channel: string } | undefined {
    return this.#buttons.get(number);
  }

  note(text: string): void {
    this.#write(this.#style.color ? ansi(2)(text) : text);
  }

  #where(channel: string, threadTs?: string): string {
    return threadTs ? `${channelLabel(channel)} › ${threadTs}` : channelLabel(channel);
  }

  #who(user: string): string {
    if (user !== BOT_ID) return user;
    return this.#style.color ? ansi(36)('Teammate') : 'Teammate';
  }

  #card(card: TCard, channel: string): string[] {
    const lines = [`  ┌ ${plainText(`*${card.title}*`, this.#style)}`];
    for (const line of card.lines)
      lines.push(
        ...plainText(line, this.#style)
          .split('\n')
          .map((l) => `  │ ${l}`),
      );
    for (const field of card.fields) lines.push(`  │ ${field.label}: ${plainText(field.value, this.#style)}`);
    if (card.context) lines.push(`  │ ${plainText(card.context, this.#style)}`);
    if (card.buttons.length > 0) {
      const buttons = card.buttons.map((button) => {
        const number = this.#next++;
        this.#buttons.set(number, { value: { action: button.action, entryId: button.entryId }, channel });
        return `[${number}] ${button.label}`;
      });
      lines.push(`  │ ${buttons.join('  ')}   (press with /click N)`);
    }
    lines.push('  └');
    return lines;
  }

  #body(message: TOutbound, channel: string): string[] {
    if (message.card) return this.#card(message.card, channel);
    return plainText(message.text, this.#style)
      .split('\n')
      .map((line) => `  ${line}`);
  }

  #message(verb: string, m: TLocalMessage): string {
    const header = `${this.#where(m.channel, m.threadTs)} · ${this.#who(m.user)}${verb} (${m.ts})`;
    const body = this.#body(m.message, m.channel);
    return !m.message.card && body.length === 1
      ? `${header}: ${body[0]?.trimStart()}`
      : [`${header}:`, ...body].join('\n');
  }

  render(event: TWorldEvent): void {
    this.#write(this.#describe(event));
  }

  #describe(event: TWorldEvent): string {
    switch (event.type) {
      case 'posted':
        return this.#message('', event.message);
      case 'updated':
        return this.#message(' updated', event.message);
      case 'deleted':
        return `${this.#where(event.message.channel, event.message.threadTs)} · ${this.#who(BOT_ID)} deleted ${event.message.ts}`;
      case 'ephemeral': {
        const body = this.#body(event.message, event.channel);
        return [
          `${this.#where(event.channel, event.threadTs)} · only ${event.user} sees · ${this.#who(BOT_ID)}:`,
          ...body,
        ].join('\n');
      }
      case 'reaction':
        return `${this.#where(event.message.channel)} · ${this.#who(event.user)} ${event.added ? 'reacted' : 'removed'} :${event.emoji}: ${event.added ? 'to' : 'from'} ${event.message.ts}`;
      case 'pin':
        return `${this.#where(event.message.channel)} · ${this.#who(BOT_ID)} ${event.pinned ? 'pinned' : 'unpinned'} ${event.message.ts}`;
      case 'topic':
        return `${this.#where(event.channel)} · ${this.#who(event.user)} set the topic: “${event.topic}”`;
      case 'scheduled':
        return `${this.#where(event.scheduled.channel)} · ${this.#who(BOT_ID)} scheduled ${event.scheduled.id} for ${event.scheduled.postAt.toISOString()}: “${event.scheduled.text}”`;
      case 'unscheduled':
        return `${this.#where(event.scheduled.channel)} · ${this.#who(BOT_ID)} cancelled scheduled message ${event.scheduled.id}`;
    }
  }
}
