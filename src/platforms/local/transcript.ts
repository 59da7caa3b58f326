import type { TButtonValue, TCard, TOutbound } from '../../core/chat-port.js';
import { ansi, renderDoc, renderText, type TStyle } from './render.js';
import { BOT_ID, channelLabel, type TLocalMessage, type TWorldEvent } from './world.js';

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
    const title = renderText(card.title, this.#style);
    const lines = [`  ┌ ${this.#style.color ? ansi(1)(title) : title}`];
    for (const line of renderDoc(card.body, this.#style)) lines.push(`  │ ${line}`);
    for (const field of card.fields) lines.push(`  │ ${field.label}: ${renderText(field.value, this.#style)}`);
    if (card.context) lines.push(`  │ ${renderText(card.context, this.#style)}`);
    if (card.buttons.length > 0) {
      const buttons = card.buttons.map((button) => {
        const number = this.#next++;
        const { action, entryId, choice } = button;
        this.#buttons.set(number, { value: { action, entryId, ...(choice !== undefined ? { choice } : {}) }, channel });
        return `[${number}] ${button.label}`;
      });
      lines.push(`  │ ${buttons.join('  ')}   (press with /click N)`);
    }
    lines.push('  └');
    return lines;
  }

  #body(message: TOutbound, channel: string): string[] {
    if (message.card) return this.#card(message.card, channel);
    return renderDoc(message.body, this.#style).map((line) => `  ${line}`);
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
        return `${this.#where(event.scheduled.channel)} · ${this.#who(BOT_ID)} scheduled ${event.scheduled.id} for ${event.scheduled.postAt.toISOString()}: “${renderDoc(event.scheduled.message.body, this.#style).join(' ')}”`;
      case 'unscheduled':
        return `${this.#where(event.scheduled.channel)} · ${this.#who(BOT_ID)} cancelled scheduled message ${event.scheduled.id}`;
    }
  }
}
