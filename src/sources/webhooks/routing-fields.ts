import { z } from 'zod';
import { ZPlatform } from '../../core/identity.js';

/**
 * What any delivery may say about where it goes and when it happened, next to its own fields. The channel may also
 * come from the query, the source's own setting or TEAMMATE_DEFAULT_CHANNEL (see the route).
 */
export const ZRouting = z.object({
  channel: z.string().trim().min(1).max(300).optional(),
  platform: ZPlatform.optional(),
  /** When it happened at the source; the time of receipt when absent. */
  at: z.coerce.date().optional(),
});

/** A person as a tracker names them: a key (`slack:U123`), or an id on the platform the events go to (`U123`). */
export const ZPersonRef = z.string().trim().min(1).max(200);
