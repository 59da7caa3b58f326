import { hostname } from 'node:os';
import schedule from 'node-schedule';
import type { JobRunStore } from '../core/autonomy-ports.js';
import type { Clock } from '../core/clock.js';
import { asAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { previousSlot } from '../core/schedule-rule.js';

export type TJob = {
  /** Unique and stable across processes: it is half of the claim key. */
  name: string;
  cron: string;
  timeZone: string;
  /** Slots before this are never run (when the job was set up). */
  since: Date;
  run(slot: Date): Promise<void>;
};

export type TFireOutcome = 'ran' | 'failed' | 'taken' | 'skipped' | 'not-due';

/**
 * Runs each job once per slot, across processes: a slot is claimed by inserting (job, slot) into JobRun, which
 * the database accepts once. Only the latest slot at or before now is ever considered, so after downtime a job
 * catches up once (not once per missed slot), a clock that jumps back finds its slot already claimed, and a
 * clock that jumps forward runs the slot it landed in. A slot whose previous run is still going is recorded as
 * skipped. node-schedule wakes the scheduler at each slot; the heartbeat's `runDue` is the safety net.
 */
export class Scheduler {
  readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  readonly #jobs = new Map<string, { job: TJob; timer?: schedule.Job }>();
  readonly #running = new Set<Promise<unknown>>();
  #due: Promise<void> | undefined;

  constructor(
    private readonly options: {
      store: JobRunStore;
      clock: Clock;
      log: Logger;
      /** How long a run may go on before a later slot may run anyway. */
      leaseMs?: number;
      /** Wake up with node-schedule at each slot (off in tests that steer the clock). */
      timers?: boolean;
    },
  ) {}

  /** Adds or replaces a job. */
  set(job: TJob): void {
    const existing = this.#jobs.get(job.name);
    if (existing && existing.job.cron === job.cron && existing.job.timeZone === job.timeZone) {
      existing.job = job;
      return;
    }
    existing?.timer?.cancel();
    const timer = this.options.timers
      ? (schedule.scheduleJob({ rule: job.cron, tz: job.timeZone }, () => void this.runDue()) ?? undefined)
      : undefined;
    this.#jobs.set(job.name, { job, timer });
  }

  remove(name: string): void {
    this.#jobs.get(name)?.timer?.cancel();
    this.#jobs.delete(name);
  }

  names(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Runs every job whose latest slot has not been claimed yet; concurrent calls share one pass. */
  runDue(): Promise<void> {
    this.#due ??= this.#runDue().finally(() => {
      this.#due = undefined;
    });
    return this.#due;
  }

  async #runDue(): Promise<void> {
    const now = this.options.clock.now();
    for (const { job } of this.#jobs.values()) {
      const slot = previousSlot(job.cron, job.timeZone, now);
      if (slot < job.since) continue;
      const latest = await this.options.store.latest(job.name);
      if (latest && latest.slot >= slot) continue;
      const run = this.fire(job, slot);
      this.#running.add(run);
      // A long run must not hold up other jobs' slots; its completion is awaited by stop().
      void run.finally(() => this.#running.delete(run));
    }
  }

  /** Claims and runs one slot of a job. */
  async fire(job: TJob, slot: Date): Promise<TFireOutcome> {
    const { store, clock, log } = this.options;
    const claim = await store.claim(job.name, slot, this.owner, clock.now(), this.options.leaseMs ?? 3_600_000);
    if (claim === 'taken') return 'taken';
    if (claim === 'skipped') {
      log.warn({ job: job.name, slot }, 'skipped a slot: the previous run is still going');
      return 'skipped';
    }
    try {
      await job.run(slot);
      await store.finish(job.name, slot, 'done', clock.now());
      return 'ran';
    } catch (error) {
      const failure = asAppError(error);
      log.error({ err: failure, job: job.name, slot }, 'scheduled job failed');
      await store.finish(job.name, slot, 'failed', clock.now(), failure.message);
      return 'failed';
    }
  }

  /** Resolves when no pass and no run is in progress. */
  async idle(): Promise<void> {
    await this.#due;
    await Promise.allSettled([...this.#running]);
  }

  /** Cancels the timers and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const { timer } of this.#jobs.values()) timer?.cancel();
    this.#jobs.clear();
    await this.idle();
  }
}
