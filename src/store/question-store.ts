import { platformOf } from '../core/identity.js';
import type { QuestionStore, TOpenQuestion } from '../core/store-ports.js';
import { Batcher } from './batcher.js';
import type { Db } from './client.js';
import { Prisma } from './generated/sqlite/client.js';

type TNewQuestion = Omit<TOpenQuestion, 'id'>;
type TRow = Awaited<ReturnType<Db['openQuestion']['findFirstOrThrow']>>;

const toQuestion = (r: TRow): TOpenQuestion => ({
  id: r.id,
  channel: r.channel,
  messageId: r.messageId,
  user: r.userId,
  text: r.text,
  askedAt: r.askedAt,
});

export function prismaQuestionStore(db: Db): QuestionStore {
  // Insert-or-ignore, grouped: a question arrives with many deliveries, so this is on the hot path.
  const tracks = new Batcher<TNewQuestion, void>(async (items) => {
    const values = items.map(
      (q) => Prisma.sql`(${platformOf(q.channel)}, ${q.channel}, ${q.messageId}, ${q.user}, ${q.text}, ${q.askedAt})`,
    );
    await db.$executeRaw`
      INSERT INTO "OpenQuestion" ("platform", "channel", "messageId", "userId", "text", "askedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("channel", "messageId") DO NOTHING`;
    return items.map(() => undefined);
  });
  return {
    track: (q) => tracks.add(q),
    async markAnswered(channel, messageId, by, at) {
      // The asker following up on their own question does not answer it.
      const { count } = await db.openQuestion.updateMany({
        where: { channel, messageId, answeredAt: null, userId: { not: by } },
        data: { answeredAt: at, answeredBy: by },
      });
      if (count > 0) return true;
      // Answered before (a reply processed again after a crash still counts), but not by the asker alone.
      return (await db.openQuestion.count({ where: { channel, messageId, answeredAt: { not: null } } })) > 0;
    },
    async due(askedBefore, platforms, limit, afterId = 0) {
      const rows = await db.openQuestion.findMany({
        where: {
          id: { gt: afterId },
          answeredAt: null,
          proposedAt: null,
          askedAt: { lte: askedBefore },
          platform: { in: [...platforms] },
        },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map(toQuestion);
    },
    async answered(channel, limit) {
      const rows = await db.openQuestion.findMany({
        where: { channel, answeredBy: { not: null } },
        orderBy: { askedAt: 'desc' },
        take: limit,
      });
      return rows.map((r) => ({ text: r.text, user: r.userId, answeredBy: r.answeredBy ?? '' }));
    },
    async open(channel, since) {
      const rows = await db.openQuestion.findMany({
        where: { channel, answeredAt: null, askedAt: { gte: since } },
        orderBy: { askedAt: 'asc' },
      });
      return rows.map(toQuestion);
    },
    async forget(channel, messageId) {
      await db.openQuestion.deleteMany({ where: { channel, messageId } });
    },
    async markProposed(id, at) {
      const { count } = await db.openQuestion.updateMany({ where: { id, proposedAt: null }, data: { proposedAt: at } });
      return count > 0;
    },
  };
}
