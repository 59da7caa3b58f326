import { z } from 'zod';
import { qualify, ZKey } from '../../core/identity.js';
import type { SourceType } from '../../core/source-type.js';
import { ZPersonRef, ZRouting } from './routing-fields.js';

const ZEvent = z.enum(['created', 'assigned', 'due', 'done', 'updated']);
const task = {
  id: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(500),
  due: z.coerce.date().nullish(),
  status: z.enum(['open', 'done']).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
};

/** A task tracker's event: `{"event":"assigned","task":{"id":"T-1","title":"…","assignee":"U123","due":"…"}}`. */
const ZTaskBody = ZRouting.extend({
  event: ZEvent,
  task: z.object({ ...task, assignee: ZPersonRef.nullish() }),
});
/** The same, kept in the inbox with the assignee as a key; left out: unchanged; null: cleared. */
const ZTaskPayload = z.object({ event: ZEvent, task: z.object({ ...task, assignee: ZKey.nullish() }) });

/** Teammate's own task format, for trackers that can send a custom webhook. */
export const taskSource: SourceType<z.infer<typeof ZTaskBody>, z.infer<typeof ZTaskPayload>> = {
  type: 'task',
  records: 'task',
  body: ZTaskBody,
  payload: ZTaskPayload,
  event(body, target) {
    const { assignee } = body.task;
    return {
      key: body.task.id,
      payload: {
        event: body.event,
        task: { ...body.task, assignee: assignee ? qualify(assignee, target.platform) : assignee },
      },
    };
  },
  async record(deps, { source, channel, at, payload: { event, task } }) {
    await deps.stores.tasks.apply(
      {
        source,
        externalId: task.id,
        channel,
        title: task.title,
        assignee: task.assignee,
        dueAt: task.due,
        ...(task.url ? { url: task.url } : {}),
        status: event === 'done' ? 'done' : task.status,
      },
      at,
    );
  },
};
