import { z } from 'zod';
import { AppError, AppErrorCode } from '../errors.js';
import { shortId } from '../ledger-entry.js';
import { ZMessageRef } from '../message-ref.js';
import { channelRef, quoted, rich } from '../text/build.js';
import { bodyOf, defineAction, excerpt, ZChannel, ZMessageBody, ZPlainText } from './action-spec.js';

const DAY = 86_400_000;

/**
 * The quiet-deal nudge for a deal in a CRM Teammate is connected to (HubSpot): a task for the deal's owner is
 * created on the deal in the CRM with the drafted follow-up, and the nudge is posted in the channel. Undo deletes
 * the task and the message, unless someone completed, reassigned or deleted the task since (their change stands).
 */
export const followUpDeal = defineAction({
  kind: 'follow_up_deal',
  title: 'Follow up on a quiet deal (a task in the CRM and a nudge in chat)',
  risk: 'low',
  reversible: true,
  params: z.object({
    channel: ZChannel,
    source: z.string().min(1),
    dealId: z.string().min(1).max(200),
    deal: z.string().min(1).max(500),
    /** The nudge posted in the channel. */
    text: ZMessageBody,
    /** The follow-up the owner could send: the CRM task's body. */
    followUp: ZPlainText,
    /** The deal owner as the CRM names them: the task is theirs. */
    toolOwner: z.string().max(200).optional(),
  }),
  undoHandle: z.object({
    source: z.string(),
    task: z.object({ id: z.string(), owner: z.string().optional() }),
    message: ZMessageRef,
  }),
  channelOf: (p) => p.channel,
  describe: (p) =>
    rich`create a follow-up task on ${quoted(p.deal, 60)} in ${p.source} and post in ${channelRef(p.channel)}: ${excerpt(p.text)}`,
  async run(p, { chat, connectors, now, entryId }) {
    const crm = connectors.crms.get(p.source);
    if (!crm) {
      throw new AppError(AppErrorCode.config, {
        message: connectors.readOnly?.get(p.source) ?? `${p.source} is not connected, so no task can be created there`,
      });
    }
    const id = entryId === undefined ? '' : ` (Teammate ${shortId(entryId)})`;
    const task = await crm.createTask(p.dealId, {
      subject: `Follow up on ${p.deal}`.slice(0, 250),
      body: `${p.followUp}\n\nSuggested by Teammate after the deal went quiet${id}.`,
      ...(p.toolOwner ? { owner: p.toolOwner } : {}),
      dueAt: new Date(now.getTime() + DAY),
    });
    let message: Awaited<ReturnType<typeof chat.post>>;
    try {
      message = await chat.post(
        { channel: p.channel },
        { body: bodyOf(p.text), ...(entryId === undefined ? {} : { entryId }) },
      );
    } catch (error) {
      // Nothing half-done stays behind: the task goes with the message that explains it.
      await crm.deleteTask(task.id).catch(() => undefined);
      throw error;
    }
    return {
      result: {
        summary: rich`created a follow-up task in ${crm.label} and posted in ${channelRef(p.channel)}`,
        ref: message,
      },
      undo: { source: p.source, task: { id: task.id, ...(task.owner ? { owner: task.owner } : {}) }, message },
    };
  },
  async undo(h, { chat, connectors }) {
    const crm = connectors.crms.get(h.source);
    if (!crm) {
      throw new AppError(AppErrorCode.config, {
        message:
          connectors.readOnly?.get(h.source) ?? `${h.source} is no longer connected, so the task cannot be deleted`,
      });
    }
    const task = await crm.readTask(h.task.id);
    if (!task) {
      throw new AppError(AppErrorCode.changedSince, {
        message: `the follow-up task was deleted in ${crm.label} since, so there is nothing to remove there`,
      });
    }
    if (task.done || task.owner !== h.task.owner) {
      throw new AppError(AppErrorCode.changedSince, {
        message: `someone ${task.done ? 'completed' : 'gave to someone else'} the follow-up task in ${crm.label} since, so it stays`,
      });
    }
    await crm.deleteTask(h.task.id);
    await chat.remove(h.message);
  },
});
