import { ZPlatform } from '../core/signal.js';
import type { QuestionStore } from '../core/store-ports.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './prisma-errors.js';

export function prismaQuestionStore(db: Db): QuestionStore {
  return {
    async track(q) {
      try {
        await db.openQuestion.create({ data: { ...q } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    },
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
    async forget(platform, channel, ts) {
      await db.openQuestion.deleteMany({ where: { platform, channel, ts } });
    },
    async markProposed(id, at) {
      const { count } = await db.openQuestion.updateMany({ where: { id, proposedAt: null }, data: { proposedAt: at } });
      return count > 0;
    },
  };
}
