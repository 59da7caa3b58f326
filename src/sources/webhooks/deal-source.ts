import { z } from 'zod';
import { qualify, ZKey } from '../../core/identity.js';
import type { SourceType } from '../../core/source-type.js';
import { ZPersonRef, ZRouting } from './routing-fields.js';

const deal = {
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(500),
  stage: z.string().trim().min(1).max(100),
  value: z.string().max(100).optional(),
  lastActivityAt: z.coerce.date(),
  url: z.url({ protocol: /^https?$/ }).optional(),
};

/** A CRM's event: `{"deal":{"id":"D-7","name":"…","stage":"proposal","owner":"U123","lastActivityAt":"…"}}`. */
const ZDealBody = ZRouting.extend({
  event: z.enum(['created', 'updated', 'stage_changed', 'activity']).default('updated'),
  deal: z.object({ ...deal, owner: ZPersonRef.nullish() }),
});
const ZDealPayload = z.object({ deal: z.object({ ...deal, owner: ZKey.nullish() }) });

const CLOSED_STAGE = /^(?:closed|won|lost)\b|^closed[-_ ]/i;

/** Teammate's own deal format, for CRMs that can send a custom webhook. */
export const dealSource: SourceType<z.infer<typeof ZDealBody>, z.infer<typeof ZDealPayload>> = {
  type: 'deal',
  records: 'deal',
  body: ZDealBody,
  payload: ZDealPayload,
  event(body, target) {
    const { owner } = body.deal;
    return {
      key: body.deal.id,
      payload: { deal: { ...body.deal, owner: owner ? qualify(owner, target.platform) : owner } },
    };
  },
  async record(deps, { source, channel, at, payload: { deal } }) {
    await deps.stores.deals.apply(
      {
        source,
        externalId: deal.id,
        channel,
        name: deal.name,
        stage: deal.stage,
        owner: deal.owner ?? undefined,
        value: deal.value,
        url: deal.url,
        closed: CLOSED_STAGE.test(deal.stage),
        lastActivityAt: deal.lastActivityAt,
      },
      at,
    );
  },
};
