import { nativeId, platformOf } from '../../core/identity.js';
import type { TMessageRef } from '../../core/message-ref.js';
import type { TDoc, TInline, TRich } from '../../core/text/rich-text.js';
import type { SlackNames } from './names.js';

// The core's document model as Slack text. Every text run is escaped, so nothing written by people or by a model
// becomes a Slack token: only the bot's own mentions, channel links and links (with labels it chose) are markup.

/** Slack's three control characters, as entities. */
export const escapeSlack = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Broadcast words stay words: a word joiner after the @ keeps a client or a future default from reading "@here" as a
 * broadcast (the Web API's parse=none does not, but text people wrote must not depend on it).
 */
const inert = (value: string) => value.replace(/@(here|channel|everyone)\b/gi, '@\u2060$1');

/** Cuts text to Slack's limit for a field, marking the cut. */
export function fit(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

const SAFE_URL = /^(?:https?:\/\/|mailto:)[^\s|<>]+$/;

export class SlackRenderer {
  readonly #names: SlackNames;
  readonly #teamUrl?: string;

  constructor(names: SlackNames, teamUrl?: string) {
    this.#names = names;
    this.#teamUrl = teamUrl;
  }

  /** A link to a Slack message, when the workspace's URL is known. */
  permalink(ref: TMessageRef): string | undefined {
    if (!this.#teamUrl || ref.platform !== 'slack') return undefined;
    return `${this.#teamUrl.replace(/\/?$/, '/')}archives/${nativeId(ref.conversation)}/p${ref.id.replace('.', '')}`;
  }

  async #person(user: string, name?: string): Promise<string> {
    if (platformOf(user) !== 'slack') return `@${name ?? nativeId(user)}`;
    return `@${name ?? (await this.#names.user(nativeId(user)))}`;
  }

  async #channel(channel: string, name?: string): Promise<string> {
    if (platformOf(channel) !== 'slack') return `#${name ?? nativeId(channel)}`;
    return `#${name ?? (await this.#names.channel(nativeId(channel)))}`;
  }

  async #mrkdwn(node: TInline): Promise<string> {
    switch (node.type) {
      case 'text': {
        const body = escapeSlack(inert(node.text));
        if (!node.style || node.text.trim() === '') return body;
        const mark = { bold: '*', italic: '_', code: '`' }[node.style];
        // Emphasis must hug the text: "*Why:* " not "*Why: *".
        const [, lead = '', inner = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(body) ?? [];
        return `${lead}${mark}${inner}${mark}${trail}`;
      }
      case 'mention':
        return platformOf(node.user) === 'slack'
          ? `<@${nativeId(node.user)}>`
          : escapeSlack(await this.#person(node.user, node.name));
      case 'person':
        return escapeSlack(await this.#person(node.user, node.name));
      case 'channel':
        return platformOf(node.channel) === 'slack'
          ? `<#${nativeId(node.channel)}>`
          : escapeSlack(await this.#channel(node.channel, node.name));
      case 'link':
        return SAFE_URL.test(node.url)
          ? `<${node.url}|${escapeSlack(node.label)}>`
          : escapeSlack(`${node.label} (${node.url})`);
      case 'message': {
        const url = this.permalink(node.ref);
        return url ? `<${url}|${escapeSlack(node.label)}>` : escapeSlack(node.label);
      }
      case 'quote':
        return `“${escapeSlack(inert(node.text))}”`;
    }
  }

  /** Rich text as mrkdwn (message text, section and field text). */
  async mrkdwn(content: TRich): Promise<string> {
    return (await Promise.all(content.map((node) => this.#mrkdwn(node)))).join('');
  }

  /** A document as mrkdwn: paragraphs on their own lines, lists as bullets, code as a preformatted block. */
  async doc(body: TDoc): Promise<string> {
    const blocks = await Promise.all(
      body.map(async (block) => {
        if (block.type === 'paragraph') return this.mrkdwn(block.content);
        if (block.type === 'list')
          return (await Promise.all(block.items.map(async (item) => `• ${await this.mrkdwn(item)}`))).join('\n');
        return `\`\`\`\n${escapeSlack(block.text)}\`\`\``;
      }),
    );
    return blocks.join('\n');
  }

  /** Rich text for plain_text fields (headers, modal titles): names instead of mentions, no markup at all. */
  async plain(content: TRich): Promise<string> {
    const parts = await Promise.all(
      content.map(async (node) => {
        switch (node.type) {
          case 'text':
            return inert(node.text);
          case 'mention':
          case 'person':
            return this.#person(node.user, node.name);
          case 'channel':
            return this.#channel(node.channel, node.name);
          case 'link':
          case 'message':
            return node.label;
          case 'quote':
            return `“${inert(node.text)}”`;
        }
      }),
    );
    return parts.join('');
  }
}
