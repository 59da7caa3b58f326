import { randomBytes } from 'node:crypto';
import type { TOutbound } from '../../core/chat-port.js';
import { nativeId } from '../../core/identity.js';
import { addressedIn } from '../../core/text/plain.js';

export type TLocalMessage = {
  ts: string;
  channel: string;
  user: string;
  threadTs?: string;
  message: TOutbound;
  /** Whom the message notifies: the people its author addressed by mention. */
  notified: string[];
  at: Date;
  reactions: Map<string, Set<string>>;
  pinned: boolean;
};

export type TScheduled = { id: string; channel: string; threadTs?: string; message: TOutbound; postAt: Date };

/** What happened in the world, for the transcript. */
export type TWorldEvent =
  | { type: 'posted' | 'updated'; message: TLocalMessage }
  | { type: 'deleted'; message: TLocalMessage }
  | { type: 'ephemeral'; channel: string; user: string; threadTs?: string; message: TOutbound }
  | { type: 'reaction'; message: TLocalMessage; user: string; emoji: string; added: boolean }
  | { type: 'pin'; message: TLocalMessage; pinned: boolean }
  | { type: 'topic'; channel: string; topic: string; user: string }
  | { type: 'scheduled' | 'unscheduled'; scheduled: TScheduled };

export const BOT_ID = 'teammate';
export const dmChannel = (user: string) => `dm-${user}`;
/** #general, or @bob (DM) for a direct message channel. */
export const channelLabel = (channel: string) =>
  channel.startsWith('dm-') ? `@${channel.slice(3)} (DM)` : `#${channel}`;

/**
 * A message id as the core keeps it: the id people see (`m3`) with the run it belongs to (`m3@k7f2qa`). The database
 * outlives the workspace, so ids seen in earlier runs must never be mistaken for this run's.
 */
export const runScoped = (id: string, run: string) => `${id}@${run}`;

/** The id people see for a core id of this run (`m3`), or undefined for another run's. */
export function inRun(id: string, run: string): string | undefined {
  const at = id.lastIndexOf('@');
  return at > 0 && id.slice(at + 1) === run ? id.slice(0, at) : undefined;
}

/**
 * The local workspace, kept in memory: channels, messages, threads, reactions, pins, topics and scheduled messages.
 * It behaves like a small Slack (ids, threads one level deep, errors with Slack's names) so the core runs against
 * it exactly as it would against a real platform.
 */
export class LocalWorld {
  readonly channels = new Map<string, { topic: string }>();
  readonly messages = new Map<string, TLocalMessage>();
  readonly scheduled = new Map<string, TScheduled>();
  /**
   * This run of the workspace. Its messages live only as long as the process, so every id the core sees carries
   * the run (runScoped): a restart on the same database starts again at m1 without meeting the old ids.
   */
  readonly run: string;
  #counter = 0;
  #scheduledCounter = 0;
  readonly #listeners: ((event: TWorldEvent) => void)[] = [];

  constructor(channels: readonly string[] = ['general', 'random'], run = randomBytes(4).toString('hex')) {
    this.run = run;
    for (const channel of channels) this.addChannel(channel);
  }

  onEvent(listener: (event: TWorldEvent) => void): void {
    this.#listeners.push(listener);
  }

  #emit(event: TWorldEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  addChannel(channel: string): void {
    if (!this.channels.has(channel)) this.channels.set(channel, { topic: '' });
  }

  /** The id the core keeps for a message (or scheduled message) of this run. */
  coreId(id: string): string {
    return runScoped(id, this.run);
  }

  /** This run's id for a core id; an id from an earlier run is gone with its workspace. */
  localId(coreId: string, missing = 'message_not_found'): string {
    const id = inRun(coreId, this.run);
    if (id === undefined) throw new Error(missing);
    return id;
  }

  hasChannel(channel: string): boolean {
    return this.channels.has(channel);
  }

  /** Slack threads are one level deep: replying to a reply goes to the same thread. */
  threadRoot(ts: string): string | undefined {
    const message = this.messages.get(ts);
    return message ? (message.threadTs ?? message.ts) : undefined;
  }

  post(channel: string, user: string, message: TOutbound, at: Date, threadTs?: string): TLocalMessage {
    const root = threadTs === undefined ? undefined : this.threadRoot(threadTs);
    if (threadTs !== undefined && (!root || this.messages.get(root)?.channel !== channel)) {
      throw new Error('thread_not_found');
    }
    this.#counter += 1;
    const posted: TLocalMessage = {
      ts: `m${this.#counter}`,
      channel,
      user,
      threadTs: root,
      message,
      notified: addressedIn(message.body).map(nativeId),
      at,
      reactions: new Map(),
      pinned: false,
    };
    this.messages.set(posted.ts, posted);
    this.#emit({ type: 'posted', message: posted });
    return posted;
  }

  find(channel: string, ts: string): TLocalMessage {
    const message = this.messages.get(ts);
    if (!message || message.channel !== channel) throw new Error('message_not_found');
    return message;
  }

  update(channel: string, ts: string, message: TOutbound): void {
    const found = this.find(channel, ts);
    found.message = message;
    found.notified = addressedIn(message.body).map(nativeId);
    this.#emit({ type: 'updated', message: found });
  }

  remove(channel: string, ts: string): void {
    const found = this.find(channel, ts);
    this.messages.delete(ts);
    this.#emit({ type: 'deleted', message: found });
  }

  ephemeral(channel: string, user: string, message: TOutbound, threadTs?: string): void {
    this.#emit({ type: 'ephemeral', channel, user, threadTs, message });
  }

  react(channel: string, ts: string, user: string, emoji: string, added: boolean): void {
    const found = this.find(channel, ts);
    const users = found.reactions.get(emoji) ?? new Set<string>();
    if (added === users.has(user)) throw new Error(added ? 'already_reacted' : 'no_reaction');
    if (added) users.add(user);
    else users.delete(user);
    if (users.size > 0) found.reactions.set(emoji, users);
    else found.reactions.delete(emoji);
    this.#emit({ type: 'reaction', message: found, user, emoji, added });
  }

  pin(channel: string, ts: string, pinned: boolean): void {
    const found = this.find(channel, ts);
    if (found.pinned === pinned) throw new Error(pinned ? 'already_pinned' : 'no_pin');
    found.pinned = pinned;
    this.#emit({ type: 'pin', message: found, pinned });
  }

  topic(channel: string): string {
    const found = this.channels.get(channel);
    if (!found) throw new Error('channel_not_found');
    return found.topic;
  }

  setTopic(channel: string, topic: string, user: string): void {
    const found = this.channels.get(channel);
    if (!found) throw new Error('channel_not_found');
    found.topic = topic;
    this.#emit({ type: 'topic', channel, topic, user });
  }

  schedule(channel: string, message: TOutbound, postAt: Date, threadTs?: string): TScheduled {
    if (!this.channels.has(channel)) throw new Error('channel_not_found');
    this.#scheduledCounter += 1;
    const scheduled = { id: `s${this.#scheduledCounter}`, channel, threadTs, message, postAt };
    this.scheduled.set(scheduled.id, scheduled);
    this.#emit({ type: 'scheduled', scheduled });
    return scheduled;
  }

  unschedule(channel: string, id: string): void {
    const scheduled = this.scheduled.get(id);
    if (!scheduled || scheduled.channel !== channel) throw new Error('invalid_scheduled_message_id');
    this.scheduled.delete(id);
    this.#emit({ type: 'unscheduled', scheduled });
  }

  /** Posts the scheduled messages whose time has come (called on every tick). */
  deliverDue(now: Date): void {
    for (const scheduled of [...this.scheduled.values()].sort((a, b) => a.postAt.getTime() - b.postAt.getTime())) {
      if (scheduled.postAt.getTime() > now.getTime()) continue;
      this.scheduled.delete(scheduled.id);
      this.post(scheduled.channel, BOT_ID, scheduled.message, scheduled.postAt, scheduled.threadTs);
    }
  }
}
