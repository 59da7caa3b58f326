import { nativeId } from '../../core/identity.js';
import { plainText } from '../../core/text/plain.js';
import type { TDoc, TInline, TRich } from '../../core/text/rich-text.js';
import { channelLabel, inRun } from './world.js';

// The document model in a terminal: people as @name, channels as #name, links as "label (url)", quoted text in
// quotation marks; bold in colour where the terminal has it.

/** color: bold in colour; run: the workspace's run, whose message ids are shown short (m3, not m3@k7f2qa). */
export type TStyle = { color: boolean; run?: string };
export const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;

function inline(node: TInline, style: TStyle): string {
  switch (node.type) {
    case 'text':
      if (node.style === 'bold' && style.color) return ansi(1)(node.text);
      return node.style === 'code' ? `\`${node.text}\`` : node.text;
    case 'channel':
      return channelLabel(nativeId(node.channel));
    case 'message':
      return `${node.label} (local://${nativeId(node.ref.conversation)}/${(style.run && inRun(node.ref.id, style.run)) ?? node.ref.id})`;
    default:
      return plainText([node]);
  }
}

export function renderText(content: TRich, style: TStyle): string {
  return content.map((node) => inline(node, style)).join('');
}

/** A document as lines of text. */
export function renderDoc(body: TDoc, style: TStyle): string[] {
  return body.flatMap((block) => {
    if (block.type === 'paragraph') return renderText(block.content, style).split('\n');
    if (block.type === 'list') return block.items.map((item) => `• ${renderText(item, style)}`);
    return ['```', ...block.text.replace(/\n$/, '').split('\n'), '```'];
  });
}

/** What a person types, read as the local chat's own markup: `@name` mentions someone, `#name` names a channel. */
export function fromLocalText(text: string): TRich {
  const out: TRich = [];
  let at = 0;
  for (const match of text.matchAll(/(^|[\s(])([@#])([A-Za-z](?:[\w.-]*\w)?)/g)) {
    const start = match.index + (match[1]?.length ?? 0);
    if (start > at) out.push({ type: 'text', text: text.slice(at, start) });
    const name = match[3] ?? '';
    out.push(
      match[2] === '@'
        ? { type: 'mention', user: `local:${name}`, name }
        : { type: 'channel', channel: `local:${name}`, name },
    );
    at = start + 1 + name.length;
  }
  if (at < text.length) out.push({ type: 'text', text: text.slice(at) });
  return out;
}
