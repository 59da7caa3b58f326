import { ZPlatform } from '../core/signal.js';
import type { QuestionStore, TOpenQuestion } from '../core/store-ports.js';
import { Batcher } from './batcher.js';
import type { Db } from './client.js';
import { Prisma } from './generated/sqlite/client.js';

type TNewQuestion = Omit<TOpenQuestion, 'id'>;

export function prismaQuestionStore(db: Db): QuestionStore {
  // Insert-or-ignore, grouped: a question arrives with many deliveries, so this is on the hot path.
  const tracks = new Batcher<TNewQuestion, void>(async (items) => {
    const values = items.map(
      (q) => Prisma.sql`(${q.platform}, ${q.channel}, ${q.ts}, ${q.userId}, ${q.text}, ${q.askedAt})`,
    );
    await db.$executeRaw`
      INSERT INTO "OpenQuestion" ("platform", "channel", "ts", "userId", "text", "askedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("platform", "channel", "ts") DO NOTHING`;
    return items.map(() => undefined);
  });
  return {
    track: (q) => tracks.add(q),
    async markAnswered(platform, channel, ts, by, at) {
      // The asker following up on their own question does not answer it.
      const { count } = await db.openQuestion.updateMany({
        where: { platform, channel, ts, answeredAt: null, userId: { not: by } },
        data: { answeredAt: at, answeredBy: by },
      });
      return count > 0;
    },
    async due(askedBefore, platforms, limit) {
      const rows = await db.openQuestion.findMany({
        where: { answeredAt: null, proposedAt: null, askedAt: { lte: askedBefore }, platform: { in: [...platforms] } },
        orderBy: { askedAt: 'asc' },
        take: limit,
      });
      return rows.map((r) => ({ ...r, platform: ZPlatform.parse(r.platform) }));
    },
    async answered(platform, channel, limit) {
      const rows = await db.openQuestion.findMany({
        where: { platform, channel, answeredBy: { not: null } },
        orderBy: { askedAt: 'desc' },
        take: limit,
      });
      return rows.map((r) => ({ text: r.text, userId: r.userId, answeredBy: r.answeredBy ?? '' }));
    },
    async open(platform, channel, since) {
      const rows = await db.openQuestion.findMany({
        where: { platform, channel, answeredAt: null, askedAt: { gte: since } },
        orderBy: { askedAt: 'asc' },
      });
      return rows.map((r) => ({ ...r, platform: ZPlatform.parse(r.platform) }));
    },
    async forget(platform, channel, ts) {
      await db.openQuestion.deleteMany({ where: { platform, channel, ts } });
    },
    async markProposed(id, at) {
      const { count } = await db.openQuestion.updateMany({ where: { id, proposedAt: null }, data: { proposedAt: at } });
      return count > 0;
    },
  };
}
