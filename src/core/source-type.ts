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
  /** What its events are about, for the detectors that watch them. */
  readonly records: 'task' | 'deal';
  /** A tool's own delivery format (GitHub, Jira, HubSpot); Teammate's own (X-Teammate-Signature) when absent. */
  readonly wire?: TWire;
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
  event(body: TBody, target: TTarget): TSourceEvent<TPayload> | readonly TSourceEvent<TPayload>[];
  /**
   * Why a delivery is acknowledged and not read (GitHub's `ping`, an event kind Teammate does not use), before it is
   * placed in a channel: answered 202 "ignored" with the reason, nothing stored.
   */
  ignored?(body: TBody): string | undefined;
  /** Updates what the bot knows (idempotent: a signal may be processed twice after a crash). */
  record(deps: CoreDeps, event: { source: string; channel: TKey; at: Date; payload: TPayload }): Promise<void>;
};

/**
 * One event of a delivery: the record it is about (events about one record are processed in order), what the inbox
 * keeps, and, for deliveries that carry several (HubSpot's batches), its own id and time.
 */
export type TSourceEvent<TPayload = unknown> = { key: string; payload: TPayload; id?: string; at?: Date };

/** A delivery as it arrived, before anything is parsed: what a tool's signature is computed over. */
export type TRawDelivery = {
  method: string;
  /** The URL the sender called, as it would have written it (scheme and host as the request names them). */
  urls: readonly string[];
  header(name: string): string | undefined;
  body: Buffer;
};

/**
 * How a tool signs and names its deliveries. The route checks the signature over the raw body before anything is
 * parsed or stored, hands `envelope` to the source type's body schema, and dedupes by `delivery`.
 */
export type TWire = {
  /** The tool's name for people (GitHub). */
  readonly label: string;
  /** What turns its webhook on, named when it is not configured ("TEAMMATE_WEBHOOK_SECRET_GITHUB"). */
  readonly setup: string;
  /** The header its signature arrives in, named when it does not hold. */
  readonly signatureHeader: string;
  /** Only its own secret opens it (HubSpot signs with the app's client secret), not TEAMMATE_WEBHOOK_SECRET. */
  readonly ownSecretOnly?: boolean;
  verify(delivery: TRawDelivery, secret: string, now: Date): Promise<boolean>;
  /** What the body schema reads: the JSON, with what the headers say about it (GitHub's event name). */
  envelope(delivery: TRawDelivery, json: unknown): unknown;
  /** The delivery's id from its headers (the dedupe key); the body's hash when absent. */
  delivery(delivery: TRawDelivery): string | undefined;
};
