import type { TKey } from '../identity.js';
import type { TMessageRef } from '../message-ref.js';
import type { TBlock, TDoc, TInline, TRich } from './rich-text.js';

// Builders, so that code writes sentences: rich`${mention(user)} asked ${quoted(text)}`. Every string that goes in
// becomes a text run (shown as it is); only the builders below make mentions, channel links and links.

export const text = (value: string): TInline => ({ type: 'text', text: value });
export const bold = (value: string): TInline => ({ type: 'text', text: value, style: 'bold' });
export const italic = (value: string): TInline => ({ type: 'text', text: value, style: 'italic' });
export const code = (value: string): TInline => ({ type: 'text', text: value, style: 'code' });
export const mention = (user: TKey): TInline => ({ type: 'mention', user });
export const person = (user: TKey): TInline => ({ type: 'person', user });
export const channelRef = (channel: TKey): TInline => ({ type: 'channel', channel });
export const link = (url: string, label: string): TInline => ({ type: 'link', url, label });
export const messageLink = (ref: TMessageRef, label: string): TInline => ({ type: 'message', ref, label });

/** Text someone else wrote, on one line and at most `max` characters, to be shown inert in quotation marks. */
export function quoted(value: string, max = 80): TInline {
  const flat = value.replace(/\s+/g, ' ').trim();
  return { type: 'quote', text: flat.length > max ? `${flat.slice(0, max - 1)}…` : flat };
}

export type TPart = string | number | TInline | TRich | undefined | false;

function isInline(part: unknown): part is TInline {
  return typeof part === 'object' && part !== null && !Array.isArray(part) && 'type' in part;
}

/** A sentence from a template: literal parts and interpolated strings are text; nodes and rich text are kept. */
export function rich(strings: TemplateStringsArray, ...values: TPart[]): TRich {
  const out: TRich = [];
  const push = (part: TPart) => {
    if (part === undefined || part === false || part === '') return;
    if (typeof part === 'string' || typeof part === 'number') {
      const last = out.at(-1);
      // Adjacent plain runs are merged, so the structure stays small and tests read naturally.
      if (last?.type === 'text' && !last.style) out[out.length - 1] = text(last.text + String(part));
      else out.push(text(String(part)));
    } else if (Array.isArray(part)) {
      for (const inline of part) push(inline.type === 'text' && !inline.style ? inline.text : inline);
    } else if (isInline(part)) {
      if (part.type === 'text' && !part.style) push(part.text);
      else out.push(part);
    }
  };
  strings.forEach((literal, i) => {
    push(literal);
    if (i < values.length) push(values[i]);
  });
  return out;
}

/** Joins pieces of rich text with a plain separator. */
export function joinRich(parts: readonly TRich[], separator: string): TRich {
  return parts.flatMap((part, i) => (i === 0 ? part : [text(separator), ...part]));
}

export const paragraph = (content: TRich): TBlock => ({ type: 'paragraph', content });
export const list = (items: TRich[]): TBlock => ({ type: 'list', items });
export const codeBlock = (value: string): TBlock => ({ type: 'code', text: value });

/** A message body: each rich line becomes a paragraph, blocks stay as they are. */
export function doc(...parts: (TRich | TBlock)[]): TDoc {
  return parts.map((part) => (Array.isArray(part) ? paragraph(part) : part));
}
