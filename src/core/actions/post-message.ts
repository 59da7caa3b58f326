import { z } from 'zod';
import { ZMessageRef } from '../message-ref.js';
import { channelRef, rich } from '../text/build.js';
import { bodyOf, defineAction, excerpt, findPosted, ZChannel, ZMessage, ZMessageBody } from './action-spec.js';

export const postMessage = defineAction({
  kind: 'post_message',
  title: 'Post a message',
  risk: 'low',
  reversible: true,
  params: z.object({ channel: ZChannel, text: ZMessageBody, thread: ZMessage.optional() }),
  undoHandle: ZMessageRef,
  channelOf: (p) => p.channel,
  describe: (p) => rich`post ${p.thread ? 'in a thread in' : 'in'} ${channelRef(p.channel)}: ${excerpt(p.text)}`,
  async run(p, { chat, entryId }) {
    const ref = await chat.post({ channel: p.channel, thread: p.thread }, { body: bodyOf(p.text), entryId });
    return { result: { summary: rich`posted in ${channelRef(p.channel)}`, ref }, undo: ref };
  },
  undo: (ref, { chat }) => chat.remove(ref),
  recover: (p, io) =>
    findPosted(io, { channel: p.channel, thread: p.thread }, (ref) => ({
      summary: rich`posted in ${channelRef(p.channel)}`,
      ref,
    })),
});
