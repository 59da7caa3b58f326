import type { TOutbound } from '../../core/chat-port.js';
import type { AdjustableClock } from '../../core/clock.js';
import { restAfter, tokenize } from '../../core/commands/tokenize.js';
import { formatDuration, parseDuration } from '../../core/duration.js';
import { asAppError } from '../../core/errors.js';
import type { Teammate } from '../../core/teammate.js';
import { doc, text as plain } from '../../core/text/build.js';
import { mentions } from '../../core/text/inbound.js';
import { local } from './chat-port.js';
import { fromLocalText, renderDoc, renderText } from './render.js';
import type { Transcript } from './transcript.js';
import { BOT_ID, type LocalWorld } from './world.js';

export const localHelp = `Local chat commands:
  <text>                    say something as the current user in the current channel (or thread)
  /user <name>              become someone else (e.g. /user bob)
  /channel #<name>          switch to (or create) a channel
  /thread <id> | off        keep talking in the thread of message <id>, or go back to the channel
  /reply <id> <text>        one reply in the thread of message <id>
  /react <id> <emoji>       react to a message
  /click <n> [reason]       press button [n] on a card (a reason goes with Reject)
  /wait <duration>          let time pass (90s, 15m, 2h, 1d): detectors, deadlines and schedules run
  /start-at <time>          (first line of a script file) start the clock at this ISO time, moved only by /wait
  /history [n]              the last n messages of this channel
  /teammate <command>       the bot's own commands; /teammate help lists them
  /help                     this list
  /quit                     leave (interactive mode)
Lines starting with "# " are comments.`;

export type TSessionOptions = {
  teammate: Teammate;
  world: LocalWorld;
  transcript: Transcript;
  clock: AdjustableClock;
  /** Time-driven work: the core's tick and the world's scheduled messages. */
  tick(): Promise<void>;
  user?: string;
  channel?: string;
};

/**
 * One person at the keyboard of the local workspace: each input line becomes a message, a command, a click or a
 * clock step, handled to the end (every reply printed) before the next line is read.
 */
export class LocalSession {
  user: string;
  channel: string;
  thread: string | undefined;
  readonly #o: TSessionOptions;

  constructor(options: TSessionOptions) {
    this.#o = options;
    this.user = options.user ?? 'alice';
    this.channel = options.channel ?? 'general';
  }

  prompt(): string {
    return `${this.user} in #${this.channel}${this.thread ? ` › ${this.thread}` : ''}> `;
  }

  async handle(line: string): Promise<'continue' | 'quit'> {
    const text = line.trim();
    if (text === '') return 'continue';
    if (text.startsWith('# ') || text === '#') {
      this.#o.transcript.note(text);
      return 'continue';
    }
    try {
      if (text.startsWith('/')) return await this.#command(text);
      await this.#say(text, this.thread);
    } catch (error) {
      this.#o.transcript.note(`error: ${asAppError(error).message}`);
    }
    return 'continue';
  }

  async #say(text: string, thread: string | undefined): Promise<void> {
    const { world, clock, teammate } = this.#o;
    // The world keeps what was typed as it is; the core gets it read as the local chat's markup (@name, #name).
    const posted = world.post(this.channel, this.user, { body: doc([plain(text)]) }, clock.now(), thread);
    const content = fromLocalText(text);
    const id = world.coreId(posted.ts);
    const said = {
      platform: 'local' as const,
      channel: local(posted.channel),
      user: local(posted.user),
      text: content,
      messageId: id,
      thread: posted.threadTs === undefined ? undefined : world.coreId(posted.threadTs),
      at: posted.at,
    };
    await teammate.receiveAndWait({ ...said, id: `local:${id}`, type: 'message', fromBot: false });
    // Addressing the bot by name is also a mention, as Slack sends app_mention next to the message.
    if (mentions(content, local(BOT_ID))) {
      await teammate.receiveAndWait({ ...said, id: `local:${id}:mention`, type: 'mention' });
    }
  }

  #private(reply: TOutbound, channel = this.channel): void {
    this.#o.world.ephemeral(channel, this.user, reply);
  }

  async #command(text: string): Promise<'continue' | 'quit'> {
    const { world, transcript, teammate, clock } = this.#o;
    const [name = '', ...args] = tokenize(text);
    const rest = text.slice(name.length).trim();
    switch (name) {
      case '/teammate': {
        const reply = await teammate.handleCommand({
          platform: 'local',
          channel: local(this.channel),
          user: local(this.user),
          text: rest,
        });
        world.ephemeral(this.channel, this.user, reply, this.thread);
        return 'continue';
      }
      case '/user':
        if (!args[0] || !/^@?[\w.-]+$/.test(args[0])) return this.#usage('/user <name>');
        this.user = args[0].replace(/^@/, '');
        transcript.note(`(you are now ${this.user})`);
        return 'continue';
      case '/channel':
      case '/join':
        if (!args[0] || !/^#?[\w.-]+$/.test(args[0])) return this.#usage('/channel #<name>');
        this.channel = args[0].replace(/^#/, '');
        this.thread = undefined;
        world.addChannel(this.channel);
        transcript.note(`(you are now in #${this.channel})`);
        return 'continue';
      case '/thread': {
        if (args[0] === 'off' || args[0] === undefined) {
          this.thread = undefined;
          return 'continue';
        }
        const root = this.#rootIn(args[0]);
        if (!root) return 'continue';
        this.thread = root;
        transcript.note(`(you are now in the thread of ${root})`);
        return 'continue';
      }
      case '/reply': {
        const body = restAfter(text, 2);
        if (!args[0] || !body) return this.#usage('/reply <message id> <text>');
        const root = this.#rootIn(args[0]);
        if (root) await this.#say(body, root);
        return 'continue';
      }
      case '/react':
        return this.#react(args);
      case '/click':
        return this.#click(args, text);
      case '/wait': {
        const ms = args[0] === undefined ? 0 : parseDuration(args[0]);
        if (ms === undefined) return this.#usage('/wait <duration, e.g. 90s, 2h>');
        clock.advance(ms);
        if (ms > 0) transcript.note(`(${formatDuration(ms)} pass; it is now ${clock.now().toISOString()})`);
        await this.#o.tick();
        return 'continue';
      }
      case '/history':
        return this.#history(args[0]);
      case '/start-at': {
        // Read from a script file's first line before the run starts (scriptStart); here it only confirms it.
        const at = args[0] ? new Date(args[0]) : undefined;
        if (at && at.getTime() === clock.now().getTime()) {
          transcript.note(`(the clock starts at ${at.toISOString()} and moves only with /wait)`);
        } else {
          transcript.note(
            '/start-at is read from the first line of a script file, before it plays (--start-at <time> when starting wins)',
          );
        }
        return 'continue';
      }
      case '/help':
        transcript.note(localHelp);
        return 'continue';
      case '/quit':
      case '/exit':
        return 'quit';
      default:
        transcript.note(`unknown command ${name}; /help lists the local commands, /teammate help the bot's`);
        return 'continue';
    }
  }

  #usage(usage: string): 'continue' {
    this.#o.transcript.note(`usage: ${usage}`);
    return 'continue';
  }

  #rootIn(id: string): string | undefined {
    const message = this.#o.world.messages.get(id);
    if (!message || message.channel !== this.channel) {
      this.#o.transcript.note(`there is no message ${id} in #${this.channel}`);
      return undefined;
    }
    return message.threadTs ?? message.ts;
  }

  async #react(args: string[]): Promise<'continue'> {
    const [id, emoji] = args;
    if (!id || !emoji) return this.#usage('/react <message id> <emoji>');
    const { world, clock, teammate } = this.#o;
    const name = emoji.replace(/^:|:$/g, '');
    world.react(this.channel, id, this.user, name, true);
    const messageId = world.coreId(id);
    await teammate.receiveAndWait({
      id: `local:reaction:${messageId}:${this.user}:${name}:${clock.now().getTime()}`,
      type: 'reaction',
      platform: 'local',
      channel: local(this.channel),
      user: local(this.user),
      emoji: name,
      messageId,
      added: true,
      at: clock.now(),
    });
    return 'continue';
  }

  async #click(args: string[], text: string): Promise<'continue'> {
    const number = Number(args[0]);
    if (!args[0] || !Number.isInteger(number)) return this.#usage('/click <number of a button shown as [n]> [reason]');
    const button = this.#o.transcript.button(number);
    if (!button) {
      this.#o.transcript.note(
        `there is no button [${number}]: the buttons are numbered on the cards, such as [1] Approve`,
      );
      return 'continue';
    }
    const reason = restAfter(text, 2) || undefined;
    const reply = await this.#o.teammate.handleInteraction({
      platform: 'local',
      user: local(this.user),
      action: button.value.action,
      entryId: button.value.entryId,
      ...(button.value.choice !== undefined ? { choice: button.value.choice } : {}),
      reason,
    });
    this.#private(reply, button.channel);
    return 'continue';
  }

  #history(count: string | undefined): 'continue' {
    const n = count === undefined ? 20 : Number(count);
    if (!Number.isInteger(n) || n <= 0) return this.#usage('/history [count]');
    const { world, transcript } = this.#o;
    const messages = [...world.messages.values()].filter((m) => m.channel === this.channel).slice(-n);
    const topic = world.channels.get(this.channel)?.topic;
    transcript.note(`#${this.channel}${topic ? ` — topic: “${topic}”` : ''} (${messages.length} messages)`);
    for (const m of messages) {
      const reactions = [...m.reactions.entries()].map(([emoji, users]) => `:${emoji}: ${users.size}`).join(' ');
      const extra = [m.pinned ? 'pinned' : '', reactions].filter(Boolean).join(', ');
      const style = { color: false, run: world.run };
      const body = m.message.card
        ? renderText(m.message.card.title, style)
        : (renderDoc(m.message.body, style)[0] ?? '');
      transcript.note(
        `  ${m.ts}${m.threadTs ? ` (in ${m.threadTs})` : ''} ${m.user}: ${body}${extra ? ` [${extra}]` : ''}`,
      );
    }
    return 'continue';
  }
}
