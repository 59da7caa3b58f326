import type { TCard, TOutbound } from '../../core/chat-port.js';
import { nativeId, platformOf } from '../../core/identity.js';
import type { TMessageRef } from '../../core/message-ref.js';
import type { TDoc, TInline, TRich } from '../../core/text/rich-text.js';
import type { TCardData } from './activities.js';
import type { TeamsDirectory } from './directory.js';

// The core's document model as Teams messages (HTML, `textFormat: xml`, with mention entities) and Adaptive Cards
// (RichTextBlock and TextRun, which no client reads as markdown). Every text run is escaped, so nothing people or a
// model wrote becomes markup: only the bot's own mentions and links are.

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SAFE_URL = /^(?:https?:\/\/|mailto:)[^\s"<>]+$/;

export type TMentionEntity = { type: 'mention'; text: string; mentioned: { id: string; name: string } };
export type TTeamsMessage = { text: string; entities: TMentionEntity[] };

type TTextRun = {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  italic?: boolean;
  fontType?: 'Monospace';
  isSubtle?: boolean;
  size?: 'Medium';
  selectAction?: { type: 'Action.OpenUrl'; url: string };
};
export type TAdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const CARD_VERSION = '1.5';

export class TeamsRenderer {
  readonly #directory: TeamsDirectory;

  constructor(directory: TeamsDirectory) {
    this.#directory = directory;
  }

  /** A person's display name: the one Teams gave us, or a short form of the id. */
  async name(user: string, given?: string): Promise<string> {
    if (given) return given;
    if (platformOf(user) !== 'teams') return nativeId(user);
    return (await this.#directory.person(nativeId(user)))?.name ?? 'someone';
  }

  /** A conversation's name: the one Teams gave, or words for where it is. */
  async channel(channel: string, given?: string): Promise<string> {
    if (given) return `#${given}`;
    if (platformOf(channel) !== 'teams') return `#${nativeId(channel)}`;
    const known = await this.#directory.conversation(nativeId(channel));
    if (known?.name) return known.conversationType === 'channel' ? `#${known.name}` : known.name;
    if (known?.conversationType === 'personal') return 'our chat';
    return known?.conversationType === 'groupChat' ? 'this chat' : 'this channel';
  }

  /**
   * A link that opens a message in Teams (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams):
   * channel messages need their team's group id and tenant (known once the bot was added to the team), chat
   * messages only the chat.
   */
  async messageLink(ref: TMessageRef): Promise<string | undefined> {
    if (ref.platform !== 'teams' || platformOf(ref.conversation) !== 'teams') return undefined;
    const reference = await this.#directory.conversation(nativeId(ref.conversation));
    if (!reference) return undefined;
    const base = `https://teams.microsoft.com/l/message/${encodeURIComponent(reference.conversationId)}/${encodeURIComponent(ref.id)}`;
    if (reference.conversationType !== 'channel') {
      return `${base}?context=${encodeURIComponent(JSON.stringify({ contextType: 'chat' }))}`;
    }
    const group = reference.teamId ? await this.#directory.teamGroup(reference.teamId) : undefined;
    if (!group || !reference.tenantId) return undefined;
    const query = new URLSearchParams({
      tenantId: reference.tenantId,
      groupId: group,
      parentMessageId: ref.thread ?? ref.id,
      createdTime: ref.id,
    });
    return `${base}?${query}`;
  }

  async #html(node: TInline, entities: TMentionEntity[]): Promise<string> {
    switch (node.type) {
      case 'text': {
        const body = escapeHtml(node.text);
        if (!node.style || node.text.trim() === '') return body;
        const tag = { bold: 'b', italic: 'i', code: 'code' }[node.style];
        return `<${tag}>${body}</${tag}>`;
      }
      case 'mention': {
        const name = await this.name(node.user, node.name);
        const person =
          platformOf(node.user) === 'teams' ? await this.#directory.person(nativeId(node.user)) : undefined;
        if (!person) return `@${escapeHtml(name)}`;
        const text = `<at>${escapeHtml(name)}</at>`;
        entities.push({ type: 'mention', text, mentioned: { id: person.teamsId, name } });
        return text;
      }
      case 'person':
        return escapeHtml(`@${await this.name(node.user, node.name)}`);
      case 'channel':
        return escapeHtml(await this.channel(node.channel, node.name));
      case 'link':
        return SAFE_URL.test(node.url)
          ? `<a href="${escapeHtml(node.url)}">${escapeHtml(node.label)}</a>`
          : escapeHtml(`${node.label} (${node.url})`);
      case 'message': {
        const url = await this.messageLink(node.ref);
        return url ? `<a href="${escapeHtml(url)}">${escapeHtml(node.label)}</a>` : escapeHtml(node.label);
      }
      case 'quote':
        return `“${escapeHtml(node.text)}”`;
    }
  }

  async #line(content: TRich, entities: TMentionEntity[]): Promise<string> {
    let out = '';
    for (const node of content) out += await this.#html(node, entities);
    return out;
  }

  /** A document as a Teams HTML message with its mention entities. */
  async message(body: TDoc): Promise<TTeamsMessage> {
    const entities: TMentionEntity[] = [];
    const parts: string[] = [];
    for (const block of body) {
      if (block.type === 'paragraph') parts.push(`<p>${await this.#line(block.content, entities)}</p>`);
      else if (block.type === 'list') {
        const items: string[] = [];
        for (const item of block.items) items.push(`<li>${await this.#line(item, entities)}</li>`);
        parts.push(`<ul>${items.join('')}</ul>`);
      } else parts.push(`<pre>${escapeHtml(block.text)}</pre>`);
    }
    return { text: parts.join(''), entities };
  }

  /** Rich text without markup (notification previews, summaries): names for people, labels for links. */
  async plain(content: TRich): Promise<string> {
    let out = '';
    for (const node of content) {
      switch (node.type) {
        case 'text':
          out += node.text;
          break;
        case 'mention':
        case 'person':
          out += `@${await this.name(node.user, node.name)}`;
          break;
        case 'channel':
          out += await this.channel(node.channel, node.name);
          break;
        case 'link':
        case 'message':
          out += node.label;
          break;
        case 'quote':
          out += `“${node.text}”`;
      }
    }
    return out;
  }

  async #runs(content: TRich, extra: Partial<TTextRun> = {}): Promise<TTextRun[]> {
    const runs: TTextRun[] = [];
    for (const node of content) {
      if (node.type === 'text') {
        runs.push({
          type: 'TextRun',
          text: node.text,
          ...extra,
          ...(node.style === 'bold' ? { weight: 'Bolder' } : {}),
          ...(node.style === 'italic' ? { italic: true } : {}),
          ...(node.style === 'code' ? { fontType: 'Monospace' } : {}),
        });
      } else if (node.type === 'link' && SAFE_URL.test(node.url)) {
        runs.push({
          type: 'TextRun',
          text: node.label,
          ...extra,
          selectAction: { type: 'Action.OpenUrl', url: node.url },
        });
      } else if (node.type === 'message') {
        const url = await this.messageLink(node.ref);
        runs.push({
          type: 'TextRun',
          text: node.label,
          ...extra,
          ...(url ? { selectAction: { type: 'Action.OpenUrl' as const, url } } : {}),
        });
      } else {
        runs.push({ type: 'TextRun', text: await this.plain([node]), ...extra });
      }
    }
    return runs.filter((run) => run.text !== '');
  }

  async #block(content: TRich, extra: Partial<TTextRun> = {}, spacing?: 'Medium') {
    return { type: 'RichTextBlock', inlines: await this.#runs(content, extra), ...(spacing ? { spacing } : {}) };
  }

  /**
   * An Adaptive Card 1.5: the title, the body, the fields, the context line, and the buttons as Action.Execute
   * (universal actions) with an Action.Submit fallback for clients without them. A card with a Reject button has a
   * reason box. `deciders` (Teams ids) get the card refreshed when they open it, so their buttons act on what is
   * current.
   */
  async card(card: TCard, options: { deciders?: readonly string[] } = {}): Promise<TAdaptiveCard> {
    const body: unknown[] = [await this.#block(card.title, { weight: 'Bolder', size: 'Medium' })];
    for (const block of card.body) {
      if (block.type === 'paragraph') body.push(await this.#block(block.content));
      else if (block.type === 'list') {
        for (const item of block.items) body.push(await this.#block([{ type: 'text', text: '• ' }, ...item]));
      } else
        body.push({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: block.text, fontType: 'Monospace' }] });
    }
    for (const field of card.fields) {
      body.push(await this.#block([{ type: 'text', text: `${field.label}: `, style: 'bold' }, ...field.value]));
    }
    if (card.context) body.push(await this.#block(card.context, { isSubtle: true }, 'Medium'));
    const entryId = card.buttons[0]?.entryId;
    if (card.buttons.some((b) => b.action === 'reject')) {
      body.push({
        type: 'Input.Text',
        id: 'reason',
        placeholder: 'Reason for rejecting (optional)',
        maxLength: 500,
        isMultiline: false,
      });
    }
    const actions = card.buttons.map((button) => {
      const data: TCardData = {
        teammate: 1,
        action: button.action,
        entryId: button.entryId,
        ...(button.choice !== undefined ? { choice: button.choice } : {}),
      };
      const style = button.style === 'primary' ? 'positive' : button.style === 'danger' ? 'destructive' : undefined;
      return {
        type: 'Action.Execute',
        title: button.label,
        verb: button.action,
        data,
        ...(style ? { style } : {}),
        fallback: { type: 'Action.Submit', title: button.label, data },
      };
    });
    const deciders = (options.deciders ?? []).slice(0, 60);
    return {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: CARD_VERSION,
      ...(entryId !== undefined && deciders.length > 0
        ? {
            refresh: {
              action: { type: 'Action.Execute', verb: 'refresh', data: { teammate: 1, action: 'refresh', entryId } },
              userIds: deciders,
            },
          }
        : {}),
      body,
      actions,
    };
  }

  /** A message activity for an outbound message: the card as an attachment, or the HTML text with its mentions. */
  async activity(message: TOutbound, options: { deciders?: readonly string[] } = {}): Promise<Record<string, unknown>> {
    const { text, entities } = await this.message(message.body);
    if (!message.card) return { type: 'message', textFormat: 'xml', text, entities };
    return {
      type: 'message',
      // The summary is what notifications and the activity feed show.
      summary: (await Promise.all(message.body.map((b) => (b.type === 'paragraph' ? this.plain(b.content) : ''))))
        .join(' ')
        .slice(0, 250),
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: await this.card(message.card, options) },
      ],
    };
  }
}
