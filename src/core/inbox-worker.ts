import type { CoreDeps } from './deps.js';
import { asAppError } from './errors.js';
import { conversationOf, type TSignal } from './signal.js';

const BATCH = 50;
const LEASE_MS = 60_000;
const ATTEMPTS = 3;

/**
 * Processes the inbox: claims signals in arrival order and hands each to `process`, in order within a
 * conversation. A failure is retried after a growing pause, up to three attempts, then recorded as failed. Calls while a drain runs join it (and make it look
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
      const done: string[] = [];
      const lanes = new Map<string, typeof batch>();
      for (const item of batch) {
        const lane = lanes.get(conversationOf(item.signal));
        if (lane) lane.push(item);
        else lanes.set(conversationOf(item.signal), [item]);
      }
      // In order within a conversation, side by side across conversations (so their writes can share a batch).
      await Promise.all(
        [...lanes.values()].map(async (lane) => {
          for (const { key, signal, attempts } of lane) {
            try {
              await process(signal);
              done.push(key);
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
          }
        }),
      );
      handled += batch.length;
      // Completed a batch at a time: after a crash the batch is processed again, which detectors allow.
      await inbox.complete(done, deps.clock.now());
      // A short batch emptied the inbox; whatever arrived meanwhile set `again`, so no extra query is needed here.
      if (batch.length < BATCH) return handled;
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
