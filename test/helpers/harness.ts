import { assemble } from '../../src/assemble.js';
import type { Catalogue } from '../../src/core/actions/catalogue.js';
import type { ChatPort } from '../../src/core/chat-port.js';
import { AdjustableClock } from '../../src/core/clock.js';
import type { CoreDeps, TSettings } from '../../src/core/deps.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Metrics } from '../../src/core/metrics.js';
import type { Teammate } from '../../src/core/teammate.js';
import type { PlatformAdapter } from '../../src/platforms/adapter.js';
import { createLocalAdapter } from '../../src/platforms/local/local-adapter.js';
import { LocalSession } from '../../src/platforms/local/session.js';
import { Transcript } from '../../src/platforms/local/transcript.js';
import { LocalWorld } from '../../src/platforms/local/world.js';
import type { Scheduler } from '../../src/schedule/scheduler.js';
import { createTestDatabase, type TDatabaseKind, type TTestDatabase } from './databases.js';
import { assertNoRawValidation } from './raw-validation.js';

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

/**
 * The real core, assembled as the runtime assembles it (`assemble`), with the real local adapter (and any others a
 * test brings) and real Prisma stores on a fresh database; only the clock is steered.
 */
export async function createHarness(
  kind: TDatabaseKind,
  options: {
    catalogue?: Catalogue;
    settings?: Partial<TSettings>;
    db?: TTestDatabase;
    world?: LocalWorld;
    /** More platforms beside the local chat (built once the clock exists). */
    adapters?: (clock: AdjustableClock) => PlatformAdapter[];
    /** Changes the local chat's port (a test that freezes a process half-way through a call). */
    chatWrapper?: (chat: ChatPort) => ChatPort;
  } = {},
): Promise<THarness> {
  const db = options.db ?? (await createTestDatabase(kind));
  const clock = new AdjustableClock(START);
  const world = options.world ?? new LocalWorld();
  const lines: string[] = [];
  const transcript = new Transcript((line) => lines.push(line), { color: false, run: world.run });
  world.onEvent((event) => transcript.render(event));
  const metrics = countingMetrics();
  const local = createLocalAdapter(world, clock);
  const adapters = [
    options.chatWrapper ? { ...local, chat: options.chatWrapper(local.chat) } : local,
    ...(options.adapters?.(clock) ?? []),
  ];
  const assembly = assemble({
    stores: db.stores,
    adapters,
    ...(options.catalogue ? { catalogue: options.catalogue } : {}),
    clock,
    log: silentLogger,
    metrics,
    // Tests serve their feeds from 127.0.0.1.
    calendars: { pollMs: 15 * 60_000, allowPrivate: true, timeoutMs: 2_000, maxBytes: 1024 * 1024 },
    timers: false,
    settings: {
      admins: ['local:alice'],
      defaultTimeZone: 'UTC',
      unansweredAfterMs: 3_600_000,
      readBotMessages: false,
      executionLeaseMs: 120_000,
      runtime: { version: 'test', database: kind, startedAt: START },
      ...options.settings,
    },
  });
  const { core: teammate, deps, scheduler } = assembly;
  for (const adapter of adapters) await adapter.start(teammate);
  // The runtime's tick, waiting for scheduled runs so that each step of a test is finished.
  const tick = () => assembly.tick({ waitForJobs: true });
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
    close: async () => {
      await scheduler.stop();
      for (const adapter of adapters) await adapter.stop();
      if (!options.db) await db.destroy();
      assertNoRawValidation(lines, 'the local chat');
    },
  };
}

/** Plays lines as one user; returns only what was printed while they ran. */
export async function play(session: LocalSession, harness: THarness, ...lines: string[]): Promise<string> {
  const from = harness.lines.length;
  for (const line of lines) await session.handle(line);
  return harness.lines.slice(from).join('\n');
}
