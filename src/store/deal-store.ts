import type { DealStore, TDeal } from '../core/autonomy-ports.js';
import { platformOf } from '../core/identity.js';
import type { Db } from './client.js';

type TRow = Awaited<ReturnType<Db['deal']['findFirstOrThrow']>>;

function toDeal(row: TRow): TDeal {
  return {
    id: row.id,
    source: row.source,
    externalId: row.externalId,
    platform: row.platform,
    channel: row.channel,
    name: row.name,
    stage: row.stage,
    owner: row.owner ?? undefined,
    ...(row.toolOwner ? { toolOwner: row.toolOwner } : {}),
    value: row.value ?? undefined,
    url: row.url ?? undefined,
    closed: row.closed,
    lastActivityAt: row.lastActivityAt,
  };
}

export function prismaDealStore(db: Db): DealStore {
  return {
    async apply(deal, at) {
      const { source, externalId, ...fields } = deal;
      const data = {
        ...fields,
        platform: platformOf(fields.channel),
        owner: fields.owner ?? null,
        toolOwner: fields.toolOwner ?? null,
        value: fields.value ?? null,
        url: fields.url ?? null,
        updatedAt: at,
      };
      const row = await db.deal.upsert({
        where: { source_externalId: { source, externalId } },
        create: { source, externalId, ...data },
        update: data,
      });
      return toDeal(row);
    },
    async get(source, externalId) {
      const row = await db.deal.findUnique({ where: { source_externalId: { source, externalId } } });
      return row ? toDeal(row) : undefined;
    },
    async quiet(before, limit) {
      const rows = await db.deal.findMany({
        where: {
          closed: false,
          lastActivityAt: { lt: before },
          // With an owner: a person in chat, or the CRM's owner nobody linked yet (the card says so).
          OR: [{ owner: { not: null } }, { toolOwner: { not: null } }],
          // Not yet handled for the current value, decided in the query: filtering a window of rows afterwards let
          // rows handled long ago fill the window, and new ones were never found.
          AND: [{ OR: [{ nudgedFor: null }, { nudgedFor: { not: { equals: db.deal.fields.lastActivityAt } } }] }],
        },
        orderBy: { lastActivityAt: 'asc' },
        take: limit,
      });
      return rows.map(toDeal);
    },
    async markNudged(id, lastActivityAt) {
      const { count } = await db.deal.updateMany({
        where: { id, lastActivityAt, OR: [{ nudgedFor: null }, { nudgedFor: { not: lastActivityAt } }] },
        data: { nudgedFor: lastActivityAt },
      });
      return count > 0;
    },
    async linkOwner(source, toolOwner, person, at) {
      const { count } = await db.deal.updateMany({
        where: { source, toolOwner, owner: null, closed: false },
        data: { owner: person, updatedAt: at },
      });
      return count;
    },
  };
}
