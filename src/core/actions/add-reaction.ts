import { z } from 'zod';
import { defineAction, refOf, ZChannel, ZEmoji, ZMessage } from './action-spec.js';

const ZTarget = z.object({ channel: ZChannel, messageId: ZMessage, emoji: ZEmoji });

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
    await chat.react(refOf(chat, p), p.emoji);
    return { result: { summary: `reacted with :${p.emoji}:` }, undo: p };
  },
  undo: (p, { chat }) => chat.unreact(refOf(chat, p), p.emoji),
});
