import { z } from 'zod';

export const ZStatus = z.enum([
  'proposed',
  'pending',
  'approved',
  'rejected',
  'expired',
  'denied',
  'executing',
  'executed',
  'failed',
  'undone',
  'shadowed',
  'invalid',
  'withdrawn',
]);
export type TStatus = z.infer<typeof ZStatus>;

/** `refused`: undo found the thing changed by someone since, and left it alone (it may be tried again). */
export const ZUndoStatus = z.enum(['none', 'undoing', 'undone', 'failed', 'refused']);
export type TUndoStatus = z.infer<typeof ZUndoStatus>;

/**
 * The action lifecycle. `pending → pending` is an escalation; `executing` is claimed with a lease so a crashed
 * process's work is found again.
 */
const next: Record<TStatus, readonly TStatus[]> = {
  proposed: ['pending', 'approved', 'denied', 'shadowed', 'invalid'],
  pending: ['pending', 'approved', 'rejected', 'expired', 'withdrawn'],
  approved: ['executing'],
  executing: ['executed', 'failed'],
  executed: ['undone'],
  failed: [],
  rejected: [],
  expired: [],
  denied: [],
  undone: [],
  // Shadow mode: recorded with what the policy would have decided, and nothing else ever happens to it.
  shadowed: [],
  // A model's proposal that failed validation (unknown tool, bad arguments, a refusal): kept with the error.
  invalid: [],
  // Its reason went away before anyone decided (the question was answered, the task closed): kept with why.
  withdrawn: [],
};

export function canMove(from: TStatus, to: TStatus): boolean {
  return next[from].includes(to);
}

export const finalStatuses: readonly TStatus[] = [
  'rejected',
  'expired',
  'denied',
  'failed',
  'undone',
  'shadowed',
  'invalid',
  'withdrawn',
];
