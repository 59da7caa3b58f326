import type { ThreadStore, TThread } from '../core/autonomy-ports.js';
import { platformOf } from '../core/identity.js';
import { Batcher } from './batcher.js';
import type { Db } from './client.js';
import { Prisma } from './generated/sqlite/client.js';

type TRow = Awaited<ReturnType<Db['thread']['findFirstOrThrow']>>;
type TTouch = Parameters<ThreadStore['touch']>[0];

const TEXT_MAX = 500;

function toThread({ nudgedFor: _nudged, ...row }: TRow): TThread {
  return { ...row, participants: row.participants.split(',').filter(Boolean) };
}

export function prismaThreadStore(db: Db): ThreadStore {
  // Every message touches its thread, so the writes of a batch share statements: one multi-row upsert per round,
  // where a round holds each thread at most once (PostgreSQL refuses an upsert that would update one row twice).
  const touches = new Batcher<TTouch, void>(async (items) => {
    const rounds: TTouch[][] = [];
    const seen = new Map<string, number>();
    for (const item of items) {
      const key = `${item.channel}\u0000${item.thread}`;
      const index = seen.get(key) ?? 0;
      seen.set(key, index + 1);
      const round = rounds[index];
      if (round) round.push(item);
      else rounds.push([item]);
    }
    for (const round of rounds) {
      const values = round.map((m) => {
        const text = m.text.slice(0, TEXT_MAX);
        return Prisma.sql`(${platformOf(m.channel)}, ${m.channel}, ${m.thread}, ${m.user}, ${m.reply ? '' : text},
          ${m.reply ? 1 : 0}, ${`,${m.user},`}, ${m.at}, ${m.at}, ${m.user}, ${text})`;
      });
      await db.$executeRaw`
        INSERT INTO "Thread" ("platform", "channel", "root", "starter", "text", "replies", "participants",
          "startedAt", "lastAt", "lastUser", "lastText")
        VALUES ${Prisma.join(values)}
        ON CONFLICT ("channel", "root") DO UPDATE SET
          "replies" = "Thread"."replies" + excluded."replies",
          "participants" = CASE WHEN "Thread"."participants" LIKE '%,' || excluded."lastUser" || ',%'
            THEN "Thread"."participants" ELSE "Thread"."participants" || excluded."lastUser" || ',' END,
          "lastAt" = excluded."lastAt", "lastUser" = excluded."lastUser", "lastText" = excluded."lastText"`;
    }
    return items.map(() => undefined);
  });
  return {
    touch: (message) => touches.add(message),
    async get(channel, root) {
      const row = await db.thread.findUnique({ where: { channel_root: { channel, root } } });
      return row ? toThread(row) : undefined;
    },
    async resolve(channel, root) {
      await db.thread.updateMany({ where: { channel, root }, data: { resolved: true } });
    },
    async quiet(before, minReplies, limit) {
      const rows = await db.thread.findMany({
        where: {
          resolved: false,
          replies: { gte: minReplies },
          lastAt: { lt: before },
          // Not yet handled for the current value, decided in the query: filtering a window of rows afterwards let
          // rows handled long ago fill the window, and new ones were never found.
          OR: [{ nudgedFor: null }, { nudgedFor: { not: { equals: db.thread.fields.lastAt } } }],
        },
        orderBy: { lastAt: 'asc' },
        take: limit,
      });
      return rows.map(toThread);
    },
    async markNudged(id, lastAt) {
      const { count } = await db.thread.updateMany({
        where: { id, lastAt, OR: [{ nudgedFor: null }, { nudgedFor: { not: lastAt } }] },
        data: { nudgedFor: lastAt },
      });
      return count > 0;
    },
    async busiest(channel, since, limit) {
      const rows = await db.thread.findMany({
        where: { channel, lastAt: { gte: since }, replies: { gt: 0 } },
        orderBy: [{ replies: 'desc' }, { lastAt: 'desc' }],
        take: limit,
      });
      return rows.map(toThread);
    },
    async recordDecision(d) {
      await db.$executeRaw`
        INSERT INTO "Decision" ("platform", "channel", "messageId", "userId", "text", "at")
        VALUES (${platformOf(d.channel)}, ${d.channel}, ${d.messageId}, ${d.user}, ${d.text.slice(0, TEXT_MAX)}, ${d.at})
        ON CONFLICT ("channel", "messageId") DO NOTHING`;
    },
    async decisions(channel, since) {
      const rows = await db.decision.findMany({
        where: { channel, at: { gte: since } },
        orderBy: { at: 'asc' },
        take: 20,
      });
      return rows.map((r) => ({ user: r.userId, text: r.text, messageId: r.messageId, at: r.at }));
    },
  };
}
