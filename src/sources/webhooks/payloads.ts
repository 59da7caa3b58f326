import { z } from 'zod';
import { ZPlatform } from '../../core/identity.js';
import { ZDealFields, ZTaskFields } from '../../core/signal.js';

/** Where an event goes when the body does not say: the channel and platform may also come from the query. */
const routing = {
  channel: z.string().trim().min(1).max(100).optional(),
  platform: ZPlatform.optional(),
  /** When it happened at the source; the time of receipt when absent. */
  at: z.coerce.date().optional(),
};

/** A person as a tracker names them: a key (`slack:U123`), or an id on the platform the events go to (`U123`). */
const person = z.string().trim().min(1).max(200).nullish();

/** A task tracker's event: `{"event":"assigned","task":{"id":"T-1","title":"…","assignee":"U123","due":"…"}}`. */
export const ZTaskWebhook = z.object({
  event: z.enum(['created', 'assigned', 'due', 'done', 'updated']),
  task: ZTaskFields.extend({ assignee: person }),
  ...routing,
});

/** A CRM's event: `{"deal":{"id":"D-7","name":"…","stage":"proposal","owner":"U123","lastActivityAt":"…"}}`. */
export const ZDealWebhook = z.object({
  event: z.enum(['created', 'updated', 'stage_changed', 'activity']).default('updated'),
  deal: ZDealFields.extend({ owner: person }),
  ...routing,
});

export const ZSourceType = z.enum(['task', 'deal']);
export type TSourceType = z.infer<typeof ZSourceType>;
export const webhookSchemas = { task: ZTaskWebhook, deal: ZDealWebhook } as const;
