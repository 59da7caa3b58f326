import { z } from 'zod';
import type { CalendarStore, TFeed, TStoredOccurrence } from '../core/autonomy-ports.js';
import { ZAttendee } from '../core/autonomy-ports.js';
import { calendarSource } from '../core/calendar-connector.js';
import { platformOf, ZPlatform } from '../core/identity.js';
import type { Db } from './client.js';
import { fromJson, toJson } from './json-column.js';

type TFeedRow = Awaited<ReturnType<Db['calendarFeed']['findFirstOrThrow']>>;
type TOccurrenceRow = Awaited<ReturnType<Db['calendarOccurrence']['findFirstOrThrow']>>;

function toFeed(row: TFeedRow): TFeed {
  return {
    id: row.id,
    platform: ZPlatform.parse(row.platform),
    channel: row.channel,
    url: row.url,
    origin: row.origin === 'config' ? 'config' : 'chat',
    addedBy: row.addedBy,
    etag: row.etag ?? undefined,
    lastModified: row.lastModified ?? undefined,
    checkedAt: row.checkedAt ?? undefined,
    okAt: row.okAt ?? undefined,
    nextCheckAt: row.nextCheckAt,
    failures: row.failures,
    lastError: row.lastError ?? undefined,
    warnings: row.warnings ? fromJson(z.array(z.string()), row.warnings, `CalendarFeed ${row.id}.warnings`) : [],
    syncToken: row.syncToken ?? undefined,
    fullSyncAt: row.fullSyncAt ?? undefined,
    label: row.label ?? undefined,
  };
}

function toOccurrence(row: TOccurrenceRow): TStoredOccurrence {
  return {
    feedId: row.feedId,
    key: row.key,
    uid: row.uid,
    title: row.title,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    allDay: row.allDay,
    recurring: row.recurring,
    status: row.status === 'cancelled' ? 'cancelled' : row.status === 'tentative' ? 'tentative' : 'confirmed',
    organizer: row.organizer ?? undefined,
    attendees: fromJson(z.array(ZAttendee), row.attendees, `CalendarOccurrence ${row.id}.attendees`),
    hash: row.hash,
    skipped: row.skipped,
    ref: row.ref ?? undefined,
  };
}

export function prismaCalendarStore(db: Db): CalendarStore {
  return {
    async addFeed(feed, at) {
      const row = await db.calendarFeed.upsert({
        where: { platform_channel_url: { platform: platformOf(feed.channel), channel: feed.channel, url: feed.url } },
        create: { ...feed, platform: platformOf(feed.channel), addedAt: at, nextCheckAt: at },
        update: {},
      });
      return toFeed(row);
    },
    async removeFeed(id) {
      const removed = await db.$transaction([
        db.calendarOccurrence.deleteMany({ where: { feedId: id } }),
        db.calendarItem.deleteMany({ where: { feedId: id } }),
        db.calendarFeed.deleteMany({ where: { id } }),
      ]);
      return removed[2].count > 0;
    },
    async feeds(filter) {
      const rows = await db.calendarFeed.findMany({ where: filter ?? {}, orderBy: { id: 'asc' } });
      return rows.map(toFeed);
    },
    async recordFetch(id, r) {
      await db.calendarFeed.updateMany({
        where: { id },
        data: {
          etag: r.etag ?? null,
          lastModified: r.lastModified ?? null,
          checkedAt: r.checkedAt,
          ...(r.okAt ? { okAt: r.okAt } : {}),
          nextCheckAt: r.nextCheckAt,
          failures: r.failures,
          lastError: r.lastError ?? null,
          ...(r.warnings ? { warnings: toJson(r.warnings) } : {}),
          ...(r.syncToken !== undefined ? { syncToken: r.syncToken } : {}),
          ...(r.fullSyncAt ? { fullSyncAt: r.fullSyncAt } : {}),
          ...(r.label ? { label: r.label } : {}),
        },
      });
    },
    async occurrences(feedId, from, to) {
      const rows = await db.calendarOccurrence.findMany({
        where: { feedId, startsAt: { gte: from, lt: to } },
        orderBy: { startsAt: 'asc' },
      });
      return rows.map(toOccurrence);
    },
    async save(feedId, upserts, cancelled, at) {
      await db.$transaction([
        ...upserts.map((o) => {
          const data = {
            uid: o.uid,
            title: o.title,
            startsAt: o.startsAt,
            endsAt: o.endsAt,
            allDay: o.allDay,
            recurring: o.recurring,
            status: o.status,
            organizer: o.organizer ?? null,
            attendees: toJson(o.attendees),
            hash: o.hash,
            seenAt: at,
            ref: o.ref ?? null,
          };
          return db.calendarOccurrence.upsert({
            where: { feedId_key: { feedId, key: o.key } },
            create: { feedId, key: o.key, ...data },
            update: data,
          });
        }),
        db.calendarOccurrence.updateMany({
          where: { feedId, key: { in: [...cancelled] } },
          data: { status: 'cancelled', seenAt: at },
        }),
      ]);
    },
    async claimStartingSoon(from, to) {
      const rows = await db.calendarOccurrence.findMany({
        where: { startsAt: { gte: from, lt: to }, soonSignaled: false, status: { not: 'cancelled' } },
        orderBy: { startsAt: 'asc' },
      });
      const claimed: TStoredOccurrence[] = [];
      for (const row of rows) {
        const { count } = await db.calendarOccurrence.updateMany({
          where: { id: row.id, soonSignaled: false },
          data: { soonSignaled: true },
        });
        if (count > 0) claimed.push(toOccurrence(row));
      }
      return claimed;
    },
    async meetings(channel, from, to) {
      const feeds = await db.calendarFeed.findMany({ where: { channel }, select: { id: true, url: true } });
      const rows = await db.calendarOccurrence.findMany({
        where: { feedId: { in: feeds.map((f) => f.id) }, startsAt: { gte: from, lt: to } },
        orderBy: { startsAt: 'asc' },
      });
      // A meeting read from two calendars (the same UID and date) is one meeting: the copy from a calendar Teammate
      // can change wins, since that is where it calls meetings off.
      const writable = new Set(feeds.filter((f) => calendarSource(f.url).kind !== 'ics').map((f) => f.id));
      const chosen = new Map<string, TOccurrenceRow>();
      for (const row of rows) {
        const held = chosen.get(row.key);
        if (!held || (!writable.has(held.feedId) && writable.has(row.feedId))) chosen.set(row.key, row);
      }
      return rows.filter((row) => chosen.get(row.key) === row).map(toOccurrence);
    },
    async markSkipped(feedId, key, skipped) {
      await db.calendarOccurrence.updateMany({ where: { feedId, key }, data: { skipped } });
    },
    async feed(id) {
      const row = await db.calendarFeed.findUnique({ where: { id } });
      return row ? toFeed(row) : undefined;
    },
    async occurrence(feedId, key) {
      const row = await db.calendarOccurrence.findUnique({ where: { feedId_key: { feedId, key } } });
      return row ? toOccurrence(row) : undefined;
    },
    async items(feedId) {
      const rows = await db.calendarItem.findMany({ where: { feedId }, orderBy: { ref: 'asc' } });
      return rows.map((r) => ({ ref: r.ref, data: r.data, ...(r.etag ? { etag: r.etag } : {}) }));
    },
    async saveItems(feedId, delta) {
      const refs = delta.items.map((i) => i.ref);
      await db.$transaction([
        delta.full
          ? db.calendarItem.deleteMany({ where: { feedId, ref: { notIn: refs } } })
          : db.calendarItem.deleteMany({ where: { feedId, ref: { in: [...delta.removed] } } }),
        ...delta.items.map((i) =>
          db.calendarItem.upsert({
            where: { feedId_ref: { feedId, ref: i.ref } },
            create: { feedId, ref: i.ref, etag: i.etag ?? null, data: i.data },
            update: { etag: i.etag ?? null, data: i.data },
          }),
        ),
      ]);
    },
  };
}
