/**
 * Whether a row was already handled for its current value: `mark` records the value it was handled for (the
 * last activity a nudge was for, the due date a miss was counted for), `current` is the value now. The claim
 * itself is a conditional update on the same two columns; this only keeps the candidates short.
 */
export function handledFor(mark: Date | null, current: Date | null | undefined): boolean {
  return mark !== null && mark.getTime() === current?.getTime();
}
