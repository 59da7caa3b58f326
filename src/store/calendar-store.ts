import { z } from 'zod';
import type { CalendarStore, TFeed, TStoredOccurrence } from '../core/autonomy-ports.js';
import { ZAttendee } from '../core/autonomy-ports.js';
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
        db.calendarFeed.deleteMany({ where: { id } }),
      ]);
      return removed[1].count > 0;
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
      const feeds = await db.calendarFeed.findMany({ where: { channel }, select: { id: true } });
      const rows = await db.calendarOccurrence.findMany({
        where: { feedId: { in: feeds.map((f) => f.id) }, startsAt: { gte: from, lt: to } },
        orderBy: { startsAt: 'asc' },
      });
      return rows.map(toOccurrence);
    },
    async markSkipped(feedId, key, skipped) {
      await db.calendarOccurrence.updateMany({ where: { feedId, key }, data: { skipped } });
    },
  };
}
