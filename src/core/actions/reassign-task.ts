import { z } from 'zod';
import { AppError, AppErrorCode } from '../errors.js';
import { ZKey } from '../identity.js';
import { ZMessageRef } from '../message-ref.js';
import { doc, mention, person, quoted, rich } from '../text/build.js';
import { defineAction, ZChannel } from './action-spec.js';

const ZPerson = ZKey;

/**
 * Moves a task to someone else on Teammate's task board and says so in the channel. The tracker itself is not
 * written to (webhooks are one-way); the message asks the new owner to pick it up there.
 */
export const reassignTask = defineAction({
  kind: 'reassign_task',
  title: 'Reassign a task',
  risk: 'medium',
  reversible: true,
  params: z.object({
    channel: ZChannel,
    source: z.string().min(1),
    taskId: z.string().min(1),
    title: z.string().min(1).max(500),
    from: ZPerson.optional(),
    to: ZPerson,
  }),
  undoHandle: z.object({
    source: z.string(),
    taskId: z.string(),
    from: ZPerson.optional(),
    to: ZPerson,
    message: ZMessageRef,
  }),
  channelOf: (p) => p.channel,
  describe: (p) =>
    rich`reassign ${quoted(p.title, 60)} ${p.from ? rich`from ${person(p.from)} ` : ''}to ${person(p.to)}`,
  async run(p, { chat, stores, now }) {
    if (!(await stores.tasks.reassign(p.source, p.taskId, p.from, p.to, now))) {
      throw new AppError(AppErrorCode.conflict, {
        message: `task ${p.source}/${p.taskId} is no longer assigned to ${p.from ?? 'nobody'}`,
        userMessage: 'the task changed hands in the meantime, so nothing was reassigned',
      });
    }
    const message = await chat.post(
      { channel: p.channel },
      {
        body: doc(
          rich`${mention(p.to)} takes over ${quoted(p.title, 120)}${p.from ? rich` from ${mention(p.from)}` : ''}. Please update the tracker.`,
        ),
      },
    );
    return {
      result: { summary: rich`reassigned to ${person(p.to)}`, ref: message },
      undo: { source: p.source, taskId: p.taskId, from: p.from, to: p.to, message },
    };
  },
  async undo(h, { chat, stores, now }) {
    await stores.tasks.reassign(h.source, h.taskId, h.to, h.from, now);
    await chat.remove(h.message);
  },
});
