import { z } from 'zod';
import { ZKey, ZPlatform } from './identity.js';

/**
 * A message that exists on a platform, enough to update, delete, react to or pin it. The core stores and passes
 * it whole and never looks inside: an adapter may keep more in it (Teams, its service URL), which is kept too.
 */
export const ZMessageRef = z.looseObject({
  platform: ZPlatform,
  conversation: ZKey,
  id: z.string().min(1),
  thread: z.string().min(1).optional(),
});
export type TMessageRef = z.infer<typeof ZMessageRef>;
