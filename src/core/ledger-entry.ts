import { z } from 'zod';
import { ZPlatform } from './identity.js';
import { ZStatus, ZUndoStatus } from './lifecycle.js';
import { ZMessageRef } from './message-ref.js';
import { ZPolicyDecision } from './policy/gate.js';
import { ZOnExpiry } from './policy/policy-rule.js';
import { ZEvidence, ZOrigin, ZTrigger } from './proposal.js';
import { ZRich } from './text/rich-text.js';

/** What running an action produced: a line for humans, and the message it created (to find it from a thread). */
export const ZActionResult = z.object({ summary: ZRich, ref: ZMessageRef.optional() });
export type TActionResult = z.infer<typeof ZActionResult>;

/** A ledger row: the proposal, the decision, the history's current state, the result and the undo handle. */
export const ZLedgerEntry = z.object({
  id: z.number().int().positive(),
  dedupeKey: z.string(),
  platform: ZPlatform,
  channel: z.string(),
  thread: z.string().optional(),
  kind: z.string(),
  params: z.unknown(),
  summary: ZRich,
  origin: ZOrigin,
  trigger: ZTrigger,
  evidence: z.array(ZEvidence),
  rationale: ZRich,
  requestedBy: z.string().optional(),
  policy: ZPolicyDecision,
  mode: z.enum(['auto', 'approve', 'deny']),
  status: ZStatus,
  approvers: z.array(z.string()),
  approvalsNeeded: z.number().int(),
  allowSelfApproval: z.boolean(),
  expiresAt: z.date().optional(),
  onExpiry: ZOnExpiry,
  escalated: z.boolean(),
  decidedBy: z.string().optional(),
  decidedAt: z.date().optional(),
  executedAt: z.date().optional(),
  leaseUntil: z.date().optional(),
  result: ZActionResult.optional(),
  undoHandle: z.unknown().optional(),
  undoStatus: ZUndoStatus,
  undoneBy: z.string().optional(),
  undoneAt: z.date().optional(),
  /** Why it failed, or why its undo failed. */
  error: z.string().optional(),
  /** The reason a person gave with their decision (a rejection's reason). */
  reason: z.string().optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TLedgerEntry = z.infer<typeof ZLedgerEntry>;

/** One step of an entry's history. `to` is a status, or an undo step such as `undo:failed`. */
export type TLedgerEvent = { at: Date; from?: string; to: string; actor: string; note?: string };
export type TVote = { userId: string; decision: 'approve' | 'reject'; reason?: string; at: Date };

export function shortId(id: number): string {
  return `A-${id}`;
}

/** "A-42", "a42" or "42" → 42. */
export function parseShortId(text: string): number | undefined {
  const match = /^(?:A-?)?(\d{1,9})$/i.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}
