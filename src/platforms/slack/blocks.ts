import type { KnownBlock, View } from '@slack/types';
import { type TButton, type TCard, type THomeBlock, type TOutbound, ZButtonValue } from '../../core/chat-port.js';
import { shortId } from '../../core/ledger-entry.js';
import { fit, mrkdwnToPlain, toSlackMrkdwn } from './markup.js';
import type { SlackNames } from './names.js';

// Block Kit for the core's neutral cards. Limits from Slack's reference: header 150 characters, section text
// 3,000, a field 2,000 and 10 fields, button text 75, a button value 2,000, 50 blocks a message, 100 a home tab.

export const ACTION_PREFIX = 'teammate_';
export const REJECT_VIEW = 'teammate_reject';

const mrkdwn = (text: string, max = 3000) => ({ type: 'mrkdwn' as const, text: fit(toSlackMrkdwn(text), max) });
const plain = async (text: string, names: SlackNames, max: number) => ({
  type: 'plain_text' as const,
  text: fit(mrkdwnToPlain(await names.resolve(text)), max),
  emoji: true,
});

function button(b: TButton) {
  return {
    type: 'button' as const,
    action_id: `${ACTION_PREFIX}${b.action}`,
    text: { type: 'plain_text' as const, text: fit(b.label, 75), emoji: true },
    value: JSON.stringify(ZButtonValue.parse({ action: b.action, entryId: b.entryId })),
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

/** A card as blocks: header, lines, fields, context and buttons (block ids carry the entry, unique per view). */
export async function cardBlocks(card: TCard, names: SlackNames, key: string): Promise<KnownBlock[]> {
  const blocks: KnownBlock[] = [{ type: 'header', text: await plain(card.title, names, 150) }];
  if (card.lines.length > 0) blocks.push({ type: 'section', text: mrkdwn(card.lines.join('\n')) });
  if (card.fields.length > 0) {
    blocks.push({
      type: 'section',
      fields: card.fields.slice(0, 10).map((f) => mrkdwn(`*${f.label}*\n${f.value}`, 2000)),
    });
  }
  if (card.context) blocks.push({ type: 'context', elements: [mrkdwn(card.context)] });
  if (card.buttons.length > 0) {
    blocks.push({ type: 'actions', block_id: `${key}_actions`, elements: card.buttons.map(button) });
  }
  return blocks;
}

/** What chat.postMessage / chat.update get: the text (also the notification fallback) and the blocks. */
export async function messageArgs(
  message: TOutbound,
  names: SlackNames,
): Promise<{ text: string; blocks?: KnownBlock[] }> {
  const text = fit(toSlackMrkdwn(message.text), 4000);
  if (!message.card) return { text };
  const entryKey = message.card.buttons[0] ? `entry_${message.card.buttons[0].entryId}` : 'card';
  return { text, blocks: await cardBlocks(message.card, names, entryKey) };
}

/** The App Home tab. */
export async function homeView(home: readonly THomeBlock[], names: SlackNames): Promise<View> {
  const blocks: KnownBlock[] = [];
  for (const [i, block] of home.entries()) {
    if (block.kind === 'header') blocks.push({ type: 'header', text: await plain(block.text, names, 150) });
    else if (block.kind === 'divider') blocks.push({ type: 'divider' });
    else if (block.kind === 'text') blocks.push({ type: 'section', text: mrkdwn(block.text) });
    else blocks.push(...(await cardBlocks(block.card, names, `home_${i}`)));
  }
  if (blocks.length > 100) {
    blocks.length = 99;
    blocks.push({ type: 'context', elements: [mrkdwn('More in `/teammate status`.')] });
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
      { type: 'section', text: mrkdwn(title ? `*${title}*\nNothing will be done.` : 'Nothing will be done.') },
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
