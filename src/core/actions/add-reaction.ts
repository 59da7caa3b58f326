import { z } from 'zod';
import { capability } from '../capabilities.js';
import { channelRef, rich } from '../text/build.js';
import { defineAction, refOf, ZChannel, ZEmoji, ZMessage } from './action-spec.js';

const ZTarget = z.object({ channel: ZChannel, messageId: ZMessage, emoji: ZEmoji });

export const addReaction = defineAction({
  kind: 'add_reaction',
  title: 'Add a reaction',
  risk: 'low',
  reversible: true,
  requires: ['reactions'],
  params: ZTarget,
  undoHandle: ZTarget,
  channelOf: (p) => p.channel,
  describe: (p) => rich`react with :${p.emoji}: to a message in ${channelRef(p.channel)}`,
  async run(p, { chat }) {
    await capability(chat, 'reactions').add(refOf(chat, p), p.emoji);
    return { result: { summary: rich`reacted with :${p.emoji}:` }, undo: p };
  },
  undo: (p, { chat }) => capability(chat, 'reactions').remove(refOf(chat, p), p.emoji),
});
