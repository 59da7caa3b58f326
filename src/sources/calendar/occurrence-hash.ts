import { createHash } from 'node:crypto';
import type { TOccurrence } from '../../core/autonomy-ports.js';

/**
 * An occurrence with its hash: what the poller compares to tell "changed" from "unchanged", the same for every kind
 * of calendar (a feed, CalDAV, Google, Microsoft 365), so the same meeting read twice is the same occurrence.
 */
export function withHash(key: string, body: Omit<TOccurrence, 'key' | 'hash' | 'ref'>, ref?: string): TOccurrence {
  const hash = createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 16);
  return { key, ...body, hash, ...(ref === undefined ? {} : { ref }) };
}
