import { AppError, AppErrorCode } from '../core/errors.js';
import type { TLedgerEntry, TLedgerEvent, TVote } from '../core/ledger-entry.js';
import { canMove } from '../core/lifecycle.js';
import { type TMessageRef, ZMessageRef } from '../core/message-ref.js';
import type { LedgerStore, TEntryGuard, TEntryPatch, TEventInput, TNewEntry } from '../core/store-ports.js';
import type { Db } from './client.js';
import { fromJson, toJson } from './json-column.js';
import { newEntryData, patchData, toEntry } from './ledger-rows.js';
import { isUniqueViolation } from './prisma-errors.js';

const opt = <T>(value: T | null): T | undefined => value ?? undefined;

function guardWhere(id: number, guard: TEntryGuard) {
  return {
    id,
    ...(guard.status ? { status: { in: [...guard.status] } } : {}),
    ...(guard.undoStatus ? { undoStatus: { in: [...guard.undoStatus] } } : {}),
    ...(guard.escalated !== undefined ? { escalated: guard.escalated } : {}),
    ...(guard.leaseBefore ? { leaseUntil: { lt: guard.leaseBefore } } : {}),
  };
}

/** The ledger over Prisma: every state change and its history event are written in one transaction. */
export function prismaLedgerStore(db: Db): LedgerStore {
  return {
    async create(entry: TNewEntry, events: TEventInput[], at: Date) {
      const existing = await db.ledgerEntry.findUnique({ where: { dedupeKey: entry.dedupeKey } });
      if (existing) return { entry: toEntry(existing), created: false };
      try {
        const row = await db.$transaction(async (tx) => {
          const created = await tx.ledgerEntry.create({ data: newEntryData(entry, at) });
          let from: string | null = null;
          for (const event of events) {
            const to = event.to ?? entry.status;
            await tx.ledgerEvent.create({
              data: { entryId: created.id, at, from, to, actor: event.actor, note: event.note ?? null },
            });
            from = to;
          }
          return created;
        });
        return { entry: toEntry(row), created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another process created the same proposal between our check and our insert.
        const winner = await db.ledgerEntry.findUniqueOrThrow({ where: { dedupeKey: entry.dedupeKey } });
        return { entry: toEntry(winner), created: false };
      }
    },

    async get(id) {
      const row = await db.ledgerEntry.findUnique({ where: { id } });
      return row ? toEntry(row) : undefined;
    },

    async transition(id: number, guard: TEntryGuard, patch: TEntryPatch, event: TEventInput, at: Date) {
      const to = patch.status;
      const from = guard.status?.length === 1 ? guard.status[0] : undefined;
      if (to && (!from || !canMove(from, to))) {
        throw new AppError(AppErrorCode.internal, {
          message: `illegal ledger move ${from ?? 'from an unnamed state'} → ${to}`,
        });
      }
      // The conditional update comes first: on SQLite it takes the write lock at once instead of upgrading a read.
      return db.$transaction(async (tx) => {
        const { count } = await tx.ledgerEntry.updateMany({ where: guardWhere(id, guard), data: patchData(patch, at) });
        if (count === 0) return undefined;
        const row = await tx.ledgerEntry.findUniqueOrThrow({ where: { id } });
        await tx.ledgerEvent.create({
          data: {
            entryId: id,
            at,
            from: from ?? row.status,
            to: event.to ?? row.status,
            actor: event.actor,
            note: event.note ?? null,
          },
        });
        return toEntry(row);
      });
    },

    async events(id): Promise<TLedgerEvent[]> {
      const rows = await db.ledgerEvent.findMany({ where: { entryId: id }, orderBy: { id: 'asc' } });
      return rows.map((r) => ({ at: r.at, from: opt(r.from), to: r.to, actor: r.actor, note: opt(r.note) }));
    },

    async addVote(id: number, vote: TVote) {
      try {
        await db.vote.create({
          data: { entryId: id, userId: vote.userId, decision: vote.decision, reason: vote.reason ?? null, at: vote.at },
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async votes(id): Promise<TVote[]> {
      const rows = await db.vote.findMany({ where: { entryId: id }, orderBy: { id: 'asc' } });
      return rows.map((r) => ({
        userId: r.userId,
        decision: r.decision === 'reject' ? 'reject' : 'approve',
        reason: opt(r.reason),
        at: r.at,
      }));
    },

    async addCard(id: number, ref: TMessageRef) {
      const { platform, conversation: channel, id: messageId } = ref;
      await db.cardRef.upsert({
        where: { entryId_platform_channel_messageId: { entryId: id, platform, channel, messageId } },
        create: { entryId: id, platform, channel, messageId, thread: ref.thread ?? null, ref: toJson(ref) },
        update: {},
      });
    },

    async cards(id): Promise<TMessageRef[]> {
      const rows = await db.cardRef.findMany({ where: { entryId: id }, orderBy: { id: 'asc' } });
      return rows.map((r) => fromJson(ZMessageRef, r.ref, `CardRef ${r.id}.ref`));
    },

    async inThread(channel, thread) {
      const cards = await db.cardRef.findMany({
        where: { channel, OR: [{ messageId: thread }, { thread }] },
        select: { entryId: true },
      });
      const rows = await db.ledgerEntry.findMany({
        where: {
          OR: [
            { channel, thread },
            { resultChannel: channel, resultMessageId: thread },
            { id: { in: cards.map((c) => c.entryId) } },
          ],
        },
        orderBy: { id: 'desc' },
        take: 20,
      });
      return rows.map(toEntry);
    },

    async pendingExpiringBefore(at) {
      const rows = await db.ledgerEntry.findMany({
        where: { status: 'pending', expiresAt: { lte: at } },
        orderBy: { id: 'asc' },
      });
      return rows.map(toEntry);
    },

    async pendingByKey(match, statuses = ['pending']) {
      const dedupeKey = 'key' in match ? match.key : { startsWith: match.prefix };
      const rows = await db.ledgerEntry.findMany({
        where: { status: { in: [...statuses] }, dedupeKey },
        orderBy: { id: 'asc' },
      });
      return rows.map(toEntry);
    },

    async approvedUnclaimed() {
      // An agent's approved request waits for the agent to report, not for Teammate to run it.
      const rows = await db.ledgerEntry.findMany({
        where: { status: 'approved', NOT: { kind: { startsWith: 'agent:' } } },
        orderBy: { id: 'asc' },
      });
      return rows.map(toEntry);
    },

    async leaseExpired(at) {
      const rows = await db.ledgerEntry.findMany({
        where: { leaseUntil: { lt: at }, OR: [{ status: 'executing' }, { undoStatus: 'undoing' }] },
        orderBy: { id: 'asc' },
      });
      return rows.map(toEntry);
    },

    countAutoRuns(ruleKey, since) {
      return db.ledgerEntry.count({ where: { ruleKey, mode: 'auto', createdAt: { gte: since } } });
    },

    async recent({ limit, status, channel, since }): Promise<TLedgerEntry[]> {
      const rows = await db.ledgerEntry.findMany({
        where: {
          ...(status ? { status: { in: [...status] } } : {}),
          ...(channel ? { channel } : {}),
          ...(since ? { createdAt: { gte: since } } : {}),
        },
        orderBy: { id: 'desc' },
        take: limit,
      });
      return rows.map(toEntry);
    },

    async approvalStats(since) {
      const groups = await db.ledgerEntry.groupBy({
        by: ['kind', 'status'],
        // Shadow-mode entries were never put to anyone, so they are no decisions.
        where: { mode: 'approve', createdAt: { gte: since }, status: { notIn: ['shadowed', 'invalid'] } },
        _count: { _all: true },
      });
      const byKind = new Map<string, { kind: string; approved: number; rejected: number; expired: number }>();
      for (const g of groups) {
        const row = byKind.get(g.kind) ?? { kind: g.kind, approved: 0, rejected: 0, expired: 0 };
        if (g.status === 'rejected') row.rejected += g._count._all;
        else if (g.status === 'expired') row.expired += g._count._all;
        else if (g.status !== 'pending') row.approved += g._count._all;
        byKind.set(g.kind, row);
      }
      return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
    },
  };
}
