import type { DedupeStore } from '../core/store-ports.js';
import type { Db } from './client.js';
import { isUniqueViolation } from './prisma-errors.js';

/** The primary key does the work: a second insert of the same key fails, in any process. */
export function prismaDedupeStore(db: Db): DedupeStore {
  return {
    async firstTime(key, at) {
      try {
        await db.seenEvent.create({ data: { key, at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
  };
}
