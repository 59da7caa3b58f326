import type { JobRunStore } from '../core/autonomy-ports.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './prisma-errors.js';

export function prismaJobRunStore(db: Db): JobRunStore {
  async function insert(job: string, slot: Date, owner: string, status: string, at: Date): Promise<boolean> {
    try {
      await db.jobRun.create({ data: { job, slot, owner, status, startedAt: at } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
  return {
    async claim(job, slot, owner, at, leaseMs) {
      const running = await db.jobRun.findFirst({
        where: { job, status: 'running', slot: { lt: slot }, startedAt: { gt: new Date(at.getTime() - leaseMs) } },
      });
      if (running) return (await insert(job, slot, owner, 'skipped', at)) ? 'skipped' : 'taken';
      return (await insert(job, slot, owner, 'running', at)) ? 'claimed' : 'taken';
    },
    async finish(job, slot, status, at, error) {
      await db.jobRun.updateMany({
        where: { job, slot, status: 'running' },
        data: { status, finishedAt: at, error: error ?? null },
      });
    },
    async latest(job) {
      const row = await db.jobRun.findFirst({ where: { job }, orderBy: { slot: 'desc' } });
      return row ? { slot: row.slot, status: row.status, owner: row.owner } : undefined;
    },
  };
}
