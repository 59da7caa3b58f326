import { z } from 'zod';
import { defineAction, ZChannelId, ZTs } from './action-spec.js';

const ZTarget = z.object({ channel: ZChannelId, ts: ZTs });

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
    await chat.pin(p);
    return { result: { summary: `pinned a message in ${chat.channelLabel(p.channel)}` }, undo: p };
  },
  undo: (p, { chat }) => chat.unpin(p),
});
