import { ZSignal } from '../core/signal.js';
import type { InboxStore } from '../core/store-ports.js';
import type { Db } from './client.js';
import { fromJson, toJson } from './json-column.js';
import { isUniqueViolation } from './prisma-errors.js';

/** The inbox over Prisma: the primary key refuses a second delivery; claims are conditional updates. */
export function prismaInboxStore(db: Db): InboxStore {
  const claimable = (at: Date) => ({ OR: [{ status: 'queued' }, { status: 'processing', leaseUntil: { lt: at } }] });
  return {
    async enqueue(signal, at) {
      try {
        await db.inboxEvent.create({
          data: { key: signal.id, platform: signal.platform, signal: toJson(signal), status: 'queued', receivedAt: at },
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async claim(limit, leaseUntil, at) {
      const candidates = await db.inboxEvent.findMany({
        where: claimable(at),
        orderBy: { receivedAt: 'asc' },
        take: limit,
      });
      const claimed = [];
      for (const row of candidates) {
        // Another process may claim the same row between our read and this update; only one update matches.
        const { count } = await db.inboxEvent.updateMany({
          where: { key: row.key, ...claimable(at) },
          data: { status: 'processing', leaseUntil, attempts: { increment: 1 } },
        });
        if (count === 1) {
          claimed.push({
            key: row.key,
            signal: fromJson(ZSignal, row.signal, `InboxEvent ${row.key}.signal`),
            attempts: row.attempts + 1,
          });
        }
      }
      return claimed;
    },

    async complete(key, at) {
      await db.inboxEvent.update({ where: { key }, data: { status: 'done', doneAt: at, leaseUntil: null } });
    },

    async fail(key, error, retryAt, at) {
      await db.inboxEvent.update({
        where: { key },
        data: retryAt ? { status: 'processing', leaseUntil: retryAt, error } : { status: 'failed', doneAt: at, error },
      });
    },

    async prune(before) {
      return (await db.inboxEvent.deleteMany({ where: { status: 'done', receivedAt: { lt: before } } })).count;
    },
  };
}
