import { asAppError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * Work that must not hold up an acknowledgement (a click, a slash command): started now, its failure logged, and
 * tracked, so shutdown and tests can wait until nothing is left running.
 */
export class Background {
  readonly #running = new Set<Promise<void>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  run(what: string, work: () => Promise<void>): void {
    const task = work()
      .catch((error: unknown) => this.#log.error({ err: asAppError(error) }, `${what} failed`))
      .finally(() => this.#running.delete(task));
    this.#running.add(task);
  }

  /** Resolves when every task started so far (and those they started) has finished. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
