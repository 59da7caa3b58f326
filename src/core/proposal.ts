import { z } from 'zod';
import { ZKey, ZPlatform } from './identity.js';
import { ZMessageRef } from './message-ref.js';
import { ZRich } from './text/rich-text.js';

/** Who proposed an action: a deterministic detector, an LLM (with model and prompt version), a person or an agent. */
export const ZOrigin = z.discriminatedUnion('type', [
  z.object({ type: z.literal('detector'), name: z.string().min(1) }),
  z.object({ type: z.literal('llm'), model: z.string().min(1), promptVersion: z.string().min(1) }),
  z.object({ type: z.literal('person'), user: ZKey }),
  /** An AI agent that asked through the MCP server (it is never a person and never decides). */
  z.object({ type: z.literal('agent'), name: z.string().min(1) }),
]);
export type TOrigin = z.infer<typeof ZOrigin>;

/** Who proposed it, as the ledger's history names actors: `detector:<name>`, `llm:<model>` or the person's key. */
export function originActor(origin: TOrigin): string {
  if (origin.type === 'detector') return `detector:${origin.name}`;
  if (origin.type === 'llm') return `llm:${origin.model}`;
  if (origin.type === 'agent') return `agent:${origin.name}`;
  return origin.user;
}

/** A pointer to what the proposal is based on: a message, an event, a link. */
export const ZEvidence = z.object({
  label: z.string().min(1),
  /** The message it points at, linked where the platform has links. */
  message: ZMessageRef.optional(),
  url: z.string().optional(),
  excerpt: z.string().optional(),
  /** Show the excerpt whole, however long (what an agent asks to run: nobody approves the part they cannot see). */
  whole: z.boolean().optional(),
});
export type TEvidence = z.infer<typeof ZEvidence>;

/** What set the proposal off. */
export const ZTrigger = z.object({
  signalId: z.string().min(1),
  type: z.string().min(1),
  summary: ZRich.min(1),
  at: z.coerce.date(),
  user: ZKey.optional(),
});
export type TTrigger = z.infer<typeof ZTrigger>;

/** An action somebody (a detector, an LLM, a person) wants done. Nothing happens until the policy gate says so. */
export const ZProposal = z.object({
  kind: z.string().min(1),
  params: z.unknown(),
  rationale: ZRich.min(1),
  evidence: z.array(ZEvidence),
  origin: ZOrigin,
  trigger: ZTrigger,
  platform: ZPlatform,
  /** The channel whose policy applies and where approval cards go. */
  channel: ZKey,
  /** The thread the conversation about this action belongs in. */
  thread: z.string().optional(),
  /** The person who asked for it, if any: they may not approve it themselves unless the policy allows. */
  requestedBy: ZKey.optional(),
  /** The same situation proposed twice (a retry, two replicas) yields one ledger entry. */
  dedupeKey: z.string().min(1),
});
export type TProposal = z.infer<typeof ZProposal>;
