/** The only source of "now" in the core, so tests and local scripts can move time. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/**
 * Real time plus an offset that only grows: the local chat's `/wait 2h` and the tests advance it. A frozen clock
 * (a script started at a fixed instant) moves only when advanced, so its transcript is the same on every run.
 */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  readonly #base: () => number;

  constructor(start?: Date, options: { frozen?: boolean } = {}) {
    const realStart = Date.now();
    if (start && options.frozen) this.#base = () => start.getTime();
    else this.#base = start ? () => start.getTime() + (Date.now() - realStart) : () => Date.now();
  }

  now(): Date {
    return new Date(this.#base() + this.#offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('time only moves forward');
    this.#offsetMs += ms;
  }
}
