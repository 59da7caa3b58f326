import { platformOf } from '../identity.js';
import type { TProposal } from '../proposal.js';
import { isoWeek } from '../roundup/week.js';
import { channelRef, doc, list, person, quoted, rich } from '../text/build.js';
import { adminsOn } from '../workflow/access.js';
import type { Detector } from './detector.js';
import { mayPropose, option } from './detector-settings.js';
import { leastLoaded, median, openTasksByPerson } from './task-load.js';
import { throttle } from './throttle.js';

const NAME = 'overload';
const due = throttle(5 * 60_000);

/** One person's open tasks far above the team's median: propose a rebalance to the lead, with the numbers. */
export const overload: Detector = {
  name: NAME,
  description: "one person's open tasks are far above the team's median → propose a rebalance to the lead",
  options: [
    {
      key: 'factor',
      kind: 'ratio',
      default: 2,
      help: 'open tasks above this multiple of the median count as overloaded',
    },
    { key: 'minimum', kind: 'count', default: 5, help: 'fewer open tasks than this never count' },
  ],
  async onTick({ deps, now, propose }) {
    if (!due(deps.stores, now)) return;
    for (const channel of await deps.stores.tasks.channels()) {
      const platform = platformOf(channel);
      if (!deps.chats.has(platform)) continue;
      const allowed = await mayPropose(deps, overload, channel, now);
      if (!allowed) continue;
      const { config, settings } = allowed;
      const load = await openTasksByPerson(deps, channel);
      if (load.size < 3) continue;
      const typical = median([...load.values()].map((tasks) => tasks.length));
      const lead = settings.lead ?? (await adminsOn(deps, platform))[0];
      if (!lead) continue;
      // Once a week per person at most: the lead heard it, and the roundup keeps the numbers in view.
      const week = isoWeek(now, settings.timeZone);
      for (const [who, tasks] of load) {
        if (tasks.length < option(config, 'minimum') || tasks.length <= option(config, 'factor') * Math.max(typical, 1))
          continue;
        const excess = Math.ceil(tasks.length - typical);
        const moves = Math.max(1, Math.floor(excess / 2));
        const helper = leastLoaded(load, [who]);
        const text = doc(
          rich`${person(who)} has ${tasks.length} open tasks in ${channelRef(channel)}, against a team median of ${typical}.`,
          helper
            ? rich`A rebalance to consider: move ${moves} of them to ${person(helper)} (${load.get(helper)?.length ?? 0} open), for example:`
            : rich`A rebalance to consider: move ${moves} of them, for example:`,
          list(tasks.slice(-moves).map((t) => [quoted(t.title, 80)])),
          rich`Nothing has been changed; reassign in the tracker if you agree.`,
        );
        const proposal: TProposal = {
          kind: 'send_dm',
          params: { user: lead, text },
          rationale: rich`${person(who)} holds ${tasks.length} open tasks, more than ${option(config, 'factor')}× the team median of ${typical}; the lead decides on a rebalance`,
          evidence: tasks.slice(0, 10).map((t) => ({ label: 'a task', url: t.url, excerpt: t.title.slice(0, 100) })),
          origin: { type: 'detector', name: NAME },
          trigger: {
            signalId: `tasks:${channel}:${who}:${week}`,
            type: 'workload',
            summary: rich`${person(who)} has ${tasks.length} open tasks (median ${typical})`,
            at: now,
            user: who,
          },
          platform,
          channel,
          dedupeKey: `${NAME}:${channel}:${who}:${week}`,
        };
        await propose(proposal);
      }
    }
  },
};
