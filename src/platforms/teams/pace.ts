import { setTimeout as sleep } from 'node:timers/promises';

export type TPaceClock = { now(): number; sleep(ms: number): Promise<void> };
const realClock: TPaceClock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

/**
 * At most `perSecond` calls start in any one second (a sliding window), in the order they asked: Teams throttles a
 * bot at about 50 requests a second per tenant, and a roundup posted to many channels at once should not find out
 * by 429s. The clock can be replaced (tests).
 */
export class Pace {
  readonly #perSecond: number;
  readonly #clock: TPaceClock;
  readonly #starts: number[] = [];
  #turns: Promise<void> = Promise.resolve();

  constructor(perSecond: number, clock: TPaceClock = realClock) {
    this.#perSecond = perSecond;
    this.#clock = clock;
  }

  /** Resolves when the caller may start. */
  take(): Promise<void> {
    const turn = this.#turns.then(async () => {
      for (;;) {
        const now = this.#clock.now();
        while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - 1000) this.#starts.shift();
        if (this.#starts.length < this.#perSecond) {
          this.#starts.push(now);
          return;
        }
        await this.#clock.sleep((this.#starts[0] ?? now) + 1000 - now);
      }
    });
    this.#turns = turn;
    return turn;
  }
}
