import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, AppErrorCode } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { ConnectorCallError } from './connector.js';
import { Pace } from './pace.js';

export type TRetry = { attempts: number; minMs: number; maxMs: number; perSecond?: number };

/**
 * Production pace and retries: Teams answers 429 with Retry-After under load (about 50 requests a second per app and
 * tenant), so calls start at most 40 a second, and a refused one is tried five times.
 */
export const teamsRetry: TRetry = { attempts: 5, minMs: 1_000, maxMs: 16_000, perSecond: 40 };

const retriable = (error: unknown): error is ConnectorCallError =>
  error instanceof ConnectorCallError &&
  (error.status === undefined || error.status === 429 || error.status === 408 || error.status >= 500);

/**
 * Outbound calls to the Bot Connector: one at a time per conversation, so messages keep their order; at most
 * `perSecond` starting in any second across conversations; retried on 429 (after Retry-After), 5xx and network
 * failures with backoff. After the last attempt the failure is a chat error in words, which the core records and
 * tells a human about, as on Slack.
 */
export class Outbound {
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #retry: TRetry;
  readonly #pace: Pace;
  readonly #log: Logger;

  constructor(retry: TRetry, log: Logger, pace?: Pace) {
    this.#retry = retry;
    this.#pace = pace ?? new Pace(retry.perSecond ?? teamsRetry.perSecond ?? 40);
    this.#log = log;
  }

  run<T>(conversation: string, operation: string, call: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(conversation) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#attempt(operation, call));
    const settled = next.catch(() => undefined);
    this.#queues.set(conversation, settled);
    void settled.then(() => {
      if (this.#queues.get(conversation) === settled) this.#queues.delete(conversation);
    });
    return next;
  }

  async #attempt<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const { attempts, minMs, maxMs } = this.#retry;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#pace.take();
        return await call();
      } catch (error) {
        if (!retriable(error) || attempt >= attempts) {
          const message = error instanceof Error ? error.message : String(error);
          throw new AppError(AppErrorCode.chat, {
            message: retriable(error)
              ? `Teams did not accept ${operation} after ${attempt} attempts: ${message}`
              : message,
            cause: error,
          });
        }
        const backoff = Math.min(maxMs, minMs * 2 ** (attempt - 1));
        const wait = Math.min(maxMs, error.retryAfterMs ?? backoff);
        this.#log.warn({ operation, status: error.status, attempt, waitMs: wait }, 'Teams call failed; retrying');
        await sleep(wait);
      }
    }
  }
}
