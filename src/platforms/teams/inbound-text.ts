import type { TKey } from '../../core/identity.js';
import type { TRich } from '../../core/text/rich-text.js';
import type { TEntity } from './activities.js';

// A Teams message's text, read at the edge. Mentions are found through the activity's mention entities (each names
// the exact `<at>…</at>` text it stands for and who it means), never by guessing from the text; the rest loses any
// HTML tags and entities, and becomes words.

const decode = (value: string) =>
  value
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export type TMentionTarget = { text: string; user: TKey; name?: string };

/** The mentions an activity's entities declare, each with the key of whom it means (from `resolve`). */
export function mentionTargets(entities: readonly TEntity[], resolve: (teamsId: string) => TKey): TMentionTarget[] {
  return entities.flatMap((entity) => {
    if (entity.type !== 'mention' || !entity.text || !entity.mentioned) return [];
    const name = entity.mentioned.name ?? decode(entity.text);
    return [{ text: entity.text, user: resolve(entity.mentioned.id), ...(name ? { name } : {}) }];
  });
}

/** A message's text and its mentions → the core's rich text. */
export function fromTeamsText(text: string, mentions: readonly TMentionTarget[]): TRich {
  const out: TRich = [];
  let rest = text;
  while (rest.length > 0) {
    // The earliest mention's text in what is left; each entity stands for one occurrence, in order.
    let next: { at: number; mention: TMentionTarget } | undefined;
    for (const mention of mentions) {
      const at = rest.indexOf(mention.text);
      if (at >= 0 && (!next || at < next.at)) next = { at, mention };
    }
    if (!next) break;
    if (next.at > 0) out.push({ type: 'text', text: decode(rest.slice(0, next.at)) });
    out.push({ type: 'mention', user: next.mention.user, ...(next.mention.name ? { name: next.mention.name } : {}) });
    rest = rest.slice(next.at + next.mention.text.length);
  }
  if (rest.length > 0) out.push({ type: 'text', text: decode(rest) });
  return out.filter((node) => node.type !== 'text' || node.text !== '');
}
