import type { TFailedDelivery } from '../store-ports.js';
import { bold, code, doc, joinRich, list, quoted, rich } from '../text/build.js';
import type { TDoc } from '../text/rich-text.js';
import { formatTime } from './format.js';

/** `/teammate inbox`: the deliveries given up on, each with its id (to retry it), when, and why. */
export function failedDeliveries(found: { rows: readonly TFailedDelivery[]; total: number }, timeZone: string): TDoc {
  if (found.total === 0) return doc(rich`No delivery is waiting for a retry: every event I received was processed.`);
  const more = found.total > found.rows.length ? ` (the ${found.rows.length} most recent)` : '';
  return doc(
    rich`${bold(`Deliveries I gave up on: ${found.total}`)}${more}`,
    list(
      found.rows.map(
        (d) =>
          rich`${code(d.key)} from ${d.platform}, ${formatTime(d.failedAt, timeZone)}, after ${String(d.attempts)} attempts: ${quoted(d.error, 200)}`,
      ),
    ),
    rich`Fix the cause, then ${code('/teammate inbox retry <id>')} or ${code('/teammate inbox retry all')} (admins).`,
  );
}

/** The answer to `/teammate inbox retry`. */
export function retried(keys: readonly string[] | 'all', count: number): TDoc {
  if (count === 0) {
    return doc(
      keys === 'all'
        ? rich`There was nothing to retry: no delivery is waiting.`
        : rich`There was nothing to retry: ${joinRich(
            keys.map((k) => [code(k)]),
            ', ',
          )} ${keys.length === 1 ? 'is' : 'are'} not among the deliveries I gave up on (${code('/teammate inbox')} lists them).`,
    );
  }
  return doc(rich`Queued ${String(count)} ${count === 1 ? 'delivery' : 'deliveries'} again; I am processing them now.`);
}
