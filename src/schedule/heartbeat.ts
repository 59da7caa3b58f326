import schedule from 'node-schedule';
import type { Logger } from '../core/logger.js';

/**
 * How often time-driven checks run: often enough that a short unanswered-question delay fires within seconds,
 * rarely enough to cost nothing (at most every 15 s). The period divides a minute so cron can express it.
 */
export function heartbeatSeconds(unansweredAfterMs: number): number {
  const wanted = Math.max(1, Math.floor(unansweredAfterMs / 1000 / 20));
  return [15, 10, 5, 3, 2, 1].find((s) => s <= wanted) ?? 1;
}

/** Runs `tick` on a node-schedule cron rule; `stop()` cancels it and waits for a running tick to end. */
export function startHeartbeat(seconds: number, tick: () => Promise<void>, log: Logger): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const job = schedule.scheduleJob(`*/${seconds} * * * * *`, () => {
    running = tick().catch((error: unknown) => log.error({ err: error }, 'heartbeat tick failed'));
  });
  return {
    async stop() {
      job.cancel();
      await running;
    },
  };
}
