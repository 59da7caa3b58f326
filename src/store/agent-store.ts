import type { AgentStore, TAgent } from '../core/agents/agent.js';
import type { Db } from './client.js';

type Row = { name: string; channel: string | null; createdBy: string; createdAt: Date };

const toAgent = (row: Row): TAgent => ({
  name: row.name,
  ...(row.channel ? { channel: row.channel } : {}),
  source: 'chat',
  createdBy: row.createdBy,
  createdAt: row.createdAt,
});

export function prismaAgentStore(db: Db): AgentStore {
  return {
    async add(agent, by, at) {
      const data = { tokenHash: agent.tokenHash, channel: agent.channel ?? null, createdBy: by, createdAt: at };
      // A revoked agent's name may be given again (with a new token); an active one's may not.
      const { count } = await db.agent.updateMany({
        where: { name: agent.name, revokedAt: { not: null } },
        data: { ...data, revokedBy: null, revokedAt: null },
      });
      if (count > 0) return true;
      const existing = await db.agent.findUnique({ where: { name: agent.name } });
      if (existing) return false;
      await db.agent.create({ data: { name: agent.name, ...data } });
      return true;
    },
    async byTokenHash(tokenHash) {
      const row = await db.agent.findUnique({ where: { tokenHash } });
      return row && !row.revokedAt ? toAgent(row) : undefined;
    },
    async tokenHash(name) {
      const row = await db.agent.findUnique({ where: { name } });
      return row && !row.revokedAt ? row.tokenHash : undefined;
    },
    async list() {
      return (await db.agent.findMany({ where: { revokedAt: null }, orderBy: { name: 'asc' } })).map(toAgent);
    },
    async revoke(name, by, at) {
      const { count } = await db.agent.updateMany({
        where: { name, revokedAt: null },
        data: { revokedBy: by, revokedAt: at },
      });
      return count > 0;
    },
  };
}
