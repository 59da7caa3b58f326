/**
 * How many new requests (approvals, questions, permission prompts) each agent may make per minute, in this process: a
 * runaway agent cannot flood a channel with cards. A sliding window of the last minute's request times.
 */
export class RateLimit {
  readonly #times = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request for `agent`; false when it already made `limit` in the last minute. */
  take(agent: string): boolean {
    const now = this.now();
    const recent = (this.#times.get(agent) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.limit) {
      this.#times.set(agent, recent);
      return false;
    }
    recent.push(now);
    this.#times.set(agent, recent);
    return true;
  }
}
