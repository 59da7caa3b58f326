import { toKey } from '../../core/identity.js';
import type { TInline, TRich } from '../../core/text/rich-text.js';

// Slack's message markup, read at the edge: https://docs.slack.dev/messaging/formatting-message-text. People and
// channels become the core's nodes, links keep their label as the author wrote it (shown later as "label (url)"),
// and broadcasts, user groups and dates become the words a person sees. The core never reads these escapes.

const unescapeSlack = (value: string) => value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const TOKEN = /<([^<>]*)>/g;

function token(inner: string): TInline {
  const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
  const named = label ? { name: unescapeSlack(label).replace(/^[@#]/, '') } : {};
  if (/^@[UW][A-Z0-9]+$/.test(target)) return { type: 'mention', user: toKey('slack', target.slice(1)), ...named };
  if (/^#[CGD][A-Z0-9]+$/.test(target)) return { type: 'channel', channel: toKey('slack', target.slice(1)), ...named };
  if (target.startsWith('!')) {
    // <!here>, <!channel>, <!everyone>, <!subteam^S1|@team>, <!date^…|fallback>: what the reader sees, as words.
    const word = label ? unescapeSlack(label) : `@${target.slice(1).split('^')[0]}`;
    return { type: 'text', text: word };
  }
  if (/^(?:https?|mailto):/.test(target)) {
    const url = unescapeSlack(target);
    return { type: 'link', url, label: label ? unescapeSlack(label) : url };
  }
  return { type: 'text', text: unescapeSlack(`<${inner}>`) };
}

/** A message's text as Slack sends it → the core's rich text. */
export function fromSlackText(text: string): TRich {
  const out: TRich = [];
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > at) out.push({ type: 'text', text: unescapeSlack(text.slice(at, match.index)) });
    out.push(token(match[1] ?? ''));
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ type: 'text', text: unescapeSlack(text.slice(at)) });
  return out;
}

/**
 * A slash command's text (escaped by Slack, as the manifests ask) → the command text the core's grammar reads:
 * people and channels as `@<key>` and `#<key>`, links as their URL.
 */
export function commandText(text: string): string {
  return fromSlackText(text)
    .map((node) => {
      switch (node.type) {
        case 'mention':
          return `@${node.user}`;
        case 'channel':
          return `#${node.channel}`;
        case 'link':
          return node.url;
        default:
          return node.type === 'text' ? node.text : '';
      }
    })
    .join('');
}
