import { z } from 'zod';
import { defineAction, refOf, ZChannel, ZMessage } from './action-spec.js';

const ZTarget = z.object({ channel: ZChannel, messageId: ZMessage });

export const pinMessage = defineAction({
  kind: 'pin_message',
  title: 'Pin a message',
  risk: 'low',
  reversible: true,
  params: ZTarget,
  undoHandle: ZTarget,
  channelOf: (p) => p.channel,
  describe: (p, f) => `pin a message in ${f.channelLabel(p.channel)}`,
  async run(p, { chat }) {
    await chat.pin(refOf(chat, p));
    return { result: { summary: `pinned a message in ${chat.channelLabel(p.channel)}` }, undo: p };
  },
  undo: (p, { chat }) => chat.unpin(refOf(chat, p)),
});
