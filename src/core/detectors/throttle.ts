/**
 * Sweeps that read whole tables run at most once per `everyMs` of the core's clock for each set of stores (ticks
 * come every few seconds); proposals are deduplicated anyway, so this only saves work.
 */
export function throttle(everyMs: number): (owner: object, now: Date) => boolean {
  const last = new WeakMap<object, number>();
  return (owner, now) => {
    const previous = last.get(owner);
    if (previous !== undefined && now.getTime() - previous < everyMs && now.getTime() >= previous) return false;
    last.set(owner, now.getTime());
    return true;
  };
}
