import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebClient } from '@slack/web-api';
import type { TCard } from '../../../src/core/chat-port.js';
import { silentLogger } from '../../../src/core/logger.js';
import { cardBlocks, homeView, messageArgs } from '../../../src/platforms/slack/blocks.js';
import { SlackNames } from '../../../src/platforms/slack/names.js';

/** A WebClient double for name lookups only: counts calls, answers like users.info / conversations.info. */
function namesWith(calls: string[], fail = false): SlackNames {
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
  return new SlackNames(client as unknown as WebClient, silentLogger);
}

const card = (over: Partial<TCard> = {}): TCard => ({
  title: 'A-7 · Approval needed: post in <#C1>: “<@U1> asked…”',
  lines: ['*Why:* because'],
  fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: 'x'.repeat(2500) })),
  buttons: [
    { label: 'Approve', action: 'approve', entryId: 7, style: 'primary' },
    { label: 'Undo', action: 'undo', entryId: 7, style: 'danger' },
  ],
  context: 'ctx',
  ...over,
});

describe('Block Kit', () => {
  it('renders a card within Slack’s limits, names resolved in plain text, buttons carrying their value', async () => {
    const calls: string[] = [];
    const blocks = (await cardBlocks(
      card({ title: `${'T'.repeat(200)} <@U1>` }),
      namesWith(calls),
      'entry_7',
    )) as unknown as Record<string, unknown>[];
    assert.equal(blocks[0]?.type, 'header');
    assert.equal((blocks[0] as unknown as { text: { text: string } }).text.text.length, 150);
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
    const header = await cardBlocks(card(), namesWith(calls), 'k');
    assert.equal(
      (header[0] as { text: { text: string } }).text.text,
      'A-7 · Approval needed: post in #general: “@name-of-U1 asked…”',
    );
  });

  it('caches names and falls back to the id when Slack does not answer', async () => {
    const calls: string[] = [];
    const names = namesWith(calls);
    assert.equal(await names.resolve('<@U1> and <@U1> and <@U2|ann>'), '@name-of-U1 and @name-of-U1 and @ann');
    await names.resolve('<@U1>');
    assert.deepEqual(calls, ['U1']);
    assert.equal(await namesWith([], true).resolve('<@U9>'), '@U9');
  });

  it('sends the text escaped for notifications, blocks only for cards', async () => {
    const names = namesWith([]);
    assert.deepEqual(await messageArgs({ text: 'a <b> & c' }, names), { text: 'a &lt;b&gt; &amp; c' });
    assert.ok((await messageArgs({ text: 't', card: card() }, names)).blocks);
  });

  it('keeps App Home within 100 blocks', async () => {
    const home = await homeView(
      Array.from({ length: 30 }, () => ({ kind: 'card' as const, card: card({ fields: [] }) })),
      namesWith([]),
    );
    assert.equal(home.blocks.length, 100);
    assert.equal(home.blocks.at(-1)?.type, 'context');
  });
});
