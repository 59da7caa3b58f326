import type { CoreDeps } from '../core/deps.js';
import type { Teammate } from '../core/teammate.js';
import type { LocalWorld } from '../platforms/local/world.js';
import { syncRoundupJobs } from './roundup-jobs.js';
import type { Scheduler } from './scheduler.js';

export type TTickParts = {
  deps: CoreDeps;
  teammate: Teammate;
  world: LocalWorld;
  calendars: { tick(): Promise<void> };
  scheduler: Scheduler;
};

/**
 * One heartbeat's worth of time-driven work, in order: the local world's scheduled messages, calendar feeds that
 * are due, the scheduled jobs (roundups, kept in line with the database first), then the core's own tick.
 * `waitForJobs` also waits for the scheduled runs it started (scripts and tests want each step finished); the
 * process's heartbeat does not, so a slow job never holds up the next beat.
 */
export function createTick(parts: TTickParts, options: { waitForJobs: boolean }): () => Promise<void> {
  return async () => {
    parts.world.deliverDue(parts.deps.clock.now());
    await parts.calendars.tick();
    await syncRoundupJobs(parts.deps, parts.scheduler);
    await parts.scheduler.runDue();
    if (options.waitForJobs) await parts.scheduler.idle();
    await parts.teammate.tick();
  };
}
