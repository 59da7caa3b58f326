import type { RoundupStore } from '../core/autonomy-ports.js';
import { ZPlatform } from '../core/signal.js';
import type { Db } from './client.js';

export function prismaRoundupStore(db: Db): RoundupStore {
  return {
    async set(s) {
      const data = { schedule: s.schedule, setBy: s.setBy, setAt: s.setAt };
      await db.roundupSchedule.upsert({
        where: { platform_channel: { platform: s.platform, channel: s.channel } },
        create: { platform: s.platform, channel: s.channel, ...data },
        update: data,
      });
    },
    async remove(platform, channel) {
      return (await db.roundupSchedule.deleteMany({ where: { platform, channel } })).count > 0;
    },
    async all() {
      const rows = await db.roundupSchedule.findMany({ orderBy: [{ platform: 'asc' }, { channel: 'asc' }] });
      return rows.map((r) => ({ ...r, platform: ZPlatform.parse(r.platform) }));
    },
  };
}
