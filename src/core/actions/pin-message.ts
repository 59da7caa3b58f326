import { z } from 'zod';
import { capability } from '../capabilities.js';
import { channelRef, rich } from '../text/build.js';
import { defineAction, refOf, ZChannel, ZMessage } from './action-spec.js';

const ZTarget = z.object({ channel: ZChannel, messageId: ZMessage });

export const pinMessage = defineAction({
  kind: 'pin_message',
  title: 'Pin a message',
  risk: 'low',
  reversible: true,
  requires: ['pins'],
  params: ZTarget,
  undoHandle: ZTarget,
  channelOf: (p) => p.channel,
  describe: (p) => rich`pin a message in ${channelRef(p.channel)}`,
  async run(p, { chat }) {
    await capability(chat, 'pins').add(refOf(chat, p));
    return { result: { summary: rich`pinned a message in ${channelRef(p.channel)}` }, undo: p };
  },
  undo: (p, { chat }) => capability(chat, 'pins').remove(refOf(chat, p)),
});
