import { z } from 'zod';
import type { TrackerPort, TToolPerson } from '../connector-port.js';
import { AppError, AppErrorCode } from '../errors.js';
import { ZKey } from '../identity.js';
import { shortId } from '../ledger-entry.js';
import { ZMessageRef } from '../message-ref.js';
import { doc, mention, person, quoted, rich } from '../text/build.js';
import type { TRich } from '../text/rich-text.js';
import { type ActionIO, defineAction, ZChannel } from './action-spec.js';

const ZPerson = ZKey;
const ZToolPerson = z.object({ id: z.string().min(1).max(200), name: z.string().max(200).optional() });

/** What was changed in the tracker: exactly the assignees before and after, and the comment that says why. */
const ZTrackerChange = z.object({
  previous: z.array(z.string()),
  set: z.array(z.string()),
  comment: z.string().optional(),
});

const names = (people: readonly TToolPerson[]) =>
  people.length === 0 ? 'nobody' : people.map((p) => p.name ?? p.id).join(', ');
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/** Whom the task is taken from, as the card shows it: a person in chat, or the tracker's assignee nobody links. */
function fromWhom(p: { from?: string; fromTool?: TToolPerson[]; source: string }): TRich {
  if (p.from) return rich`from ${person(p.from)} `;
  if (p.fromTool?.length)
    return rich`from ${quoted(names(p.fromTool), 80)} (${p.source}; not linked to anyone in chat) `;
  return [];
}

function trackerOf(io: ActionIO, source: string): TrackerPort | undefined {
  const tracker = io.connectors.trackers.get(source);
  if (tracker) return tracker;
  const missing = io.connectors.readOnly?.get(source);
  if (missing) throw new AppError(AppErrorCode.config, { message: missing });
  return undefined;
}

/**
 * Replaces the task's assignees in the tracker with the new owner's account and comments why. The tracker is read
 * first: a task deleted or given to someone else since the proposal is left alone.
 */
async function reassignIn(
  tracker: TrackerPort,
  p: { taskId: string; fromTool?: TToolPerson[]; to: string },
  io: ActionIO,
): Promise<{ change: z.infer<typeof ZTrackerChange>; note: TRich }> {
  const current = await tracker.read(p.taskId);
  if (!current) {
    throw new AppError(AppErrorCode.conflict, {
      message: `${tracker.label} has no ${p.taskId} any more (deleted or moved), so nothing was reassigned`,
    });
  }
  const previous = current.assignees.map((a) => a.id);
  const proposedFrom = p.fromTool?.map((a) => a.id);
  if (proposedFrom && !sameSet(previous, proposedFrom)) {
    throw new AppError(AppErrorCode.conflict, {
      message: `${p.taskId} changed hands in ${tracker.label} in the meantime (now ${names(current.assignees)}), so nothing was reassigned`,
    });
  }
  const [target] = await io.stores.people.identities(p.to, tracker.tool);
  if (!target) {
    throw new AppError(AppErrorCode.invalid, {
      message: `${p.to} has no ${tracker.label} account linked, so ${p.taskId} cannot be given to them there: an admin can link one with /teammate people link`,
    });
  }
  await tracker.assign(p.taskId, [target]);
  const change: z.infer<typeof ZTrackerChange> = { previous, set: [target] };
  try {
    const id = io.entryId === undefined ? undefined : shortId(io.entryId);
    const from = previous.length ? previous.map((login) => `@${login}`).join(', ') : 'nobody';
    change.comment = await tracker.comment(
      p.taskId,
      `Teammate reassigned this from ${from} to @${target}${id ? ` (${id}). Why: ask "why ${id}" in chat; undo: /teammate undo ${id}` : ''}.`,
    );
    return { change, note: [] };
  } catch (error) {
    // The assignment stands (and is undoable); only the explanation is missing.
    const why = error instanceof AppError ? error.userMessage : 'unknown error';
    return { change, note: rich` (the comment could not be added: ${why})` };
  }
}

/**
 * Gives a task to someone else. For a tracker Teammate is connected to (GitHub, Jira), in the tracker itself: the
 * assignees are replaced and a comment says why, and undo restores exactly the previous assignees and deletes the
 * comment, unless someone changed the assignees since (then their change stands and the undo is refused). For
 * Teammate's own task format, on Teammate's board. Either way the channel is told.
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
    /** The tracker's assignees when it was proposed (a change since then stops the run). */
    fromTool: z.array(ZToolPerson).max(20).optional(),
    to: ZPerson,
  }),
  undoHandle: z.object({
    source: z.string(),
    taskId: z.string(),
    from: ZPerson.optional(),
    to: ZPerson,
    message: ZMessageRef,
    tracker: ZTrackerChange.optional(),
  }),
  channelOf: (p) => p.channel,
  describe: (p) => rich`reassign ${quoted(p.title, 60)} ${fromWhom(p)}to ${person(p.to)}`,
  async run(p, io) {
    const { chat, stores, now } = io;
    const tracker = trackerOf(io, p.source);
    const inTracker = tracker ? await reassignIn(tracker, p, io) : undefined;
    // Teammate's board follows the tracker at once (its own delivery will say the same); without a tracker the board
    // is the record, and a task that changed hands in the meantime is not taken from its new owner.
    const onBoard = await stores.tasks.reassign(p.source, p.taskId, p.from, p.to, now);
    if (!tracker && !onBoard) {
      throw new AppError(AppErrorCode.conflict, {
        message: `task ${p.source}/${p.taskId} is no longer assigned to ${p.from ?? 'nobody'}`,
        userMessage: 'the task changed hands in the meantime, so nothing was reassigned',
      });
    }
    const change = inTracker?.change;
    const note = inTracker?.note ?? [];
    const where = tracker ? rich`; it is assigned in ${tracker.label} now` : rich`. Please update the tracker.`;
    const message = await chat.post(
      { channel: p.channel },
      {
        body: doc(
          rich`${mention(p.to)} takes over ${quoted(p.title, 120)}${p.from ? rich` from ${mention(p.from)}` : ''}${where}`,
        ),
        ...(io.entryId === undefined ? {} : { entryId: io.entryId }),
      },
    );
    return {
      result: {
        summary: rich`reassigned to ${person(p.to)}${tracker ? ` in ${tracker.label}` : ''}${note}`,
        ref: message,
      },
      undo: {
        source: p.source,
        taskId: p.taskId,
        from: p.from,
        to: p.to,
        message,
        ...(change ? { tracker: change } : {}),
      },
    };
  },
  async undo(h, io) {
    const { chat, stores, now } = io;
    if (h.tracker) {
      const tracker = io.connectors.trackers.get(h.source);
      if (!tracker) {
        throw new AppError(AppErrorCode.config, {
          message:
            io.connectors.readOnly?.get(h.source) ??
            `${h.source} is no longer connected, so the change cannot be undone`,
        });
      }
      const current = await tracker.read(h.taskId);
      if (!current) {
        throw new AppError(AppErrorCode.changedSince, {
          message: `${h.taskId} was deleted or moved in ${tracker.label} since, so there is nothing to restore`,
        });
      }
      if (
        !sameSet(
          current.assignees.map((a) => a.id),
          h.tracker.set,
        )
      ) {
        const by = io.executedAt
          ? await tracker.assignedBy?.(h.taskId, io.executedAt).catch(() => undefined)
          : undefined;
        throw new AppError(AppErrorCode.changedSince, {
          message: `someone changed the assignees of ${h.taskId} in ${tracker.label} since${by ? ` (${by})` : ''}: it is with ${names(current.assignees)} now, not ${h.tracker.set.join(', ')}`,
        });
      }
      // The comment first: removing it again is harmless, so an undo that fails half-way can simply be asked again.
      if (h.tracker.comment) await tracker.removeComment(h.taskId, h.tracker.comment);
      await tracker.assign(h.taskId, h.tracker.previous);
      await stores.tasks.reassign(h.source, h.taskId, h.to, h.from, now);
    } else if (!(await stores.tasks.reassign(h.source, h.taskId, h.to, h.from, now))) {
      const task = await stores.tasks.get(h.source, h.taskId);
      throw new AppError(AppErrorCode.changedSince, {
        message: task
          ? `the task changed hands since: it is with ${task.assignee ?? 'nobody'} now`
          : 'the task is gone from the board',
      });
    }
    await chat.remove(h.message);
  },
});
