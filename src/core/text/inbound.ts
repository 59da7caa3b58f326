import type { TKey } from '../identity.js';
import { plainText } from './plain.js';
import type { TRich } from './rich-text.js';

// Reading what people wrote, as adapters parsed it: who it addresses, and what it says without the bot's name.

/** Whether the text mentions `user` anywhere. */
export function mentions(content: TRich, user: TKey): boolean {
  return content.some((node) => node.type === 'mention' && node.user === user);
}

/** Whether the text starts by addressing `user` ("@Teammate why …"). */
export function startsWithMention(content: TRich, user: TKey): boolean {
  const first = content.find((node) => node.type !== 'text' || node.text.trim() !== '');
  return first?.type === 'mention' && first.user === user;
}

/**
 * What the text says to `user`: the plain text with their mentions left out, other people and channels as keys
 * (`@slack:U1`, `#slack:C1`), so that what is said about them can name them back.
 */
export function saidTo(content: TRich, user: TKey): string {
  return plainText(
    content.filter((node) => !(node.type === 'mention' && node.user === user)),
    { keys: true },
  )
    .replace(/\s+/g, ' ')
    .trim();
}
