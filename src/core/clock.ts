/** The only source of "now" in the core, so tests and local scripts can move time. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/**
 * Real time plus an offset that only grows: the local chat's `/wait 2h` and the tests advance it. Starting from a
 * fixed instant makes transcripts reproducible.
 */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  readonly #base: () => number;

  constructor(start?: Date) {
    const realStart = Date.now();
    this.#base = start ? () => start.getTime() + (Date.now() - realStart) : () => Date.now();
  }

  now(): Date {
    return new Date(this.#base() + this.#offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('time only moves forward');
    this.#offsetMs += ms;
  }
}
