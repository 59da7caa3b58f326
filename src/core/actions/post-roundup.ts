import { z } from 'zod';
import { ZMessageRef } from '../chat-port.js';
import { defineAction, ZChannel } from './action-spec.js';

/** The weekly roundup: a message of its own kind, so a policy can let it run alone while other posts ask first. */
export const postRoundup = defineAction({
  kind: 'post_roundup',
  title: 'Post the weekly roundup',
  risk: 'low',
  reversible: true,
  params: z.object({
    channel: ZChannel,
    week: z.string().regex(/^\d{4}-W\d{2}$/),
    text: z.string().min(1).max(12_000),
  }),
  undoHandle: ZMessageRef,
  channelOf: (p) => p.channel,
  describe: (p, f) => `post the roundup of ${p.week} in ${f.channelLabel(p.channel)}`,
  async run(p, { chat }) {
    const ref = await chat.post({ channel: p.channel }, { text: p.text });
    return { result: { summary: `roundup posted in ${chat.channelLabel(p.channel)}`, ref }, undo: ref };
  },
  undo: (ref, { chat }) => chat.remove(ref),
});
