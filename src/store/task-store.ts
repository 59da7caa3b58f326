import type { TaskStore, TTask } from '../core/autonomy-ports.js';
import { platformOf } from '../core/identity.js';
import type { Db } from './client.js';

type TRow = Awaited<ReturnType<Db['task']['findFirstOrThrow']>>;

function toTask(row: TRow): TTask {
  return {
    id: row.id,
    source: row.source,
    externalId: row.externalId,
    platform: row.platform,
    channel: row.channel,
    title: row.title,
    assignee: row.assignee ?? undefined,
    dueAt: row.dueAt ?? undefined,
    status: row.status === 'done' ? 'done' : 'open',
    url: row.url ?? undefined,
    misses: row.misses,
    createdAt: row.createdAt,
  };
}

export function prismaTaskStore(db: Db): TaskStore {
  return {
    async apply(task, at) {
      const { source, externalId, ...fields } = task;
      // Only what the tracker said changes; undefined leaves a field alone, null (assignee, due) clears it.
      const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const row = await db.task.upsert({
        where: { source_externalId: { source, externalId } },
        create: {
          source,
          externalId,
          platform: platformOf(task.channel),
          channel: task.channel,
          title: task.title ?? externalId,
          assignee: task.assignee ?? null,
          dueAt: task.dueAt ?? null,
          status: task.status ?? 'open',
          url: task.url ?? null,
          createdAt: at,
          updatedAt: at,
        },
        update: { ...changes, updatedAt: at },
      });
      return toTask(row);
    },
    async get(source, externalId) {
      const row = await db.task.findUnique({ where: { source_externalId: { source, externalId } } });
      return row ? toTask(row) : undefined;
    },
    async open(channel) {
      const rows = await db.task.findMany({ where: { channel, status: 'open' }, orderBy: { id: 'asc' } });
      return rows.map(toTask);
    },
    async newlyOverdue(before, limit) {
      const rows = await db.task.findMany({
        where: {
          status: 'open',
          dueAt: { lt: before },
          assignee: { not: null },
          // Not yet handled for the current value, decided in the query: filtering a window of rows afterwards let
          // rows handled long ago fill the window, and new ones were never found.
          OR: [{ missedDueAt: null }, { missedDueAt: { not: { equals: db.task.fields.dueAt } } }],
        },
        orderBy: { dueAt: 'asc' },
        take: limit,
      });
      return rows.map(toTask);
    },
    async countMiss(id, dueAt) {
      const { count } = await db.task.updateMany({
        where: { id, dueAt, OR: [{ missedDueAt: null }, { missedDueAt: { not: dueAt } }] },
        data: { misses: { increment: 1 }, missedDueAt: dueAt },
      });
      if (count === 0) return undefined;
      return (await db.task.findUniqueOrThrow({ where: { id } })).misses;
    },
    async reassign(source, externalId, from, to, at) {
      const { count } = await db.task.updateMany({
        where: { source, externalId, assignee: from ?? null },
        data: { assignee: to ?? null, updatedAt: at },
      });
      return count > 0;
    },
    async channels() {
      const rows = await db.task.findMany({
        where: { status: 'open' },
        distinct: ['channel'],
        select: { channel: true },
      });
      return rows.map((r) => r.channel);
    },
    async doneSince(channel, since) {
      const rows = await db.task.findMany({ where: { channel, status: 'done', updatedAt: { gte: since } } });
      return rows.map(toTask);
    },
  };
}
