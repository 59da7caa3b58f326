import { z } from 'zod';
import { ZMessageRef } from '../chat-port.js';
import { ZKey } from '../identity.js';
import { defineAction, quote, ZMessageText } from './action-spec.js';

export const sendDm = defineAction({
  kind: 'send_dm',
  title: 'Send a direct message',
  risk: 'medium',
  reversible: true,
  params: z.object({ user: ZKey, text: ZMessageText }),
  undoHandle: ZMessageRef,
  describe: (p, f) => `send ${f.mention(p.user)} a direct message: ${quote(p.text)}`,
  async run(p, { chat }) {
    const ref = await chat.sendDm(p.user, { text: p.text });
    return { result: { summary: `sent ${chat.mention(p.user)} a direct message`, ref }, undo: ref };
  },
  undo: (ref, { chat }) => chat.remove(ref),
});
