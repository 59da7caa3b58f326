export type TCircuitState = 'closed' | 'open' | 'half-open';

/**
 * After `threshold` failures in a row the model is not called for `cooldownMs`; then one trial call decides
 * whether it closes again. `failure` says when the circuit has just opened, so admins are told once.
 */
export class CircuitBreaker {
  #state: TCircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;

  constructor(
    private readonly threshold = 3,
    private readonly cooldownMs = 5 * 60_000,
  ) {}

  get state(): TCircuitState {
    return this.#state;
  }

  /** Whether a call may be made now (an open circuit past its cooldown lets one trial through). */
  allow(now: Date): boolean {
    if (this.#state === 'open' && now.getTime() - this.#openedAt >= this.cooldownMs) this.#state = 'half-open';
    return this.#state !== 'open';
  }

  success(): void {
    this.#state = 'closed';
    this.#failures = 0;
  }

  /** Records a failure; true when this one opened the circuit. */
  failure(now: Date): boolean {
    this.#failures += 1;
    if (this.#state === 'half-open' || (this.#state === 'closed' && this.#failures >= this.threshold)) {
      const opened = this.#state === 'closed';
      this.#state = 'open';
      this.#openedAt = now.getTime();
      return opened;
    }
    return false;
  }
}
