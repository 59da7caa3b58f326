import { platformOf, qualify, type TKey } from '../identity.js';

// Users and channels in a command: a key (`@slack:U123`, `#slack:C1`, as adapters write the ones people picked), or
// the platform's own id or name as typed (`@bob`, `#general`), read on the platform of the channel the command was
// typed in. No platform's markup is read here: adapters turn theirs into keys first.

export function userKey(token: string, current: TKey): TKey | undefined {
  const plain = /^@?([\w.:-]+)$/.exec(token);
  return plain?.[1] ? qualify(plain[1], platformOf(current)) : undefined;
}

export function channelKey(token: string, current: TKey): TKey | undefined {
  const plain = /^#?([\w.:@;-]+)$/.exec(token);
  return plain?.[1] ? qualify(plain[1], platformOf(current)) : undefined;
}

/** "in #channel" or "in here", anywhere among a command's words. */
export function takeChannel(words: string[], current: TKey): { words: string[]; channel?: TKey; error?: string } {
  const at = words.indexOf('in');
  if (at === -1) return { words };
  const token = words[at + 1];
  const channel = token === 'here' ? current : token ? channelKey(token, current) : undefined;
  if (!channel || words.indexOf('in', at + 1) !== -1) return { words, error: 'expected one "in #channel"' };
  return { words: [...words.slice(0, at), ...words.slice(at + 2)], channel };
}
