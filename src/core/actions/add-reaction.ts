import { z } from 'zod';
import { defineAction, ZChannelId, ZEmoji, ZTs } from './action-spec.js';

const ZTarget = z.object({ channel: ZChannelId, ts: ZTs, emoji: ZEmoji });

export const addReaction = defineAction({
  kind: 'add_reaction',
  title: 'Add a reaction',
  risk: 'low',
  reversible: true,
  params: ZTarget,
  undoHandle: ZTarget,
  channelOf: (p) => p.channel,
  describe: (p, f) => `react with :${p.emoji}: to a message in ${f.channelLabel(p.channel)}`,
  async run(p, { chat }) {
    await chat.react({ channel: p.channel, ts: p.ts }, p.emoji);
    return { result: { summary: `reacted with :${p.emoji}:` }, undo: p };
  },
  undo: (p, { chat }) => chat.unreact({ channel: p.channel, ts: p.ts }, p.emoji),
});
