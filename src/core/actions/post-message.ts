import { z } from 'zod';
import { ZMessageRef } from '../chat-port.js';
import { defineAction, quote, ZChannel, ZMessage, ZMessageText } from './action-spec.js';

export const postMessage = defineAction({
  kind: 'post_message',
  title: 'Post a message',
  risk: 'low',
  reversible: true,
  params: z.object({ channel: ZChannel, text: ZMessageText, thread: ZMessage.optional() }),
  undoHandle: ZMessageRef,
  channelOf: (p) => p.channel,
  describe: (p, f) => `post ${p.thread ? 'in a thread in' : 'in'} ${f.channelLabel(p.channel)}: ${quote(p.text)}`,
  async run(p, { chat }) {
    const ref = await chat.post({ channel: p.channel, thread: p.thread }, { text: p.text });
    return { result: { summary: `posted in ${chat.channelLabel(p.channel)}`, ref }, undo: ref };
  },
  undo: (ref, { chat }) => chat.remove(ref),
});
