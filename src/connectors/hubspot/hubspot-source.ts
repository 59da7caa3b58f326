import { z } from 'zod';
import type { TDealSnapshot } from '../../core/connector-port.js';
import type { CoreDeps } from '../../core/deps.js';
import type { TKey } from '../../core/identity.js';
import { chatPersonOf } from '../../core/people.js';
import type { SourceType, TWire } from '../../core/source-type.js';
import { ZRouting } from '../../sources/webhooks/routing-fields.js';
import { isValidHubSpotSignature } from './hubspot-signature.js';

// HubSpot's webhook deliveries (https://developers.hubspot.com/docs/api/webhooks): a batch of events per request,
// each naming a deal and what changed. What the deal is now is read through the CRM API (the poller reads every
// open deal the same way), so a delivery is a reason to look, not the whole story.

const ZEvent = z.object({
  eventId: z.union([z.number(), z.string()]),
  subscriptionType: z.string().min(1).max(100),
  objectId: z.union([z.number(), z.string()]),
  /** Milliseconds since 1970, as HubSpot sends them. */
  occurredAt: z.number().int().min(0).max(8_640_000_000_000_000),
  portalId: z.union([z.number(), z.string()]).optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
});
const ZHubSpotBody = ZRouting.extend({ events: z.array(ZEvent).min(1).max(100) });

export const ZDealSnapshot = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.string(),
  owner: z.string().optional(),
  value: z.string().optional(),
  url: z.string().optional(),
  closed: z.boolean(),
  lastActivityAt: z.coerce.date(),
});

const ZHubSpotPayload = z.discriminatedUnion('what', [
  /** A delivery's event: what changed, to be read from the CRM. */
  z.object({
    what: z.literal('event'),
    dealId: z.string(),
    change: z.string(),
    property: z.string().optional(),
    value: z.string().optional(),
  }),
  /** The poller's reading of an open deal. */
  z.object({ what: z.literal('deal'), deal: ZDealSnapshot }),
]);
type TPayload = z.infer<typeof ZHubSpotPayload>;

const READ = new Set(['deal.creation', 'deal.propertyChange', 'deal.deletion']);
const CLOSED = /^closed(won|lost)$/i;

const wire: TWire = {
  label: 'HubSpot',
  setup:
    'HUBSPOT_CLIENT_SECRET (the client secret of the HubSpot app that sends the webhooks; and HUBSPOT_ACCESS_TOKEN to read and change deals)',
  signatureHeader: 'X-HubSpot-Signature-v3',
  ownSecretOnly: true,
  verify: async (delivery, secret, now) =>
    isValidHubSpotSignature(
      {
        method: delivery.method,
        uris: delivery.urls,
        body: delivery.body,
        signature: delivery.header('x-hubspot-signature-v3'),
        timestamp: delivery.header('x-hubspot-request-timestamp'),
      },
      secret,
      now,
    ),
  envelope: (_delivery, json) => ({ events: json }),
  delivery: () => undefined,
};

/** Records a deal as the CRM has it, with its owner as a person in chat where someone is linked or found by e-mail. */
export async function applyDeal(
  deps: CoreDeps,
  { source, channel, at }: { source: string; channel: TKey; at: Date },
  deal: TDealSnapshot,
): Promise<void> {
  const crm = deps.connectors?.crms.get(source);
  let owner: TKey | undefined;
  const { owner: ownerId } = deal;
  if (ownerId) {
    const lookup = crm?.person;
    owner = await chatPersonOf(
      deps,
      source,
      { id: ownerId },
      channel,
      lookup ? () => lookup(ownerId).catch(() => undefined) : undefined,
    );
  }
  await deps.stores.deals.apply(
    {
      source,
      externalId: deal.id,
      channel,
      name: deal.name,
      stage: deal.stage,
      ...(owner ? { owner } : {}),
      ...(deal.owner ? { toolOwner: deal.owner } : {}),
      ...(deal.value ? { value: deal.value } : {}),
      ...(deal.url ? { url: deal.url } : {}),
      closed: deal.closed,
      lastActivityAt: deal.lastActivityAt,
    },
    at,
  );
}

/** HubSpot deals: `deal.creation`, `deal.propertyChange` and `deal.deletion` deliveries, and the poller's readings. */
export const hubspotSource: SourceType<z.infer<typeof ZHubSpotBody>, TPayload> = {
  type: 'hubspot',
  records: 'deal',
  wire,
  body: ZHubSpotBody,
  payload: ZHubSpotPayload,
  ignored: (body) =>
    body.events.some((e) => READ.has(e.subscriptionType))
      ? undefined
      : 'only deal events are read (deal.creation, deal.propertyChange, deal.deletion)',
  event(body) {
    return body.events
      .filter((e) => READ.has(e.subscriptionType))
      .map((e) => ({
        id: String(e.eventId),
        key: String(e.objectId),
        at: new Date(e.occurredAt),
        payload: {
          what: 'event' as const,
          dealId: String(e.objectId),
          change: e.subscriptionType,
          ...(e.propertyName ? { property: e.propertyName } : {}),
          ...(e.propertyValue !== undefined ? { value: e.propertyValue } : {}),
        },
      }));
  },
  async record(deps, { source, channel, at, payload }) {
    if (payload.what === 'deal') return applyDeal(deps, { source, channel, at }, payload.deal);
    const known = await deps.stores.deals.get(source, payload.dealId);
    const crm = deps.connectors?.crms.get(source);
    if (crm) {
      // What the deal is now (a deleted one is closed here).
      const deal = payload.change === 'deal.deletion' ? undefined : await crm.deal(payload.dealId);
      if (deal) return applyDeal(deps, { source, channel: known?.channel ?? channel, at }, deal);
      if (known) {
        const { id: _id, platform: _platform, ...rest } = known;
        await deps.stores.deals.apply({ ...rest, closed: true }, at);
      }
      return;
    }
    // Without an access token only what the event says is known.
    const stage = payload.property === 'dealstage' && payload.value ? payload.value : known?.stage;
    await deps.stores.deals.apply(
      {
        source,
        externalId: payload.dealId,
        channel: known?.channel ?? channel,
        name: known?.name ?? `HubSpot deal ${payload.dealId}`,
        stage: stage ?? 'unknown',
        ...(known?.owner ? { owner: known.owner } : {}),
        ...(known?.toolOwner ? { toolOwner: known.toolOwner } : {}),
        ...(known?.value ? { value: known.value } : {}),
        closed: payload.change === 'deal.deletion' || CLOSED.test(stage ?? '') || (known?.closed ?? false),
        lastActivityAt: known?.lastActivityAt ?? at,
      },
      at,
    );
  },
};
