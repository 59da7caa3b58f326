import { settingsOf } from '../core/channel-settings.js';
import type { CoreDeps } from '../core/deps.js';
import { platformOf } from '../core/identity.js';
import { proposeRoundup } from '../core/roundup/propose-roundup.js';
import { weeklyCron } from '../core/schedule-rule.js';
import type { Scheduler } from './scheduler.js';

const PREFIX = 'roundup:';

/**
 * Makes the scheduler's roundup jobs match the schedules in the database (set by any replica), each in its
 * channel's time zone. Cheap enough to run on every heartbeat.
 */
export async function syncRoundupJobs(deps: CoreDeps, scheduler: Scheduler): Promise<void> {
  const wanted = new Set<string>();
  for (const schedule of await deps.stores.roundups.all()) {
    const cron = weeklyCron(schedule.schedule);
    const platform = platformOf(schedule.channel);
    if (!cron || !deps.chats.has(platform)) continue;
    const name = `${PREFIX}${schedule.channel}`;
    wanted.add(name);
    scheduler.set({
      name,
      cron,
      timeZone: (await settingsOf(deps, schedule.channel)).timeZone,
      since: schedule.setAt,
      run: async (slot) => {
        await proposeRoundup(deps, { platform, channel: schedule.channel, slot });
      },
    });
  }
  for (const name of scheduler.names()) if (name.startsWith(PREFIX) && !wanted.has(name)) scheduler.remove(name);
}
