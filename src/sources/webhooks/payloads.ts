import { z } from 'zod';
import { ZDealFields, ZPlatform, ZTaskFields } from '../../core/signal.js';

/** Where an event goes when the body does not say: the channel and platform may also come from the query. */
const routing = {
  channel: z.string().trim().min(1).max(100).optional(),
  platform: ZPlatform.optional(),
  /** When it happened at the source; the time of receipt when absent. */
  at: z.coerce.date().optional(),
};

/** A task tracker's event: `{"event":"assigned","task":{"id":"T-1","title":"…","assignee":"U123","due":"…"}}`. */
export const ZTaskWebhook = z.object({
  event: z.enum(['created', 'assigned', 'due', 'done', 'updated']),
  task: ZTaskFields,
  ...routing,
});

/** A CRM's event: `{"deal":{"id":"D-7","name":"…","stage":"proposal","owner":"U123","lastActivityAt":"…"}}`. */
export const ZDealWebhook = z.object({
  event: z.enum(['created', 'updated', 'stage_changed', 'activity']).default('updated'),
  deal: ZDealFields,
  ...routing,
});

export const ZSourceType = z.enum(['task', 'deal']);
export type TSourceType = z.infer<typeof ZSourceType>;
export const webhookSchemas = { task: ZTaskWebhook, deal: ZDealWebhook } as const;
