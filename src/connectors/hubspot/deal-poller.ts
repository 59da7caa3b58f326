import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { CrmPort } from '../../core/connector-port.js';
import { platformOf, type TKey } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { TSignal } from '../../core/signal.js';

/**
 * Reads every open deal of a CRM now and then (deliveries say what changed; this finds the deals that went quiet,
 * which send nothing). Each reading that differs from the last becomes a signal in the inbox, processed like a
 * delivery; an unchanged one is recognised by its id and costs nothing more.
 */
export function createDealPoller(options: {
  crm: CrmPort;
  /** Where the deals' signals go; without one the poller says so once and waits. */
  channel?: TKey;
  everyMs: number;
  receive(signal: TSignal): Promise<unknown>;
  clock: Clock;
  log: Logger;
}) {
  const { crm, clock, log } = options;
  let next = 0;
  let warned = false;
  return {
    async tick(): Promise<void> {
      const now = clock.now();
      if (now.getTime() < next) return;
      next = now.getTime() + options.everyMs;
      const { channel } = options;
      if (!channel) {
        if (!warned)
          log.warn(
            {},
            `${crm.label} deals are not read: set TEAMMATE_WEBHOOK_CHANNEL_${crm.tool.toUpperCase()} or TEAMMATE_DEFAULT_CHANNEL`,
          );
        warned = true;
        return;
      }
      let read = 0;
      try {
        for await (const deal of crm.openDeals()) {
          read++;
          const reading = createHash('sha256').update(JSON.stringify(deal)).digest('hex').slice(0, 24);
          await options.receive({
            id: `poll:${crm.tool}:${deal.id}:${reading}`,
            type: 'webhook',
            platform: platformOf(channel),
            at: now,
            source: crm.tool,
            kind: crm.tool,
            channel,
            key: deal.id,
            payload: { what: 'deal', deal },
          });
        }
        log.debug({ connector: crm.tool, deals: read }, 'open deals read');
      } catch (error) {
        // The connector's health keeps the error for /teammate status; the next reading comes at the usual time.
        log.warn({ err: error, connector: crm.tool, read }, `could not read the open ${crm.label} deals`);
      }
    },
  };
}
