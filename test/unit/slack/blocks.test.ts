import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebClient } from '@slack/web-api';
import type { TCard } from '../../../src/core/chat-port.js';
import { silentLogger } from '../../../src/core/logger.js';
import { doc, rich } from '../../../src/core/text/build.js';
import { cardBlocks, homeView, messageArgs } from '../../../src/platforms/slack/blocks.js';
import { SlackNames } from '../../../src/platforms/slack/names.js';
import { SlackRenderer } from '../../../src/platforms/slack/render.js';

/** A WebClient double for name lookups only: counts calls, answers like users.info / conversations.info. */
function rendererWith(calls: string[], fail = false): SlackRenderer {
  const client = {
    users: {
      async info({ user }: { user: string }) {
        calls.push(user);
        if (fail) throw new Error('down');
        return { ok: true, user: { name: `name-of-${user}`, profile: { display_name: '' } } };
      },
    },
    conversations: {
      async info({ channel }: { channel: string }) {
        calls.push(channel);
        return { ok: true, channel: { name: 'general' } };
      },
    },
  };
  return new SlackRenderer(new SlackNames(client as unknown as WebClient, silentLogger), 'https://t.slack.com/');
}

const card = (over: Partial<TCard> = {}): TCard => ({
  title: [
    { type: 'text', text: 'A-7 · Approval needed: post in ' },
    { type: 'channel', channel: 'slack:C1' },
    { type: 'text', text: ': ' },
    { type: 'quote', text: '@U1 asked…' },
  ],
  body: doc([
    { type: 'text', text: 'Why:', style: 'bold' },
    { type: 'text', text: ' because' },
  ]),
  fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: rich`${'x'.repeat(2500)}` })),
  buttons: [
    { label: 'Approve', action: 'approve', entryId: 7, style: 'primary' },
    { label: 'Undo', action: 'undo', entryId: 7, style: 'danger' },
  ],
  context: rich`ctx`,
  ...over,
});

describe('Block Kit', () => {
  it('renders a card within Slack’s limits, names resolved in plain text, buttons carrying their value', async () => {
    const calls: string[] = [];
    const blocks = (await cardBlocks(
      card({
        title: [
          { type: 'text', text: 'T'.repeat(200) },
          { type: 'person', user: 'slack:U1' },
        ],
      }),
      rendererWith(calls),
      'entry_7',
    )) as unknown as Record<string, unknown>[];
    assert.equal(blocks[0]?.type, 'header');
    assert.equal((blocks[0] as unknown as { text: { text: string } }).text.text.length, 150);
    assert.equal((blocks[1] as unknown as { text: { text: string } }).text.text, '*Why:* because');
    const fields = (blocks[2] as unknown as { fields: { text: string }[] }).fields;
    assert.equal(fields.length, 10);
    assert.ok(fields.every((f) => f.text.length <= 2000));
    const actions = blocks.at(-1) as unknown as {
      block_id: string;
      elements: { action_id: string; value: string; confirm?: unknown }[];
    };
    assert.equal(actions.block_id, 'entry_7_actions');
    assert.deepEqual(
      actions.elements.map((e) => [e.action_id, JSON.parse(e.value)]),
      [
        ['teammate_approve', { action: 'approve', entryId: 7 }],
        ['teammate_undo', { action: 'undo', entryId: 7 }],
      ],
    );
    assert.ok(actions.elements[1]?.confirm, 'Undo asks to confirm');
    const header = await cardBlocks(card(), rendererWith(calls), 'k');
    assert.equal(
      (header[0] as { text: { text: string } }).text.text,
      'A-7 · Approval needed: post in #general: “@U1 asked…”',
    );
  });

  it('names people without notifying them, caches names, and falls back to the id when Slack does not answer', async () => {
    const calls: string[] = [];
    const render = rendererWith(calls);
    const line = rich`${{ type: 'mention', user: 'slack:U1' }} and ${{ type: 'person', user: 'slack:U1' }} and ${{ type: 'person', user: 'slack:U2', name: 'ann' }}`;
    assert.equal(await render.mrkdwn(line), '<@U1> and @name-of-U1 and @ann');
    await render.mrkdwn(line);
    assert.deepEqual(calls, ['U1'], 'one lookup, cached');
    assert.equal(await rendererWith([], true).plain([{ type: 'person', user: 'slack:U9' }]), '@U9');
    assert.equal(
      await render.mrkdwn([{ type: 'person', user: 'teams:29:1a' }]),
      '@29:1a',
      'someone on another platform is named, never sent to Slack as a mention',
    );
  });

  it('sends the text escaped for notifications, blocks only for cards', async () => {
    const render = rendererWith([]);
    assert.deepEqual(await messageArgs({ body: doc(rich`a <b> & c`) }, render), { text: 'a &lt;b&gt; &amp; c' });
    assert.ok((await messageArgs({ body: doc(rich`t`), card: card() }, render)).blocks);
  });

  it('keeps App Home within 100 blocks', async () => {
    const home = await homeView(
      Array.from({ length: 30 }, () => ({ kind: 'card' as const, card: card({ fields: [] }) })),
      rendererWith([]),
    );
    assert.equal(home.blocks.length, 100);
    assert.equal(home.blocks.at(-1)?.type, 'context');
  });
});
