import { nativeId } from '../identity.js';
import type { TDoc, TInline, TRich } from './rich-text.js';

// Rich text as plain text: for the language model, for storing what people said, for matching words. People and
// channels show as @name and #name, links as "label (url)", so no label hides where a link goes.

/** `keys`: people and channels as their keys (`@slack:U1`, `#slack:C1`), for a reader that must name them back. */
type TPlainOptions = { keys?: boolean };

function inline(node: TInline, options: TPlainOptions): string {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'mention':
    case 'person':
      return `@${options.keys ? node.user : (node.name ?? nativeId(node.user))}`;
    case 'channel':
      return `#${options.keys ? node.channel : (node.name ?? nativeId(node.channel))}`;
    case 'link':
      return node.label === node.url ? node.url : `${node.label} (${node.url})`;
    case 'message':
      return node.label;
    case 'quote':
      return `“${node.text}”`;
  }
}

export function plainText(content: TRich, options: TPlainOptions = {}): string {
  return content.map((node) => inline(node, options)).join('');
}

export function plainDoc(body: TDoc): string {
  return body
    .map((block) => {
      if (block.type === 'paragraph') return plainText(block.content);
      if (block.type === 'list') return block.items.map((item) => `• ${plainText(item)}`).join('\n');
      return block.text;
    })
    .join('\n');
}

/** The people a message addresses by mention (whom it notifies), each once. */
export function addressedIn(body: TDoc): string[] {
  const users = body.flatMap((block) =>
    (block.type === 'paragraph' ? [block.content] : block.type === 'list' ? block.items : []).flatMap((content) =>
      content.flatMap((node) => (node.type === 'mention' ? [node.user] : [])),
    ),
  );
  return [...new Set(users)];
}
