// Users and channels as people type them, in every platform's encoding: Slack escapes (<@U123|ann>, <#C1|general>),
// Teams' plain ids, and the local chat's @name / #name. Each becomes the platform id.

export function userId(token: string): string | undefined {
  const slack = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(token);
  if (slack) return slack[1];
  const plain = /^@?([\w.:-]+)$/.exec(token);
  return plain?.[1];
}

export function channelId(token: string): string | undefined {
  const slack = /^<#([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(token);
  if (slack) return slack[1];
  const plain = /^#?([\w.:@;-]+)$/.exec(token);
  return plain?.[1];
}

/** "in #channel" or "in here", anywhere among a command's words. */
export function takeChannel(words: string[], current: string): { words: string[]; channel?: string; error?: string } {
  const at = words.indexOf('in');
  if (at === -1) return { words };
  const token = words[at + 1];
  const channel = token === 'here' ? current : token ? channelId(token) : undefined;
  if (!channel || words.indexOf('in', at + 1) !== -1) return { words, error: 'expected one "in #channel"' };
  return { words: [...words.slice(0, at), ...words.slice(at + 2)], channel };
}
