import type { z } from 'zod';
import type { CoreDeps } from './deps.js';
import type { TKey, TPlatform } from './identity.js';

/** Where a source's events go: the conversation whose detectors, policy and people they concern. */
export type TTarget = { platform: TPlatform; channel: TKey };

/**
 * What every delivery's body may say besides its own fields (src/sources/webhooks/routing-fields.ts parses them):
 * where it goes and when it happened. The route reads these alike for every type.
 */
export type TRoutingFields = { channel?: string; platform?: TPlatform; at?: Date };

/**
 * A kind of outside record that arrives by webhook (a tracker's tasks, a CRM's deals), as one value: how a delivery
 * is read (its zod schema), what of it is kept in the inbox, and what the bot remembers when it is processed.
 * Adding a kind is writing one of these and putting it in the registry (src/sources/webhooks/source-types.ts), plus a
 * store if it keeps state of its own.
 */
export type SourceType<TBody extends TRoutingFields = TRoutingFields, TPayload = unknown> = {
  /** Its name in TEAMMATE_WEBHOOK_SOURCES (`tasks=task`). */
  readonly type: string;
  /**
   * A delivery's body, parsed at the edge (the routing fields with the type's own, as `ZRouting.extend(…)`); a body
   * that does not match is refused with 400 naming the field.
   */
  readonly body: z.ZodType<TBody>;
  /** What the inbox keeps of an event, parsed again when it is processed. */
  readonly payload: z.ZodType<TPayload>;
  /**
   * The event a body makes for `target`: its payload (people in it as keys on the target's platform) and the record
   * it is about (events about one record are processed in order).
   */
  event(body: TBody, target: TTarget): { key: string; payload: TPayload };
  /** Updates what the bot knows (idempotent: a signal may be processed twice after a crash). */
  record(deps: CoreDeps, event: { source: string; channel: TKey; at: Date; payload: TPayload }): Promise<void>;
};
