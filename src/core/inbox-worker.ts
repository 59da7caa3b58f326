import type { CoreDeps } from './deps.js';
import { asAppError } from './errors.js';
import type { TSignal } from './signal.js';

const BATCH = 20;
const LEASE_MS = 60_000;
const ATTEMPTS = 3;

/**
 * Processes the inbox: claims signals in arrival order and hands each to `process`. A failure is retried after a
 * growing pause, up to three attempts, then recorded as failed. Calls while a drain runs join it (and make it look
 * once more), so a burst of deliveries costs one loop, and a crash leaves leases that the next drain picks up.
 */
export function createInboxWorker(deps: CoreDeps, process: (signal: TSignal) => Promise<void>) {
  let running: Promise<number> | undefined;
  let again = false;

  async function drainOnce(): Promise<number> {
    const { inbox } = deps.stores;
    let handled = 0;
    for (;;) {
      const now = deps.clock.now();
      const batch = await inbox.claim(BATCH, new Date(now.getTime() + LEASE_MS), now);
      if (batch.length === 0) return handled;
      for (const { key, signal, attempts } of batch) {
        try {
          await process(signal);
          await inbox.complete(key, deps.clock.now());
        } catch (error) {
          const failure = asAppError(error);
          const at = deps.clock.now();
          const retryAt = attempts < ATTEMPTS ? new Date(at.getTime() + attempts * 10_000) : undefined;
          deps.log.error(
            { err: failure, signal: key, attempts, retry: Boolean(retryAt) },
            'could not process a signal',
          );
          await inbox.fail(key, failure.message, retryAt, at);
        }
        handled += 1;
      }
    }
  }

  return {
    /** Processes everything claimable; resolves with how many signals were handled. Never rejects. */
    drain(): Promise<number> {
      if (running !== undefined) {
        again = true;
        return running;
      }
      running = (async () => {
        let total = 0;
        do {
          again = false;
          total += await drainOnce();
        } while (again);
        return total;
      })()
        .catch((error: unknown) => {
          deps.log.error({ err: asAppError(error) }, 'the inbox could not be read');
          return 0;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}
