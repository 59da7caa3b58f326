import type { ScheduledMessageStore, TScheduledMessage } from '../core/store-ports.js';
import { ZDoc } from '../core/text/rich-text.js';
import type { Db } from './client.js';
import { fromJson, toJson } from './json-column.js';

type TRow = { id: number; platform: string; channel: string; thread: string | null; body: string; postAt: Date };

const toMessage = (row: TRow): TScheduledMessage => ({
  id: row.id,
  platform: row.platform,
  channel: row.channel,
  ...(row.thread ? { thread: row.thread } : {}),
  body: fromJson(ZDoc, row.body, `ScheduledMessage ${row.id}.body`),
  postAt: row.postAt,
});

export function prismaScheduledMessageStore(db: Db): ScheduledMessageStore {
  return {
    async add(message, at) {
      const row = await db.scheduledMessage.create({
        data: {
          platform: message.platform,
          channel: message.channel,
          thread: message.thread ?? null,
          body: toJson(message.body),
          postAt: message.postAt,
          status: 'pending',
          createdAt: at,
        },
      });
      return row.id;
    },
    async cancel(id, at) {
      const { count } = await db.scheduledMessage.updateMany({
        where: { id, status: 'pending' },
        data: { status: 'cancelled', settledAt: at },
      });
      return count > 0;
    },
    async claimDue(now, limit) {
      const due = await db.scheduledMessage.findMany({
        where: { status: 'pending', postAt: { lte: now } },
        orderBy: [{ postAt: 'asc' }, { id: 'asc' }],
        take: limit,
      });
      const claimed: TScheduledMessage[] = [];
      for (const row of due) {
        // One replica wins each row. A body that no longer parses is settled as failed, with the reason.
        const { count } = await db.scheduledMessage.updateMany({
          where: { id: row.id, status: 'pending' },
          data: { status: 'posting', claimedAt: now },
        });
        if (count === 0) continue;
        try {
          claimed.push(toMessage(row));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          await db.scheduledMessage.update({
            where: { id: row.id },
            data: { status: 'failed', error: reason, settledAt: now },
          });
        }
      }
      return claimed;
    },
    async abandon(before, at) {
      const { count } = await db.scheduledMessage.updateMany({
        where: { status: 'posting', claimedAt: { lt: before } },
        data: {
          status: 'failed',
          error: 'interrupted while it was being posted (the process stopped); it may not have been posted',
          settledAt: at,
        },
      });
      return count;
    },
    async settle(id, outcome, at) {
      await db.scheduledMessage.update({
        where: { id },
        data:
          'messageId' in outcome
            ? { status: 'sent', messageId: outcome.messageId, settledAt: at }
            : { status: 'failed', error: outcome.error, settledAt: at },
      });
    },
  };
}
