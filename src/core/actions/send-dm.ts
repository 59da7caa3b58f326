import { z } from 'zod';
import { ZKey } from '../identity.js';
import { ZMessageRef } from '../message-ref.js';
import { person, rich } from '../text/build.js';
import { bodyOf, defineAction, excerpt, findPosted, ZMessageBody } from './action-spec.js';

export const sendDm = defineAction({
  kind: 'send_dm',
  title: 'Send a direct message',
  risk: 'medium',
  reversible: true,
  params: z.object({ user: ZKey, text: ZMessageBody }),
  undoHandle: ZMessageRef,
  describe: (p) => rich`send ${person(p.user)} a direct message: ${excerpt(p.text)}`,
  async run(p, { chat, entryId }) {
    const ref = await chat.sendDm(p.user, { body: bodyOf(p.text), entryId });
    return { result: { summary: rich`sent ${person(p.user)} a direct message`, ref }, undo: ref };
  },
  undo: (ref, { chat }) => chat.remove(ref),
  recover: (p, io) =>
    findPosted(io, { user: p.user }, (ref) => ({ summary: rich`sent ${person(p.user)} a direct message`, ref })),
});
