import type { LlmUsageStore } from '../core/brain/usage-port.js';
import { platformOf } from '../core/identity.js';
import type { Db } from './client.js';

export function prismaLlmUsageStore(db: Db): LlmUsageStore {
  return {
    async record(call) {
      await db.llmCall.create({ data: { ...call, platform: platformOf(call.channel), error: call.error ?? null } });
    },
    async spent(since, channel) {
      const result = await db.llmCall.aggregate({
        where: { at: { gte: since }, outcome: { in: ['ok', 'failed'] }, ...(channel ? { channel } : {}) },
        _count: { _all: true },
        _sum: { promptTokens: true, completionTokens: true },
      });
      return {
        calls: result._count._all,
        tokens: (result._sum.promptTokens ?? 0) + (result._sum.completionTokens ?? 0),
      };
    },
  };
}
