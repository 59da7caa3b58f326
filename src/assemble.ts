import type { Catalogue } from './core/actions/catalogue.js';
import { defaultCatalogue } from './core/actions/catalogue.js';
import { reportCalendar } from './core/calendar-report.js';
import type { Clock } from './core/clock.js';
import type { Connectors } from './core/connector-port.js';
import type { CoreDeps, TBrain, TSettings } from './core/deps.js';
import { allDetectors } from './core/detectors/all-detectors.js';
import type { Detector } from './core/detectors/detector.js';
import type { Logger } from './core/logger.js';
import type { Metrics } from './core/metrics.js';
import { withOwnScheduling } from './core/own-scheduling.js';
import type { SourceType } from './core/source-type.js';
import type { Stores } from './core/store-ports.js';
import { createTeammate, type Teammate } from './core/teammate.js';
import type { PlatformAdapter } from './platforms/adapter.js';
import { syncRoundupJobs } from './schedule/roundup-jobs.js';
import { Scheduler } from './schedule/scheduler.js';
import { createCalendarPoller, type TCalendarPollerOptions } from './sources/calendar/calendar-poller.js';
import { sourceTypes } from './sources/webhooks/source-types.js';

export type TAssemblyParts = {
  stores: Stores;
  adapters: readonly PlatformAdapter[];
  settings: TSettings;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  calendars: TCalendarPollerOptions;
  brain?: TBrain;
  catalogue?: Catalogue;
  detectors?: readonly Detector[];
  sources?: ReadonlyMap<string, SourceType>;
  /** The tools Teammate reads and changes (GitHub, Jira, HubSpot), when configured. */
  connectors?: Connectors;
  /** Sources read by asking now and then (HubSpot's open deals): each tick lets them look if it is time. */
  pollers?: readonly { tick(): Promise<void> }[];
  /** Wake the scheduler with node-schedule timers (off where a test or script steers the clock). */
  timers: boolean;
};

export type TAssembly = {
  core: Teammate;
  deps: CoreDeps;
  scheduler: Scheduler;
  calendars: ReturnType<typeof createCalendarPoller>;
  /**
   * One heartbeat's worth of time-driven work, in order: the adapters' own (the local chat's scheduled messages),
   * calendar feeds that are due, the CRM's open deals when it is time, the scheduled jobs (roundups, kept in line with the database first), then the
   * core's tick. `waitForJobs` also waits for the scheduled runs it started (scripts and tests want each step
   * finished); the process's heartbeat does not, so a slow job never holds up the next beat.
   */
  tick(options?: { waitForJobs: boolean }): Promise<void>;
};

/**
 * The core and what drives it, from stores, adapters and settings: the one place they are wired together. The
 * runtime (and with it the demo and the benchmarks) and the test harness all build the bot here.
 */
export function assemble(parts: TAssemblyParts): TAssembly {
  const { stores, adapters, clock, log } = parts;
  // Calendar changes are deliveries like any other: stored in the inbox, whose next drain (the core's tick, which
  // follows in the same heartbeat) processes them. So the poller needs the stores, not the core it is part of.
  const calendars = createCalendarPoller({
    calendar: stores.calendar,
    receive: (signal) => stores.inbox.enqueue(signal, clock.now()),
    clock,
    log,
    options: parts.calendars,
    ...(parts.connectors?.calendars ? { calendars: parts.connectors.calendars } : {}),
    report: (feed, problem) => reportCalendar(deps, feed, problem),
  });
  const deps: CoreDeps = {
    stores,
    // Platforms that cannot schedule messages get Teammate's own scheduler (posted on the core's tick).
    chats: new Map(adapters.map((a) => [a.platform, withOwnScheduling(a.chat, stores.scheduled, clock)])),
    catalogue: parts.catalogue ?? defaultCatalogue,
    sources: parts.sources ?? sourceTypes,
    clock,
    log,
    metrics: parts.metrics,
    settings: parts.settings,
    calendars,
    ...(parts.connectors ? { connectors: parts.connectors } : {}),
    ...(parts.brain ? { brain: parts.brain } : {}),
  };
  const core = createTeammate(deps, parts.detectors ?? allDetectors);
  const scheduler = new Scheduler({ store: stores.jobs, clock, log, timers: parts.timers });
  return {
    core,
    deps,
    scheduler,
    calendars,
    async tick(options = { waitForJobs: false }) {
      for (const adapter of adapters) adapter.tick?.(clock.now());
      await calendars.tick();
      for (const poller of parts.pollers ?? []) await poller.tick();
      await syncRoundupJobs(deps, scheduler);
      await scheduler.runDue();
      if (options.waitForJobs) await scheduler.idle();
      await core.tick();
    },
  };
}
