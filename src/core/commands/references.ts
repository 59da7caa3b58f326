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
