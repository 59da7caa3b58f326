import type { ChatPort } from './chat-port.js';
import { AppError, AppErrorCode } from './errors.js';

/** What a chat platform can do beyond posting, updating, deleting and direct messages. */
export type TCapability = 'reactions' | 'pins' | 'topic' | 'scheduling' | 'home' | 'history';

/** Each capability in words, for refusals and the policy table: "local-lite has no pinned messages". */
export const capabilityWords: Record<TCapability, string> = {
  reactions: 'reactions',
  pins: 'pinned messages',
  topic: 'channel topics',
  scheduling: 'scheduled messages',
  home: 'a home screen',
  history: 'readable history',
};

/** What a port can do, read from what it implements: a port cannot claim a capability it has no code for. */
export function capabilitiesOf(chat: ChatPort): ReadonlySet<TCapability> {
  const all: [TCapability, unknown][] = [
    ['reactions', chat.reactions],
    ['pins', chat.pins],
    ['topic', chat.topic],
    ['scheduling', chat.scheduling],
    ['home', chat.home],
    ['history', chat.history],
  ];
  return new Set(all.filter(([, implemented]) => implemented !== undefined).map(([name]) => name));
}

/** The capabilities `needed` that `chat` lacks. */
export function missingCapabilities(chat: ChatPort, needed: readonly TCapability[]): TCapability[] {
  const has = capabilitiesOf(chat);
  return needed.filter((c) => !has.has(c));
}

type TPart = 'reactions' | 'pins' | 'topic' | 'scheduling' | 'home';

/**
 * The part of a port an action needs. Proposals for a platform without it are refused when they are made (submit
 * checks `requires`), so failing here means an entry outlived a change of platform; it says so instead of doing nothing.
 */
export function capability<K extends TPart>(chat: ChatPort, part: K): NonNullable<ChatPort[K]> {
  const found = chat[part];
  if (!found) {
    throw new AppError(AppErrorCode.chat, {
      message: `${chat.platform} has no ${capabilityWords[part]}`,
    });
  }
  return found as NonNullable<ChatPort[K]>;
}
