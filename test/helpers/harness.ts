import { type Catalogue, defaultCatalogue } from '../../src/core/actions/catalogue.js';
import { AdjustableClock } from '../../src/core/clock.js';
import type { CoreDeps, TSettings } from '../../src/core/deps.js';
import { allDetectors } from '../../src/core/detectors/all-detectors.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Metrics } from '../../src/core/metrics.js';
import { createTeammate, type Teammate } from '../../src/core/teammate.js';
import { localChatPort } from '../../src/platforms/local/chat-port.js';
import { LocalSession } from '../../src/platforms/local/session.js';
import { Transcript } from '../../src/platforms/local/transcript.js';
import { LocalWorld } from '../../src/platforms/local/world.js';
import { Scheduler } from '../../src/schedule/scheduler.js';
import { createTick } from '../../src/schedule/tick.js';
import { createCalendarPoller } from '../../src/sources/calendar/calendar-poller.js';
import { createTestDatabase, type TDatabaseKind, type TTestDatabase } from './databases.js';

export const START = new Date('2026-11-23T09:00:00Z');

/** Counts what the core reports, so tests can check the figures /metrics would show. */
export function countingMetrics(): Metrics & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  return {
    counts,
    proposal: (kind, origin) => bump(`proposal:${kind}:${origin}`),
    decision: (kind, mode) => bump(`decision:${kind}:${mode}`),
    execution: (kind, outcome) => bump(`execution:${kind}:${outcome}`),
    undo: (kind, outcome) => bump(`undo:${kind}:${outcome}`),
    approvalLatency: (kind) => bump(`latency:${kind}`),
    llmCall: (outcome) => bump(`llm:${outcome}`),
  };
}

export type THarness = {
  db: TTestDatabase;
  deps: CoreDeps;
  teammate: Teammate;
  scheduler: Scheduler;
  /** Moves the clock forward in steps (15 minutes by default), ticking after each, as the heartbeat would. */
  advance(ms: number, step?: number): Promise<void>;
  world: LocalWorld;
  clock: AdjustableClock;
  transcript: Transcript;
  /** Everything the local chat printed. */
  lines: string[];
  metrics: ReturnType<typeof countingMetrics>;
  /** A person at the local chat; lines are handled completely before the promise resolves. */
  as(user: string, channel?: string): LocalSession;
  tick(): Promise<void>;
  printed(): string;
  close(): Promise<void>;
};

/** The real core, the real local adapter and real Prisma stores on a fresh database; only the clock is steered. */
export async function createHarness(
  kind: TDatabaseKind,
  options: { catalogue?: Catalogue; settings?: Partial<TSettings>; db?: TTestDatabase; world?: LocalWorld } = {},
): Promise<THarness> {
  const db = options.db ?? (await createTestDatabase(kind));
  const clock = new AdjustableClock(START);
  const world = options.world ?? new LocalWorld();
  const lines: string[] = [];
  const transcript = new Transcript((line) => lines.push(line), { color: false });
  world.onEvent((event) => transcript.render(event));
  const metrics = countingMetrics();
  const deps: CoreDeps = {
    stores: db.stores,
    chats: new Map([['local', localChatPort(world, clock)]]),
    catalogue: options.catalogue ?? defaultCatalogue,
    clock,
    log: silentLogger,
    metrics,
    settings: {
      admins: ['local:alice'],
      defaultTimeZone: 'UTC',
      unansweredAfterMs: 3_600_000,
      readBotMessages: false,
      executionLeaseMs: 120_000,
      runtime: { version: 'test', database: kind, startedAt: START },
      ...options.settings,
    },
  };
  let core: Teammate | undefined;
  const calendars = createCalendarPoller({
    calendar: db.stores.calendar,
    receive: (signal) => (core as Teammate).receive(signal),
    clock,
    log: silentLogger,
    // Tests serve their feeds from 127.0.0.1.
    options: { pollMs: 15 * 60_000, allowPrivate: true, timeoutMs: 2_000, maxBytes: 1024 * 1024 },
  });
  deps.calendars = calendars;
  const teammate = createTeammate(deps, allDetectors);
  core = teammate;
  const scheduler = new Scheduler({ store: db.stores.jobs, clock, log: silentLogger });
  // The runtime's tick, waiting for scheduled runs so that each step of a test is finished.
  const tick = createTick({ deps, teammate, world, calendars, scheduler }, { waitForJobs: true });
  return {
    db,
    deps,
    teammate,
    scheduler,
    advance: async (ms: number, step = 15 * 60_000) => {
      for (let done = 0; done < ms; done += step) {
        clock.advance(Math.min(step, ms - done));
        await tick();
      }
    },
    world,
    clock,
    transcript,
    lines,
    metrics,
    tick,
    as: (user, channel = 'general') => new LocalSession({ teammate, world, transcript, clock, tick, user, channel }),
    printed: () => lines.join('\n'),
    close: () => (options.db ? Promise.resolve() : db.destroy()),
  };
}

/** Plays lines as one user; returns only what was printed while they ran. */
export async function play(session: LocalSession, harness: THarness, ...lines: string[]): Promise<string> {
  const from = harness.lines.length;
  for (const line of lines) await session.handle(line);
  return harness.lines.slice(from).join('\n');
}
