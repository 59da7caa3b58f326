import { z } from 'zod';
import { ZMessageRef } from '../message-ref.js';
import { channelRef, rich } from '../text/build.js';
import { bodyOf, defineAction, findPosted, ZChannel, ZLongMessageBody } from './action-spec.js';

/** The weekly roundup: a message of its own kind, so a policy can let it run alone while other posts ask first. */
export const postRoundup = defineAction({
  kind: 'post_roundup',
  title: 'Post the weekly roundup',
  risk: 'low',
  reversible: true,
  params: z.object({
    channel: ZChannel,
    week: z.string().regex(/^\d{4}-W\d{2}$/),
    // The bot composes it (a document); a plain text is what version 0.1 stored.
    text: ZLongMessageBody,
  }),
  undoHandle: ZMessageRef,
  channelOf: (p) => p.channel,
  describe: (p) => rich`post the roundup of ${p.week} in ${channelRef(p.channel)}`,
  async run(p, { chat, entryId }) {
    const ref = await chat.post({ channel: p.channel }, { body: bodyOf(p.text), entryId });
    return { result: { summary: rich`roundup posted in ${channelRef(p.channel)}`, ref }, undo: ref };
  },
  undo: (ref, { chat }) => chat.remove(ref),
  recover: (p, io) =>
    findPosted(io, { channel: p.channel }, (ref) => ({
      summary: rich`roundup posted in ${channelRef(p.channel)}`,
      ref,
    })),
});
