import type { KnownBlock, MessageMetadata, View } from '@slack/types';
import { type TButton, type TCard, type THomeBlock, type TOutbound, ZButtonValue } from '../../core/chat-port.js';
import { shortId } from '../../core/ledger-entry.js';
import type { TRich } from '../../core/text/rich-text.js';
import { fit, type SlackRenderer } from './render.js';

// Block Kit for the core's neutral cards. Limits from Slack's reference: header 150 characters, section text
// 3,000, a field 2,000 and 10 fields, button text 75, a button value 2,000, 50 blocks a message, 100 a home tab.

export const ACTION_PREFIX = 'teammate_';
export const REJECT_VIEW = 'teammate_reject';

const mrkdwnText = (text: string, max = 3000) => ({ type: 'mrkdwn' as const, text: fit(text, max) });
const plainText = (text: string, max: number) => ({ type: 'plain_text' as const, text: fit(text, max), emoji: true });

function button(b: TButton) {
  return {
    type: 'button' as const,
    // Unique within the message, as Slack requires: a question's choices are one action each.
    action_id: `${ACTION_PREFIX}${b.action}${b.choice !== undefined ? `_${b.choice}` : ''}`,
    text: plainText(b.label, 75),
    value: JSON.stringify(ZButtonValue.parse({ action: b.action, entryId: b.entryId, choice: b.choice })),
    ...(b.style ? { style: b.style } : {}),
    ...(b.action === 'undo' ? { confirm: confirmUndo(b.entryId) } : {}),
  };
}

function confirmUndo(entryId: number) {
  return {
    title: { type: 'plain_text' as const, text: `Undo ${shortId(entryId)}?` },
    text: { type: 'mrkdwn' as const, text: 'I will run the inverse of this action and record that you asked.' },
    confirm: { type: 'plain_text' as const, text: 'Undo' },
    deny: { type: 'plain_text' as const, text: 'Keep it' },
  };
}

/** A card as blocks: header, body, fields, context and buttons (block ids carry the entry, unique per view). */
export async function cardBlocks(card: TCard, render: SlackRenderer, key: string): Promise<KnownBlock[]> {
  const blocks: KnownBlock[] = [{ type: 'header', text: plainText(await render.plain(card.title), 150) }];
  if (card.body.length > 0) blocks.push({ type: 'section', text: mrkdwnText(await render.doc(card.body)) });
  if (card.fields.length > 0) {
    const field = async (f: { label: string; value: TRich }) =>
      mrkdwnText(`*${f.label}*\n${await render.mrkdwn(f.value)}`, 2000);
    blocks.push({ type: 'section', fields: await Promise.all(card.fields.slice(0, 10).map(field)) });
  }
  if (card.context) blocks.push({ type: 'context', elements: [mrkdwnText(await render.mrkdwn(card.context))] });
  if (card.buttons.length > 0) {
    blocks.push({ type: 'actions', block_id: `${key}_actions`, elements: card.buttons.map(button) });
  }
  return blocks;
}

/** What chat.postMessage / chat.update get: the text (also the notification fallback) and the blocks. */
export async function messageArgs(
  message: TOutbound,
  render: SlackRenderer,
): Promise<{ text: string; blocks?: KnownBlock[]; metadata?: MessageMetadata }> {
  const text = fit(await render.doc(message.body), 4000);
  // The ledger entry a message carries out travels with it, for findOwn after a crash.
  const metadata =
    message.entryId === undefined
      ? {}
      : { metadata: { event_type: TEAMMATE_ACTION, event_payload: { entry_id: message.entryId } } };
  if (!message.card) return { text, ...metadata };
  const entryKey = message.card.buttons[0] ? `entry_${message.card.buttons[0].entryId}` : 'card';
  return { text, blocks: await cardBlocks(message.card, render, entryKey), ...metadata };
}

/** The event type of the metadata on messages that carry out a ledger entry. */
export const TEAMMATE_ACTION = 'teammate_action';

/** The App Home tab. */
export async function homeView(home: readonly THomeBlock[], render: SlackRenderer): Promise<View> {
  const blocks: KnownBlock[] = [];
  for (const [i, block] of home.entries()) {
    if (block.kind === 'header') blocks.push({ type: 'header', text: plainText(block.text, 150) });
    else if (block.kind === 'divider') blocks.push({ type: 'divider' });
    else if (block.kind === 'text') blocks.push({ type: 'section', text: mrkdwnText(await render.doc(block.body)) });
    else blocks.push(...(await cardBlocks(block.card, render, `home_${i}`)));
  }
  if (blocks.length > 100) {
    blocks.length = 99;
    blocks.push({ type: 'context', elements: [mrkdwnText('More in `/teammate status`.')] });
  }
  return { type: 'home', blocks };
}

/** The form a Reject click opens: an optional reason, which goes to the ledger. No origin channel: App Home. */
export function rejectView(entryId: number, origin: { channel?: string; threadTs?: string }, title?: string): View {
  return {
    type: 'modal',
    callback_id: REJECT_VIEW,
    private_metadata: JSON.stringify({ entryId, ...origin }),
    title: { type: 'plain_text', text: `Reject ${shortId(entryId)}` },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: plainText(title ? `${title}\nNothing will be done.` : 'Nothing will be done.', 3000) },
      {
        type: 'input',
        block_id: 'reason',
        optional: true,
        label: { type: 'plain_text', text: 'Why not? (kept in the ledger, so I learn)' },
        element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500 },
      },
    ],
  };
}
