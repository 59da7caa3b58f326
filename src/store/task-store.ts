import { z } from 'zod';
import type { TaskStore, TTask } from '../core/autonomy-ports.js';
import { platformOf } from '../core/identity.js';
import type { Db } from './client.js';
import { fromJson, toJson } from './json-column.js';

const ZToolPeople = z.array(z.object({ id: z.string(), name: z.string().optional(), email: z.string().optional() }));
const ZLabels = z.array(z.string());

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
    ...(row.toolAssignees
      ? { toolAssignees: fromJson(ZToolPeople, row.toolAssignees, `Task ${row.id} toolAssignees`) }
      : {}),
    ...(row.milestone ? { milestone: row.milestone } : {}),
    ...(row.labels ? { labels: fromJson(ZLabels, row.labels, `Task ${row.id} labels`) } : {}),
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
      const { source, externalId, toolAssignees, labels, ...fields } = task;
      // Only what the tracker said changes; undefined leaves a field alone, null (assignee, due) clears it.
      const changes = {
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        // Nobody assigned in the tracker is kept as null, so "has someone" stays one test (newlyOverdue).
        ...(toolAssignees ? { toolAssignees: toolAssignees.length > 0 ? toJson(toolAssignees) : null } : {}),
        ...(labels ? { labels: toJson(labels) } : {}),
      };
      const row = await db.task.upsert({
        where: { source_externalId: { source, externalId } },
        create: {
          source,
          externalId,
          platform: platformOf(task.channel),
          channel: task.channel,
          title: task.title ?? externalId,
          assignee: task.assignee ?? null,
          toolAssignees: toolAssignees?.length ? toJson(toolAssignees) : null,
          milestone: task.milestone ?? null,
          labels: labels ? toJson(labels) : null,
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
          // With someone: a person in chat, or a tracker's assignee nobody linked yet (the card says so).
          OR: [{ assignee: { not: null } }, { toolAssignees: { not: null } }],
          // Not yet handled for the current value, decided in the query: filtering a window of rows afterwards let
          // rows handled long ago fill the window, and new ones were never found.
          AND: [{ OR: [{ missedDueAt: null }, { missedDueAt: { not: { equals: db.task.fields.dueAt } } }] }],
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
    async redateMilestone(source, milestone, dueAt, at) {
      await db.task.updateMany({ where: { source, milestone, status: 'open' }, data: { dueAt, updatedAt: at } });
    },
    async inMilestone(source, milestone) {
      const rows = await db.task.findMany({ where: { source, milestone, status: 'open' }, orderBy: { id: 'asc' } });
      return rows.map(toTask);
    },
    async unlinked(source) {
      const rows = await db.task.findMany({
        where: { source, status: 'open', assignee: null, toolAssignees: { not: null } },
        orderBy: { id: 'asc' },
      });
      return rows.map(toTask);
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
