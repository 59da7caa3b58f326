import type { RoundupStore } from '../core/autonomy-ports.js';
import { platformOf } from '../core/identity.js';
import type { Db } from './client.js';

export function prismaRoundupStore(db: Db): RoundupStore {
  return {
    async set(s) {
      const data = { schedule: s.schedule, setBy: s.setBy, setAt: s.setAt };
      const platform = platformOf(s.channel);
      await db.roundupSchedule.upsert({
        where: { platform_channel: { platform, channel: s.channel } },
        create: { platform, channel: s.channel, ...data },
        update: data,
      });
    },
    async remove(channel) {
      return (await db.roundupSchedule.deleteMany({ where: { channel } })).count > 0;
    },
    async all() {
      const rows = await db.roundupSchedule.findMany({ orderBy: { channel: 'asc' } });
      return rows.map(({ channel, schedule, setBy, setAt }) => ({ channel, schedule, setBy, setAt }));
    },
  };
}
