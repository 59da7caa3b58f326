import type { AddressStore } from '../core/store-ports.js';
import type { Db } from './client.js';
import { toJson } from './json-column.js';

/** PlatformAddress rows: one per platform, kind and key, replaced whenever the adapter learns something newer. */
export function prismaAddressStore(db: Db): AddressStore {
  return {
    async get(platform, kind, key) {
      const row = await db.platformAddress.findUnique({ where: { platform_kind_key: { platform, kind, key } } });
      if (!row) return undefined;
      try {
        return JSON.parse(row.data) as unknown;
      } catch {
        // The adapter's schema check reports it; a row that is not JSON reads as unknown.
        return undefined;
      }
    },
    async put(platform, kind, key, data, at) {
      const fields = { data: toJson(data), updatedAt: at };
      await db.platformAddress.upsert({
        where: { platform_kind_key: { platform, kind, key } },
        create: { platform, kind, key, ...fields },
        update: fields,
      });
    },
  };
}
